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
