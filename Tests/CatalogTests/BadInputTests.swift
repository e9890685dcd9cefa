import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Every malformed input gives one clear error naming file and line, and leaves the catalog
/// exactly as it was.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var file: String
        var content: String
        var line: Int?
        var problem: String
        var kind: InputError.Kind = .badData
        var description: String { name }
    }

    static let expressionCases: [Case] = [
        Case(name: "empty file", file: "e.tsv", content: "", line: 1, problem: "file is empty"),
        Case(name: "wrong header", file: "e.tsv", content: "PROBE\tA\tB\nX\t1\t2\n", line: 1, problem: "header starting with GENE"),
        Case(name: "header only", file: "e.tsv", content: "GENE\tA\tB\n", line: 1, problem: "no gene rows"),
        Case(name: "truncated row", file: "e.tsv", content: "GENE\tA\tB\nX\t1\t2\nY\t1\n", line: 3, problem: "expected 3 tab-separated fields, found 2"),
        Case(name: "non-numeric", file: "e.tsv", content: "GENE\tA\tB\nX\t1\tabc\n", line: 2, problem: "column 3 (cell B): \"abc\" is not a number"),
        Case(name: "duplicate gene", file: "e.tsv", content: "GENE\tA\tB\nX\t1\t2\nY\t1\t2\nX\t3\t4\n", line: 4, problem: "duplicate gene X (first on line 2)"),
        Case(name: "duplicate cell", file: "e.tsv", content: "GENE\tMCF-7\tMCF7\nX\t1\t2\n", line: 1, problem: "duplicate cell line MCF7 in columns 2 and 3"),
        Case(name: "empty gene symbol", file: "e.tsv", content: "GENE\tA\n\t1\n", line: 2, problem: "empty gene symbol"),
    ]

    /// Writes the case's file, runs `importer` on it, and checks the error (kind, file,
    /// line, problem, `FILE:LINE:` prefix) and that the catalog is unchanged.
    func expectRejected(_ c: Case, by importer: (String, Catalog) throws -> Void) throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        let path = scratch.write(c.file, c.content)
        #expect {
            try importer(path, catalog)
        } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.kind == c.kind && e.file == path && e.line == c.line && e.problem.contains(c.problem)
                && e.description.hasPrefix("\(path):\(c.line.map(String.init) ?? "")")
        }
        #expect(try dump(catalog) == before)
    }

    @Test(arguments: expressionCases)
    func badExpressionFile(_ c: Case) throws {
        try expectRejected(c) { path, catalog in _ = try ExpressionImporter.run(path: path, into: catalog) }
    }

    static let modulatorCases: [Case] = [
        Case(name: "empty", file: "m.tsv", content: "", line: 1, problem: "file is empty"),
        Case(name: "three columns", file: "m.tsv", content: "cell\tvalue\textra\n", line: 1, problem: "two-column header"),
        Case(name: "non-numeric", file: "m.tsv", content: "cell\tvalue\nMCF7\thigh\n", line: 2, problem: "\"high\" is not a number"),
        Case(name: "duplicate cell", file: "m.tsv", content: "cell\tvalue\nMCF7\t1\nA549\t2\nMCF-7\t3\n", line: 4, problem: "duplicate cell line MCF-7 (also on line 2)"),
        Case(name: "no match", file: "m.tsv", content: "cell\tvalue\nFOO\t1\nBAR\t2\n", line: nil, problem: "none of the 2 cell keys matches"),
        Case(name: "malformed row", file: "m.tsv", content: "cell\tvalue\nMCF7\n", line: 2, problem: "expected 2 fields"),
        Case(name: "header only", file: "m.tsv", content: "cell\tvalue\n", line: 1, problem: "no data rows"),
    ]

    @Test(arguments: modulatorCases)
    func badModulatorFile(_ c: Case) throws {
        try expectRejected(c) { path, catalog in _ = try ModulatorImporter.run(path: path, into: catalog, options: .init(name: "m")) }
    }

    @Test func missingFileIsMissingInput() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        for run in [
            { _ = try ExpressionImporter.run(path: scratch.path("nope.tsv"), into: catalog) },
            { _ = try ModulatorImporter.run(path: scratch.path("nope.tsv"), into: catalog, options: .init(name: "m")) },
            { _ = try RegulatorImporter.run(path: scratch.path("nope.txt"), into: catalog) },
            { _ = try AnnotationImporter.run(path: scratch.path("nope.csv"), into: catalog) },
            { _ = try ResponseImporter.run(path: scratch.path("nope.tsv"), into: catalog, options: .init(drug: "x")) },
        ] as [() throws -> Void] {
            #expect { try run() } throws: { ($0 as? InputError)?.kind == .missingInput }
        }
        #expect(try dump(catalog) == before)
    }

    @Test func invalidUTF8NamesTheLine() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        let path = scratch.writeBytes("latin1.tsv", Array("cell\tvalue\nMCF7\t1\n".utf8) + [0x43, 0xE9, 0x09, 0x31, 0x0A])
        #expect {
            _ = try ModulatorImporter.run(path: path, into: catalog, options: .init(name: "m"))
        } throws: { ($0 as? InputError)?.line == 3 && ($0 as? InputError)?.problem.contains("UTF-8") == true }
        #expect(try dump(catalog) == before)
    }

    @Test func truncatedGzipIsAnError() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        var big = "GENE\t" + (0..<200).map { "C\($0)" }.joined(separator: "\t") + "\n"
        for g in 0..<300 {
            let values: [String] = (0..<200).map { (c: Int) -> String in String(Double(c * g % 97) / 7) }
            big += "G\(g)\t" + values.joined(separator: "\t") + "\n"
        }
        let gz = try scratch.gzip(scratch.write("big.tsv", big))
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: gz)))
        let cut = scratch.writeBytes("cut.tsv.gz", Array(bytes.prefix(bytes.count / 2)))
        let before = try dump(catalog)
        #expect(throws: InputError.self) { _ = try ExpressionImporter.run(path: cut, into: catalog) }
        #expect(try dump(catalog) == before)
    }

    @Test func responseWithoutTheDrugIsAnError() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        let path = scratch.write("r.tsv", "DATASET\tCELL_LINE_NAME\tCELL_KEY\tCOSMIC_ID\tDRUG_NAME\tLN_IC50\tAUC\nGDSC2\tMCF7\tMCF7\t905946\tErlotinib\t1\t0.9\n")
        #expect { _ = try ResponseImporter.run(path: path, into: catalog, options: .init(drug: "gefitinib")) }
            throws: { ($0 as? InputError)?.problem.contains("no rows for drug") == true }
        let bad = scratch.write("r2.tsv", "DATASET\tCELL_LINE_NAME\tCELL_KEY\tCOSMIC_ID\tDRUG_NAME\tLN_IC50\tAUC\nGDSC2\tMCF7\tMCF7\t905946\tGefitinib\tx1\t0.9\n")
        #expect { _ = try ResponseImporter.run(path: bad, into: catalog, options: .init(drug: "gefitinib")) }
            throws: { ($0 as? InputError)?.line == 2 }
        #expect(try dump(catalog) == before)
    }

    /// A failure in the middle of a write transaction rolls everything back.
    @Test func failedWriteRollsBack() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let before = try dump(catalog)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try catalog.write {
                try catalog.connection.execute("DELETE FROM expression")
                throw Boom()
            }
        }
        #expect(try dump(catalog) == before)
    }
}

/// Malformed drug-response tables (the GDSC long layout and the wide Drug_<ID>_IC50 matrix)
/// and gene-set files: one error naming file and line, nothing changed.
@Suite struct BadResponseAndSignatureTests {
    static let header = "DATASET,NLME_RESULT_ID,NLME_CURVE_ID,COSMIC_ID,CELL_LINE_NAME,SANGER_MODEL_ID,TCGA_DESC,DRUG_ID,DRUG_NAME,PUTATIVE_TARGET,PATHWAY_NAME,COMPANY_ID,WEBRELEASE,MIN_CONC,MAX_CONC,LN_IC50,AUC,RMSE,Z_SCORE\n"
    static let row = "GDSC2,343,15946310,905946,MCF7,SIDM00148,BRCA,1010,Gefitinib,EGFR,EGFR signaling,1045,Y,0.01,10,3.1,0.95,0.05,0.4\n"
    static let responseCases: [BadInputTests.Case] = [
        .init(name: "long: empty", file: "r.csv", content: "", line: 1, problem: "file is empty"),
        .init(name: "long: wrong header", file: "r.csv", content: "CELL,IC50\nMCF7,1\n", line: 1, problem: "no DRUG_NAME column"),
        .init(name: "long: truncated row", file: "r.csv", content: header + "GDSC2,343,15946310,905946,MCF7\n", line: 2, problem: "expected 19 fields, found 5"),
        .init(name: "long: non-numeric LN_IC50", file: "r.csv",
              content: header + row.replacingOccurrences(of: ",3.1,", with: ",high,"), line: 2, problem: "LN_IC50 \"high\" is not a number"),
        .init(name: "long: non-integer COSMIC_ID", file: "r.csv",
              content: header + row.replacingOccurrences(of: ",905946,", with: ",90x946,"), line: 2, problem: "COSMIC_ID \"90x946\" is not an integer"),
        .init(name: "long: drug absent", file: "r.csv", content: header + row.replacingOccurrences(of: "Gefitinib", with: "Erlotinib"), line: nil,
              problem: "no rows for drug \"gefitinib\""),
        .init(name: "wide: non-numeric", file: "w.csv", content: "COSMIC_ID,Drug_1010_IC50\n905946,abc\n", line: 2, problem: "\"abc\" is not a number"),
        .init(name: "wide: truncated row", file: "w.csv", content: "COSMIC_ID,Drug_1010_IC50,Drug_1_IC50\n905946,1\n", line: 2, problem: "expected 3 fields"),
        .init(name: "wide: COSMIC_ID not an integer", file: "w.csv", content: "COSMIC_ID,Drug_1010_IC50\nMCF7,1\n", line: 2, problem: "is not an integer"),
    ]

    @Test(arguments: responseCases)
    func malformedResponseIsRejected(_ c: BadInputTests.Case) throws {
        var options = ResponseImporter.Options(drug: "gefitinib")
        options.drugID = 1010
        try BadInputTests().expectRejected(c) { path, catalog in _ = try ResponseImporter.run(path: path, into: catalog, options: options) }
    }

    @Test func malformedSignaturesNameTheLine() throws {
        let scratch = Scratch()
        for (content, line) in [("EMT_EPI\n", 1), ("EMT_EPI\tdesc\tCDH1\nEMT_MES\n", 2)] {
            let path = scratch.write("bad-\(line).gmt", content)
            #expect { _ = try SignatureFile.parse(path: path) } throws: { error in
                guard let e = error as? InputError else { return false }
                return e.file == path && (e.line == line || e.line == nil)
            }
        }
    }
}
