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
    /// Refuses, with a one-line `InputError` and without writing a byte, a directory, a file
    /// that is not an SQLite database or is damaged, another application's database, and an
    /// empty file unless the command creates catalogs (`mustExist` false).
    public init(path: String, mustExist: Bool = false, readOnly: Bool = false) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue { throw InputError.badData(file: path, line: nil, problem: "is a directory, not a catalog file") }
        if (mustExist || readOnly) && !exists {
            throw InputError.missing(file: path, problem: "no catalog here; create one with `samplenet import expression FILE --catalog \(path)`")
        }
        if exists && !readOnly {
            let folder = (path as NSString).deletingLastPathComponent
            if !FileManager.default.isWritableFile(atPath: path) || !FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
                throw InputError.missing(file: path, problem: "cannot be written (read-only file or folder); this command writes to the catalog")
            }
        }
        self.path = path
        do {
            var opened = try Connection(path: path, mode: readOnly ? .readOnly : .readWrite)
            if readOnly, (try? opened.scalar("PRAGMA user_version")) == nil {
                // A WAL catalog in a folder we cannot write has no -shm to share: read it as an
                // immutable file (nobody can be writing it from here either).
                opened = try Connection(path: path, mode: .immutable)
            }
            connection = opened
            try Catalog.checkIdentity(connection, path: path, mayInitialise: !mustExist && !readOnly)
            try connection.execute("PRAGMA foreign_keys = ON")
            if !readOnly {
                try connection.execute("PRAGMA journal_mode = WAL")
                try connection.execute("PRAGMA synchronous = NORMAL")
            }
            try migrate(readOnly: readOnly)
        } catch let error as SQLiteError {
            throw Catalog.explain(error, path: path)
        }
    }

    /// Opens an existing catalog for a command that only reads: read-write when the file and
    /// its folder are writable (so an older schema migrates and WAL works), read-only
    /// otherwise (a shared catalog in a folder this user cannot write).
    public static func openForReading(path: String) throws -> Catalog {
        let folder = (path as NSString).deletingLastPathComponent
        let writable = FileManager.default.isWritableFile(atPath: path)
            && FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
        return try Catalog(path: path, mustExist: true, readOnly: !writable)
    }

    /// Is this file ours? user_version 0 with no tables is a new (or empty) file; 0 with
    /// tables, or a version without our `meta` table, is another application's database.
    private static func checkIdentity(_ connection: Connection, path: String, mayInitialise: Bool) throws {
        let version = try connection.scalar("PRAGMA user_version")?.int ?? 0
        let tables = try connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .compactMap { $0.first?.string }
        if !tables.isEmpty && (version == 0 || !tables.contains("meta") || !tables.contains("run")) {
            throw InputError.badData(file: path, line: nil, problem: "is another application's SQLite database (tables: \(tables.prefix(5).joined(separator: ", "))\(tables.count > 5 ? ", ..." : "")), not a SampleNet catalog; nothing was changed")
        }
        if tables.isEmpty && !mayInitialise {
            throw InputError.badData(file: path, line: nil, problem: "is empty, not a SampleNet catalog; create one with `samplenet import expression FILE --catalog \(path)`")
        }
    }

    /// A one-line explanation of an SQLite failure to open or read the catalog.
    static func explain(_ error: SQLiteError, path: String) -> InputError {
        switch error.primaryCode {
        case SQLiteError.notADatabase:
            return .badData(file: path, line: nil, problem: "is not a SampleNet catalog (not an SQLite database)")
        case SQLiteError.corrupt:
            return .badData(file: path, line: nil, problem: "is damaged (\(error.message)); `samplenet doctor --catalog \(path)` reports what SQLite's integrity check finds")
        case SQLiteError.readOnly:
            return .missing(file: path, problem: "cannot be written (read-only file or folder); this command writes to the catalog")
        default:
            return .missing(file: path, problem: "cannot be opened: \(error.message)")
        }
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
                problem: "catalog schema version \(version) is older than this samplenet's \(Schema.currentVersion): any command run by a user who can write it (e.g. `samplenet runs`) migrates it")
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
