import Foundation
import TestSupport
import Testing
@testable import Catalog

/// gdsctools' wide `COSMIC_ID,Drug_<ID>_IC50` matrix (a committed subset of the real
/// IC50_v17.csv.gz: Fixtures/README.md): the chosen column, matched by COSMIC ID, equals the
/// file's numbers read independently.
@Suite struct WideResponseTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/IC50_v17_subset.csv.gz").path

    /// The file's text by the system's gzip (independent of the project's reader).
    static func text() throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", fixture]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func drugColumnImportsByCOSMICID() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        _ = try ExpressionImporter.run(path: scratch.write("plain.tsv", "GENE\tMCF-7\tA549\tHCC-827\tNOPE\nCDH1\t1\t2\t3\t4\n"), into: catalog)
        _ = try AnnotationImporter.run(path: scratch.write("keys.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nA549\t905949\nHCC827\t1240146\n"), into: catalog)
        var options = ResponseImporter.Options(drug: "gefitinib")
        options.drugID = 1010
        let report = try ResponseImporter.run(path: Self.fixture, into: catalog, options: options)
        #expect(report.summary.contains("Drug_1010_IC50"))
        // The same numbers, read from the decompressed text.
        let lines = try Self.text().split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(header.firstIndex(of: "Drug_1010_IC50"))
        var expected: [Int: Double] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if let cosmic = Int(f[0]), let v = Double(f[column]) { expected[cosmic] = v }
        }
        let stored = try catalog.modulatorValues(try #require(try catalog.modulator(named: "gefitinib"))).values
        let cells = try catalog.cellLines()
        for cell in cells where stored[cell.id] != nil {
            #expect(stored[cell.id] == expected[cell.cosmicID ?? -1], "\(cell.key)")
        }
        #expect(stored.count == [905946, 905949, 1240146].filter { expected[$0] != nil }.count)
    }

    @Test func wideMatrixNeedsTheDrugIDAndAnExistingColumn() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        #expect { _ = try ResponseImporter.run(path: Self.fixture, into: catalog, options: .init(drug: "gefitinib")) } throws: { error in
            (error as? InputError)?.problem.contains("pass --drug-id") == true
        }
        var options = ResponseImporter.Options(drug: "x")
        options.drugID = 99999
        #expect { _ = try ResponseImporter.run(path: Self.fixture, into: catalog, options: options) } throws: { error in
            (error as? InputError)?.problem.contains("no column Drug_99999_IC50") == true
        }
        let bad = scratch.write("w.csv", "COSMIC_ID,Drug_1_IC50\n905946,abc\n")
        options.drugID = 1
        #expect { _ = try ResponseImporter.run(path: bad, into: catalog, options: options) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.line == 2 && e.problem.contains("\"abc\" is not a number")
        }
        #expect(try dump(catalog) == before)
    }
}
