import Foundation

/// The SampleNet catalog: one SQLite file (WAL mode, foreign keys on) holding cell lines,
/// genes, expression, modulators, runs and edges. The only type in the project that holds
/// a database connection; every write goes through `write(_:)`, one transaction each.
public final class Catalog {
    public let connection: Connection
    public let path: String

    /// The schema version this build reads and writes.
    public static var schemaVersion: Int { Schema.currentVersion }

    /// Where a command's catalog lives: `--catalog PATH`, else `$SAMPLENET_CATALOG`,
    /// else `./samplenet.sqlite`.
    public static func resolvePath(_ option: String?,
                                   environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let env = environment["SAMPLENET_CATALOG"], !env.isEmpty { return env }
        return "samplenet.sqlite"
    }

    /// Opens (creating if needed, unless `mustExist`) and migrates the catalog at `path`.
    public init(path: String, mustExist: Bool = false, readOnly: Bool = false) throws {
        if (mustExist || readOnly) && !FileManager.default.fileExists(atPath: path) {
            throw InputError.missing(file: path, problem: "no catalog here; create one with `samplenet import expression FILE --catalog \(path)`")
        }
        self.path = path
        connection = try Connection(path: path, mode: readOnly ? .readOnly : .readWrite)
        try connection.execute("PRAGMA foreign_keys = ON")
        if !readOnly {
            try connection.execute("PRAGMA journal_mode = WAL")
            try connection.execute("PRAGMA synchronous = NORMAL")
        }
        try migrate(readOnly: readOnly)
    }

    /// The schema version stored in the file.
    public func storedSchemaVersion() throws -> Int {
        try connection.scalar("PRAGMA user_version")?.int ?? 0
    }

    private func migrate(readOnly: Bool) throws {
        let version = try storedSchemaVersion()
        if version > Schema.currentVersion {
            throw InputError.badData(file: path, line: nil,
                problem: "catalog schema version \(version) is newer than this samplenet supports (\(Schema.currentVersion)); upgrade samplenet")
        }
        guard version < Schema.currentVersion else { return }
        if readOnly {
            throw InputError.badData(file: path, line: nil,
                problem: "catalog schema version \(version) needs migrating; open it once without read-only")
        }
        try connection.transaction {
            for index in version..<Schema.currentVersion {
                try connection.execute(Schema.migrations[index])
                try Schema.migrationCode[index + 1]?(connection)
            }
            try connection.execute("PRAGMA user_version = \(Schema.currentVersion)")
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; an error rolls everything back.
    public func write<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction(body)
    }

    /// A cheap change counter for watchers: changes whenever another connection commits.
    public func dataVersion() throws -> Int {
        try connection.scalar("PRAGMA data_version")?.int ?? 0
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Seconds since 1970 of a timestamp as `timestamp` writes it (nil if it is not one).
    public static func seconds(fromTimestamp text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}
