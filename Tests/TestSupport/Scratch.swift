import Foundation
@testable import Catalog

/// A temporary folder with helpers to write fixture files and open catalogs in it.
public final class Scratch {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("samplenet-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let p = path(name)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    public func writeBytes(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path(name)
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    /// gzip-compresses a file with the system gzip (keeps the original).
    public func gzip(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-kf", file]
        try process.run()
        process.waitUntilExit()
        return file + ".gz"
    }

    public func catalog(_ name: String = "catalog.sqlite") throws -> Catalog { try Catalog(path: path(name)) }
}

/// The repository root, for tests that read sample-data/ and committed fixtures.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Every row of every table, as text: two equal dumps mean an unchanged catalog.
public func dump(_ catalog: Catalog) throws -> String {
    let tables = try catalog.connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .compactMap { $0.first?.string }
    var out = ""
    for table in tables {
        out += "## \(table)\n"
        for row in try catalog.connection.rows("SELECT * FROM \(table) ORDER BY 1, 2") {
            out += row.map { "\($0)" }.joined(separator: "|") + "\n"
        }
    }
    return out
}

/// `dump` of the catalog file at `path`.
public func dump(_ path: String) throws -> String {
    try dump(try Catalog(path: path, mustExist: true))
}

/// A SHA-256 of every row of every table, the schema and the user_version (BLOBs hashed as
/// bytes): `dump`'s meaning at a fraction of its cost, for catalogs the size of the sample.
/// Opens the file read-only, so taking it changes nothing.
/// `tables` limits it to those tables.
public func fingerprint(_ path: String, tables only: Set<String>? = nil) throws -> String {
    let connection = try Connection(path: path, mode: .readOnly)
    var hasher = SHA256()
    hasher.update("user_version \(try connection.scalar("PRAGMA user_version")?.int ?? -1)\n")
    let tables = try connection.rows("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    for table in tables {
        guard let name = table[0].string, only?.contains(name) ?? true else { continue }
        hasher.update("## \(name) \(table[1].string ?? "")\n")
        let statement = try connection.prepare("SELECT * FROM \"\(name)\" ORDER BY 1, 2")
        while try statement.step() {
            for column in 0..<statement.columnCount {
                switch statement.value(column) {
                case let .blob(bytes): hasher.update(bytes)
                case let other: hasher.update("\(other)")
                }
                hasher.update("|")
            }
            hasher.update("\n")
        }
    }
    return hasher.hexDigest()
}
