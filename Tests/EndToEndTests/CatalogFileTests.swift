import Foundation
import TestSupport
import Testing
@testable import Catalog

/// What the binary does with a catalog path that is not a healthy catalog of ours: another
/// application's database, an empty or truncated file, a directory, an older schema with
/// a half-applied migration, a folder this user cannot write (issue: nothing lost, nothing
/// harmed, items 5, 8 and 10). Every refusal is one line, exit 65 or 66, and no byte changes.
@Suite(.serialized) struct CatalogFileTests {
    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func anotherApplicationsDatabaseIsNeverWritten() throws {
        let scratch = Scratch()
        let path = scratch.path("photos.db")
        do {
            let foreign = try Connection(path: path)
            try foreign.execute("CREATE TABLE album (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO album VALUES (1, 'summer');")
        }
        let before = try #require(Self.bytes(path))
        for command in [["runs"], ["info"], ["edges", "--run", "1"], ["doctor"], ["import", "regulators", scratch.write("r.txt", "ZEB1\n")], ["explore"]] {
            let result = try samplenet(command + ["--catalog", path])
            #expect(result.status == 65, "\(command): \(result.status) \(result.stderr)")
            let text = command == ["doctor"] ? result.stdout : result.stderr
            #expect(text.contains("another application's SQLite database (tables: album)"), "\(command): \(text)")
            #expect(Self.bytes(path) == before, "\(command) changed the file")
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func emptyNotADatabaseTruncatedAndDirectoryAreRefused() throws {
        let scratch = Scratch()
        let empty = scratch.write("empty.sqlite", "")
        let text = scratch.write("notes.sqlite", "these are my notes, not a database\n")
        let directory = scratch.path("folder.sqlite")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let sample = try copyOfSampleCatalog()
        let whole = try #require(Self.bytes(sample))
        let truncated = scratch.path("truncated.sqlite")
        FileManager.default.createFile(atPath: truncated, contents: whole.prefix(whole.count / 3))

        for (path, message) in [(empty, "is empty, not a SampleNet catalog"), (text, "not an SQLite database"),
                                (directory, "is a directory"), (truncated, "is damaged")] {
            let before = Self.bytes(path)
            for command in [["runs"], ["info"], ["profile", "--modulator", "emt", "--targets", "CDH1"], ["runs", "delete", "1"]] {
                let result = try samplenet(command + ["--catalog", path])
                #expect(result.status == 65, "\(path) \(command): \(result.status) \(result.stderr)")
                #expect(result.stderr.hasPrefix("samplenet: \(path): ") && result.stderr.contains(message), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
                #expect(Self.bytes(path) == before, "\(command) changed \(path)")
            }
        }
        // doctor reports rather than aborts: the damaged file's integrity check is listed.
        let doctor = try samplenet("doctor", "--catalog", truncated, "--format", "tsv")
        #expect(doctor.status == 65)
        #expect(doctor.stdout.contains("catalog\terror") && doctor.stdout.contains("integrity\terror"), "\(doctor.stdout)")
        // import expression may turn an empty file into a catalog: that is what it is for.
        let created = try samplenet("import", "expression", scratch.write("e.tsv", "GENE\tA549\tMCF7\nCDH1\t1\t2\n"), "--catalog", empty)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try Catalog(path: empty, mustExist: true).cellLines().count == 2)
    }

    /// A catalog whose user_version says 4 although its run table already has the v5 column
    /// (a migration cut short by another tool) migrates instead of failing.
    @Test func aHalfAppliedMigrationCompletes() throws {
        let catalog = try copyOfSampleCatalog()
        do {
            let c = try Connection(path: catalog)
            try c.execute("PRAGMA user_version = 4")
        }
        let runs = try samplenet("runs", "--catalog", catalog)
        #expect(runs.status == 0, "\(runs.stderr)")
        let c = try Connection(path: catalog)
        #expect(try c.scalar("PRAGMA user_version")?.int == Catalog.schemaVersion)
        let columns = try c.rows("SELECT name FROM pragma_table_info('run')").compactMap { $0.first?.string }
        #expect(columns.filter { $0 == "threads" }.count == 1 && columns.contains("process_start"))
    }

    /// A shared catalog in a folder this user cannot write is read, not refused. Run as the
    /// unprivileged user `nobody` (root ignores permissions); skipped with a note where that
    /// cannot be arranged.
    @Test func aReadOnlyFolderIsReadNotRefused() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("note: aReadOnlyFolderIsReadNotRefused needs root and setpriv to act as another user; skipped")
            return
        }
        // A world-readable copy of the binary and a folder only root can write.
        let shared = testScratchFolder.appendingPathComponent("shared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let binary = shared + "/samplenet"
        try FileManager.default.copyItem(atPath: samplenetBinary, toPath: binary)
        let catalog = shared + "/catalog.sqlite"
        try FileManager.default.copyItem(atPath: try copyOfSampleCatalog(), toPath: catalog)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: catalog)
        var ancestor = URL(fileURLWithPath: shared)
        while ancestor.path != "/" {
            let mode = (try FileManager.default.attributesOfItem(atPath: ancestor.path)[.posixPermissions] as? Int) ?? 0
            guard mode & 0o005 == 0o005 else {
                print("note: \(ancestor.path) is not searchable by other users; aReadOnlyFolderIsReadNotRefused skipped")
                return
            }
            ancestor.deleteLastPathComponent()
        }
        let before = try #require(Self.bytes(catalog))
        func asNobody(_ arguments: [String]) throws -> RunResult {
            try runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments + ["--catalog", catalog])
        }
        for command in [["runs"], ["info"], ["doctor"]] {
            let result = try asNobody(command)
            #expect(result.status == 0, "\(command): \(result.status) \(result.stderr) \(result.stdout)")
        }
        let list = shared + "/regulators.txt"
        FileManager.default.createFile(atPath: list, contents: Data("ZEB1\nSNAI2\n".utf8), attributes: [.posixPermissions: 0o644])
        let write = try asNobody(["import", "regulators", list])
        #expect(write.status == 66 && write.stderr.contains("cannot be written"), "\(write.status) \(write.stderr)")
        #expect(Self.bytes(catalog) == before)
    }
}
