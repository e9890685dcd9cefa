import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Byte-order marks, NUL bytes, over-long names and case-only clashes, through every importer
/// that reads lines (issue: nothing lost, nothing harmed, item 9).
@Suite struct EncodingAndNameTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func aByteOrderMarkIsNotPartOfTheFirstField() throws {
        let scratch = Scratch()
        // Expression: the BOM would glue itself to GENE and fail the header check.
        let catalog = try scratch.catalog()
        let expression = scratch.writeBytes("e.tsv", Self.bom + Array(expressionFixture.utf8))
        _ = try ExpressionImporter.run(path: expression, into: catalog)
        #expect(try catalog.cellLines().count == 5)
        // Regulators: the first symbol is kept.
        let regulators = scratch.writeBytes("r.txt", Self.bom + Array("ZEB1\nGRHL2\n".utf8))
        let report = try RegulatorImporter.run(path: regulators, into: catalog)
        #expect(report.summary.contains("set 2 regulators"), "\(report.summary)")
        #expect(Set(try catalog.genes().filter(\.isRegulator).map(\.symbol)) == ["ZEB1", "GRHL2"])
        // Annotation: the CELL_KEY column is found.
        let annotation = scratch.writeBytes("a.tsv", Self.bom + Array("CELL_KEY\tTISSUE\nMCF7\tbreast\nA549\tlung\n".utf8))
        _ = try AnnotationImporter.run(path: annotation, into: catalog)
        #expect(try catalog.cellLines().first { $0.key == "A549" }?.tissue == "lung")
        // Modulator: the header is recognised and every line counted.
        let modulator = scratch.writeBytes("m.tsv", Self.bom + Array("cell\tvalue\nMCF7\t1\nA549\t2\n".utf8))
        let m = try ModulatorImporter.run(path: modulator, into: catalog, options: .init(name: "m"))
        #expect(m.summary.contains("2 values"), "\(m.summary)")
    }

    @Test func aNULByteIsRefusedWithItsLineAndColumn() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        let path = scratch.writeBytes("n.txt", Array("ZEB1\nZNF704".utf8) + [0] + Array("X\n".utf8))
        #expect {
            _ = try RegulatorImporter.run(path: path, into: catalog)
        } throws: { error in
            let e = error as? InputError
            return e?.line == 2 && e?.problem.contains("NUL byte at column 7") == true && e?.kind == .badData
        }
        #expect(try dump(catalog) == before)
    }

    @Test func namesAreLimitedAndCaseClashesReported() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        let long = String(repeating: "A", count: 100_000)
        let tooLong = scratch.write("long.tsv", "GENE\tMCF7\n\(long)\t1\n")
        #expect { _ = try ExpressionImporter.run(path: tooLong, into: catalog) } throws: {
            ($0 as? InputError)?.line == 2 && ($0 as? InputError)?.problem.contains("100000 characters long") == true
        }
        let clash = scratch.write("clash.tsv", "GENE\tMCF7\tA549\nCDH1\t1\t2\ncdh1\t3\t4\nVIM\t1\t0\n")
        let report = try ExpressionImporter.run(path: clash, into: catalog)
        #expect(report.notes.contains { $0.contains("differ only in letter case") && $0.contains("CDH1/cdh1") }, "\(report.notes)")
        #expect(Set(try catalog.genes().map(\.symbol)) == ["CDH1", "cdh1", "VIM"])     // kept, verbatim
    }

    @Test func aConstantModulatorIsImportedWithAWarning() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let flat = scratch.write("flat.tsv", "cell\tvalue\nMCF7\t2\nA549\t2\nT-47D\t2\n")
        let report = try ModulatorImporter.run(path: flat, into: catalog, options: .init(name: "flat"))
        #expect(report.notes.contains { $0.contains("constant modulator") }, "\(report.notes)")
        let two = scratch.write("two.tsv", "cell\tvalue\nMCF7\t2\nA549\t3\nT-47D\t2\n")
        let second = try ModulatorImporter.run(path: two, into: catalog, options: .init(name: "two"))
        #expect(second.notes.contains { $0.contains("only 2 distinct values") }, "\(second.notes)")
    }

    @Test func networkTablesRefuseMissingBetasAndSelfEdgesAndReportOutsideRegulators() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try RegulatorImporter.run(path: scratch.write("r.txt", "ZEB1\n"), into: catalog)
        let nan = scratch.write("nan.tsv", "cell\tregulator\ttarget\tbeta\nMCF7\tZEB1\tCDH1\tNaN\n")
        #expect { _ = try NetworkReader.read(path: nan, catalog: catalog) } throws: { ($0 as? InputError)?.problem.contains("missing beta") == true }
        let selfEdge = scratch.write("self.tsv", "cell\tregulator\ttarget\tbeta\nMCF7\tVIM\tVIM\t0.5\n")
        #expect { _ = try NetworkReader.read(path: selfEdge, catalog: catalog) } throws: { ($0 as? InputError)?.problem.contains("self-edge") == true }
        let outside = scratch.write("outside.tsv", "cell\tregulator\ttarget\tbeta\nMCF7\tGRHL2\tCDH1\t0.5\nMCF7\tZEB1\tCDH1\t0.25\n")
        let table = try NetworkReader.read(path: outside, catalog: catalog)
        #expect(table.edges.count == 2)
        #expect(table.notes.count == 1 && table.notes[0].contains("GRHL2"), "\(table.notes)")
    }
}
