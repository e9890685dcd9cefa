import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The committed corpus of malformed files (Fixtures/malformed, listed in its cases.tsv) run
/// through every importer of the binary against a copy of the sample catalog: each gives
/// its exit status and one `FILE:LINE: problem` line on stderr, and the catalog is exactly
/// as it was.
@Suite(.serialized) struct MalformedCorpusTests {
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var command: [String]
        var status: Int32
        var message: String
        var description: String { file }
    }

    static let folder = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/malformed")

    static let cases: [Case] = {
        let text = (try? String(contentsOf: folder.appendingPathComponent("cases.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, let status = Int32(f[2]) else { return nil }
            return Case(file: f[0], command: f[1].split(separator: " ").map(String.init), status: status, message: f[3])
        }
    }()

    @Test func theCorpusIsThere() {
        #expect(Self.cases.count >= 35, "cases.tsv lists \(Self.cases.count) cases")
        let importers = Set(Self.cases.map { $0.command.prefix(2).joined(separator: " ") })
        #expect(importers == ["import expression", "import modulator", "import regulators", "import annotation", "import response", "import network"])
    }

    @Test func everyMalformedFileIsRefusedAndChangesNothing() throws {
        let catalog = try copyOfSampleCatalog()
        let before = try fingerprint(catalog)
        for c in Self.cases {
            let path = Self.folder.appendingPathComponent(c.file).path
            let result = try samplenet(c.command + [path, "--catalog", catalog])
            #expect(result.status == c.status, "\(c.file): exit \(result.status), stderr \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(c.file): one line on stderr, got \(result.stderr)")
            #expect(result.stderr.hasPrefix("samplenet: \(path)"), "\(c.file): the error names the file: \(result.stderr)")
            #expect(result.stderr.contains(c.message), "\(c.file): expected \"\(c.message)\" in \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(c.file): nothing on stdout")
        }
        #expect(try fingerprint(catalog) == before, "a refused file changed the catalog")
    }

    /// Generated, not committed: a 17 MiB file without a line break is refused at the line
    /// limit instead of being buffered whole.
    @Test func aHugeSingleLineIsRefusedEarly() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let path = scratch.path("one-line.tsv")
        FileManager.default.createFile(atPath: path, contents: Data(repeating: UInt8(ascii: "7"), count: (LineReader.maxLineBytes) + (1 << 20)))
        let before = try fingerprint(catalog)
        let result = try samplenet("import", "expression", path, "--catalog", catalog)
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):1: line longer than 16 MiB"), "\(result.stderr)")
        #expect(result.peakRSSKiB < 400_000, "peak RSS \(result.peakRSSKiB) KiB")
        #expect(try fingerprint(catalog) == before)
    }
}
