import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Issue 7: exports re-imported give the same edges. A run written by `samplenet edges`
/// (TSV and CSV), `export wide` and `export network --cell` and read back by `import
/// network` prints exactly the original's `samplenet edges`; malformed tables are refused
/// with file and line and change nothing.
@Suite(.serialized) struct NetworkRoundTripTests {
    func write(_ text: String, _ name: String) throws -> String {
        let path = testScratchFolder.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func importRun(_ file: String, _ catalog: String, _ extra: String...) throws -> String {
        let result = try samplenet(["import", "network", file, "--modulator", "gefitinib", "--catalog", catalog] + extra)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func exportsReimportToTheSameEdges() throws {
        let catalog = try ExportCommandTests.profiledCatalog()
        let original = try samplenet("edges", "--run", "1", "--catalog", catalog).stdout
        #expect(original.split(separator: "\n").count > 1000)
        let tsv = try write(original, "edges.tsv")
        let csv = try write(try samplenet("edges", "--run", "1", "--format", "csv", "--catalog", catalog).stdout, "edges.csv")
        let wide = try write(try samplenet("export", "wide", "--run", "1", "--catalog", catalog).stdout, "wide.tsv")
        for (file, layout) in [(tsv, "long"), (csv, "long"), (wide, "wide")] {
            let run = try importRun(file, catalog)
            let back = try samplenet("edges", "--run", run, "--catalog", catalog).stdout
            #expect(back == original, "\(layout) table \(file) read back as run \(run) differs")
        }
        // One line's network export (no cell column) with --cell.
        let single = try write(try samplenet("export", "network", "--run", "1", "--cell", "HCC827", "--format", "tsv", "--catalog", catalog).stdout,
                               "hcc827.tsv")
        let run = try importRun(single, catalog, "--cell", "HCC827")
        #expect(try samplenet("edges", "--run", run, "--catalog", catalog).stdout
                == (try samplenet("edges", "--run", "1", "--cell", "HCC827", "--catalog", catalog).stdout))
        // The imported run is a finished run of the modulator, browsable like any other.
        let runs = try Catalog(path: catalog, mustExist: true).runs()
        #expect(runs.last?.status == .finished && runs.last?.modulator == "gefitinib")
        #expect(runs.allSatisfy { $0.cells == runs[0].cells && $0.cellsSkipped == runs[0].cellsSkipped })   // the same cell lines as the original
        // It has no inputs to export or fits to resume.
        let inputs = try samplenet("export", "inputs", "--run", run, "--catalog", catalog)
        #expect(inputs.status != 0 && inputs.stderr.contains("imported from an edge table"))
    }

    @Test(arguments: [
        ("cell\tregulator\ttarget\tbeta\nHCC827\tZEB1\tCDH1\t0.5\nHCC827\tNOTAGENE\tCDH1\t0.1\n", 3, "unknown gene NOTAGENE"),
        ("cell\tregulator\ttarget\tbeta\nHCC827\tZEB1\tCDH1\t0.5\nNOSUCHLINE\tZEB1\tCDH1\t0.1\n", 3, "unknown cell line NOSUCHLINE"),
        ("cell\tregulator\ttarget\tbeta\nHCC827\tZEB1\tCDH1\tstrong\n", 2, "\"strong\" is not a number"),
        ("cell\tregulator\ttarget\tbeta\nHCC827\tZEB1\tCDH1\t0.5\nHCC-827\tZEB1\tCDH1\t0.4\n", 3, "the same cell line, regulator and target as line 2"),
        ("cell\tregulator\ttarget\tbeta\nHCC827\tZEB1\tCDH1\n", 2, "expected 4 fields"),
        ("gene\tvalue\nCDH1\t1\n", 1, "expected a long edge table"),
    ])
    func malformedTablesChangeNothing(_ content: String, _ line: Int, _ problem: String) throws {
        let catalog = try copyOfSampleCatalog()
        let before = try dump(catalog)
        let file = try write(content, "bad.tsv")
        let result = try samplenet("import", "network", file, "--modulator", "gefitinib", "--catalog", catalog)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("\(file):\(line): ") && result.stderr.contains(problem), "\(result.stderr)")
        #expect(try dump(catalog) == before)
    }
}
