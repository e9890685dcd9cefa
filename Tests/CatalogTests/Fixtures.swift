import Foundation
@testable import Catalog

/// A temporary folder with helpers to write fixture files and open catalogs in it.
final class Scratch {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("samplenet-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = path(name)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func writeBytes(_ name: String, _ bytes: [UInt8]) -> String {
        let p = path(name)
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    /// gzip-compresses a file with the system gzip (keeps the original).
    func gzip(_ file: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-kf", file]
        try process.run()
        process.waitUntilExit()
        return file + ".gz"
    }

    func catalog(_ name: String = "catalog.sqlite") throws -> Catalog { try Catalog(path: path(name)) }
}

/// The repository root, for tests that read sample-data/.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A small genes x cells table with real cell-line names and a missing value.
let expressionFixture = """
GENE\tMDA-MB-231\tMCF7\tHs 578T\tT-47D\tA549
CDH1\t-1.5\t2.25\t-1.0\t1.75\t0.5
VIM\t2.0\t-1.25\t1.5\t-1.0\t0.25
ZEB1\t1.0\t-0.5\tNA\t-0.75\t0.125
GRHL2\t-0.5\t1.5\t-0.25\t1.25\t0.0
EGFR\t0.1\t0.2\t0.3\t0.4\t0.5

"""

/// Every row of every table, as text: two equal dumps mean an unchanged catalog.
func dump(_ catalog: Catalog) throws -> String {
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

/// Imports the fixture expression and returns the catalog.
func fixtureCatalog(_ scratch: Scratch) throws -> Catalog {
    let catalog = try scratch.catalog()
    _ = try ExpressionImporter.run(path: scratch.write("expr.tsv", expressionFixture), into: catalog)
    return catalog
}
