import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The expression layouts of ExpressionReader, on fixtures whose headers are the published
/// ones (as GDSC, GCT 1.2 and DepMap publish them): values, cell matching by COSMIC ID, the stated duplicate
/// rule, and clear errors that change nothing.
@Suite struct ExpressionFormatTests {
    /// A catalog whose three lines carry their real COSMIC IDs (cell_line_keys.tsv).
    func annotatedCatalog(_ scratch: Scratch) throws -> Catalog {
        let catalog = try scratch.catalog()
        _ = try ExpressionImporter.run(path: scratch.write("plain.tsv", "GENE\tMCF-7\tA549\tHCC-827\nCDH1\t1\t2\t3\n"), into: catalog)
        _ = try AnnotationImporter.run(path: scratch.write("keys.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nA549\t905949\nHCC827\t1240146\n"), into: catalog)
        return catalog
    }

    func matrix(_ catalog: Catalog) throws -> [String: [String: Double]] {
        let e = try catalog.expression()
        var out: [String: [String: Double]] = [:]
        for (g, gene) in e.genes.enumerated() { for (c, cell) in e.cells.enumerated() { out[gene, default: [:]][cell.key] = e.value(gene: g, cell: c) } }
        return out
    }

    @Test func gdscRMAMatchesByCOSMICIDDropsEmptySymbolsAndKeepsTheMostVariableDuplicate() throws {
        let scratch = Scratch()
        let catalog = try annotatedCatalog(scratch)
        let path = scratch.write("Cell_line_RMA_proc_basalExp.txt", """
            GENE_SYMBOLS\tGENE_title\tDATA.906826\tDATA.905946\tDATA.905949
            TSPAN6\ttetraspanin 6 [Source:HGNC Symbol;Acc:11858]\t7.632023171\t7.548670815\t8.712338373
            \t\t3.1\t3.2\t3.3
            TNMD\ttenomodulin [Source:HGNC Symbol;Acc:17757]\t2.9645\t2.7771\t2.6435
            TSPAN6\tsecond probe set\t1.0\t9.0\t5.0

            """)
        let report = try ExpressionImporter.run(path: path, into: catalog)
        #expect(report.notes.contains { $0.contains("1 rows without a gene symbol dropped") })
        #expect(report.notes.contains { $0.contains("1 rows repeat a gene symbol") && $0.contains("largest variance") })
        let m = try matrix(catalog)
        #expect(m["TSPAN6"]?["MCF7"] == 9.0 && m["TSPAN6"]?["A549"] == 5.0)       // the second, more variable row
        #expect(m["TNMD"]?["MCF7"] == 2.7771)
        #expect(m["CDH1"] == nil, "the matrix is replaced")
        let cells = try catalog.cellLines()
        #expect(cells.first { $0.cosmicID == 906826 }?.key == "COSMIC906826", "an unknown COSMIC ID becomes its own line")
        #expect(cells.first { $0.key == "MCF7" }?.hasExpression == true && cells.first { $0.key == "HCC827" }?.hasExpression == false)
    }

    @Test func gct12ReadsNamesSkipsDescriptions() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        let path = scratch.write("ccle.gct", "#1.2\n2\t2\nName\tDescription\tMCF7_BREAST\tA549_LUNG\nCDH1\tcadherin 1\t10.5\tNA\nVIM\tvimentin\t3\t12.25\n")
        _ = try ExpressionImporter.run(path: path, into: catalog)
        let m = try matrix(catalog)
        #expect(m["CDH1"]?["MCF7BREAST"] == 10.5 && m["CDH1"]?["A549LUNG"]?.isNaN == true && m["VIM"]?["A549LUNG"] == 12.25)
    }

    @Test func depMapCellsByGenesIsTransposedAndNamedByTheModelTable() throws {
        let scratch = Scratch()
        let catalog = try annotatedCatalog(scratch)
        let models = scratch.write("Model.csv", """
            ModelID,PatientID,CellLineName,StrippedCellLineName,DepmapModelType,OncotreeLineage,COSMICID,SangerModelID
            ACH-000019,PT-fK7ZcW,MCF7,MCF7,BRCA,Breast,905946.0,SIDM00148
            ACH-000681,PT-Vk8ydH,A549,A549,NSCLC,Lung,905949.0,SIDM00903
            ACH-999999,PT-x,NEW-1,NEW1,NSCLC,Lung,,SIDM0

            """)
        let path = scratch.write("OmicsExpressionProteinCodingGenesTPMLogp1.csv",
                                 ",TSPAN6 (7105),TNMD (64102),CDH1 (999)\nACH-000019,4.5,0.0,9.25\nACH-000681,5.0,0.1,1.5\nACH-999999,1,2,3\n")
        _ = try ExpressionImporter.run(path: path, into: catalog, models: try ExpressionReader.models(path: models))
        let m = try matrix(catalog)
        #expect(m["CDH1"]?["MCF7"] == 9.25 && m["CDH1"]?["A549"] == 1.5 && m["TSPAN6"]?["A549"] == 5.0 && m["TNMD"]?["NEW1"] == 2)
        // Without the model table the ModelIDs are the names; --orient is not needed either way.
        let bare = try scratch.catalog("bare.sqlite")
        _ = try ExpressionImporter.run(path: path, into: bare)
        #expect(try matrix(bare)["CDH1"]?["ACH000019"] == 9.25)
    }

    @Test func plainCellsByGenesNeedsTheOrientationWhenHeadersAreBareSymbols() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        let path = scratch.write("t.csv", "cell,CDH1,VIM\nMCF7,1,2\nA549,3,4\n")
        #expect(throws: InputError.self) { _ = try ExpressionImporter.run(path: path, into: catalog) }
        _ = try ExpressionImporter.run(path: path, into: catalog, orientation: .cellsByGenes)
        #expect(try matrix(catalog)["VIM"]?["A549"] == 4)
        let gz = try scratch.gzip(scratch.write("g.csv", "GENE,MCF7,A549\nCDH1,5,6\n"))
        _ = try ExpressionImporter.run(path: gz, into: catalog)
        #expect(try matrix(catalog)["CDH1"]?["A549"] == 6)
    }

    /// Issue 18 item 11: the bar follows the bytes read, not the rows kept. A GDSC RMA file
    /// whose second half has no gene symbols (dropped rows) used to sit at 50% and jump to
    /// 100%; a DepMap file (read whole before its first row) sat at 0%.
    @Test func progressFollowsTheBytesReadEvenWhereRowsAreDropped() throws {
        let scratch = Scratch()
        let cells = (1...12).map { "DATA.\(900_000 + $0)" }
        var text = "GENE_SYMBOLS\tGENE_title\t" + cells.joined(separator: "\t") + "\n"
        let values = (1...12).map { String(format: "%.6f", Double($0) / 7) }.joined(separator: "\t")
        for g in 0..<20_000 { text += (g < 10_000 ? "G\(g)" : "") + "\tgene \(g)\t" + values + "\n" }
        let gdsc = scratch.write("Cell_line_RMA_proc_basalExp.txt", text)
        var depMap = ",\((0..<300).map { "S\($0) (\($0 + 1))" }.joined(separator: ","))\n"
        for c in 0..<1_200 { depMap += "ACH-\(c)," + (0..<300).map { String(Double(($0 * 7 + c) % 97) / 10) }.joined(separator: ",") + "\n" }
        let depMapPath = scratch.write("Omics.csv", depMap)
        for path in [gdsc, depMapPath] {
            var seen: [Double] = []
            _ = try ExpressionImporter.run(path: path, into: try scratch.catalog("\(seen.count)-\((path as NSString).lastPathComponent).sqlite"),
                                           dryRun: true, progress: { seen.append($0) })
            let steps = zip(seen.dropFirst(), seen).map { $0 - $1 }
            #expect(seen.count > 20, "\(path): \(seen.count) reports")
            // Steps are zlib's 128 KiB read buffer (about 0.1 of these ~1.3 MB files); the old bar stepped 0.5.
            #expect(steps.allSatisfy { $0 >= 0 && $0 < 0.2 }, "\(path): largest step \(steps.max() ?? 0)")
            #expect(seen.last == 1)
        }
    }

    static let malformed: [BadInputTests.Case] = [
        .init(name: "GCT missing dimensions", file: "x.gct", content: "#1.2\n", line: 1, problem: "dimensions line"),
        .init(name: "GCT bad dimensions", file: "x.gct", content: "#1.2\ntwo\tthree\nName\tDescription\tA\n", line: 2, problem: "dimensions line should be"),
        .init(name: "GCT truncated", file: "x.gct", content: "#1.2\n3\t1\nName\tDescription\tA\nX\td\t1\n", line: nil, problem: "promise 3 rows, the file has 1"),
        .init(name: "GDSC non-numeric", file: "r.txt", content: "GENE_SYMBOLS\tGENE_title\tDATA.1\nX\tt\tabc\n", line: 2, problem: "\"abc\" is not a number"),
        .init(name: "GDSC column without COSMIC ID", file: "r.txt", content: "GENE_SYMBOLS\tGENE_title\tDATA.x\nX\tt\t1\n", line: 1, problem: "has no COSMIC ID"),
        .init(name: "DepMap duplicate gene", file: "d.csv", content: ",A (1),A (2)\nACH-1,1,2\n", line: 1, problem: "duplicate gene A in columns 2 and 3"),
        .init(name: "DepMap duplicate model", file: "d.csv", content: ",A (1)\nACH-1,1\nACH-1,2\n", line: 3, problem: "duplicate cell line ACH1"),
        .init(name: "DepMap truncated row", file: "d.csv", content: ",A (1),B (2)\nACH-1,1\n", line: 2, problem: "expected 3 fields"),
        .init(name: "wrong encoding", file: "l.tsv", content: "GENE\tA\nX\t1\n", line: 1, problem: "not valid UTF-8"),
    ]

    @Test(arguments: malformed)
    func malformedLayoutsAreRejected(_ c: BadInputTests.Case) throws {
        if c.name == "wrong encoding" {
            let scratch = Scratch()
            let catalog = try fixtureCatalog(scratch)
            let before = try dump(catalog)
            let path = scratch.writeBytes(c.file, Array("GENE\tA\u{e9}".utf8.prefix(7)) + [0xE9, 0x0A] + Array("X\t1\n".utf8))
            #expect(throws: InputError.self) { _ = try ExpressionImporter.run(path: path, into: catalog) }
            #expect(try dump(catalog) == before)
            return
        }
        try BadInputTests().expectRejected(c) { path, catalog in _ = try ExpressionImporter.run(path: path, into: catalog) }
    }
}
