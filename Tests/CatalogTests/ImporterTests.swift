import Foundation
import TestSupport
import Testing
@testable import Catalog

@Suite struct ImporterTests {
    @Test func modulatorImportMatchesByNameKeyAndReportsUnmatched() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let file = scratch.write("m.tsv", "cell\tvalue\nMDA-MB-231\t1.5\nmcf-7\t-2\nHS578T\tNA\nNOSUCHLINE\t3\n")
        let report = try ModulatorImporter.run(path: file, into: catalog, options: .init(name: "hypoxia"))
        #expect(report.unmatched == ["NOSUCHLINE"])
        let m = try #require(try catalog.modulator(named: "hypoxia"))
        #expect(m.cellCount == 2)
        let values = try catalog.modulatorValues(m).values
        let ids = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0.id) })
        #expect(values[ids["MDAMB231"]!] == 1.5)
        #expect(values[ids["MCF7"]!] == -2)
        #expect(values[ids["HS578T"]!] == nil)          // NA = missing
    }

    @Test func modulatorByCosmicID() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try AnnotationImporter.run(path: scratch.write("k.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nA549\t905949\n"), into: catalog)
        _ = try ModulatorImporter.run(path: scratch.write("m.tsv", "COSMIC_ID\tscore\n905946\t0.5\n905949\t0.25\n"),
                                      into: catalog, options: .init(name: "s"))
        #expect(try catalog.modulator(named: "s")?.cellCount == 2)
    }

    @Test func existingModulatorNeedsReplace() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let file = scratch.write("m.tsv", "cell\tvalue\nMCF7\t1\n")
        _ = try ModulatorImporter.run(path: file, into: catalog, options: .init(name: "x"))
        #expect(throws: InputError.self) { _ = try ModulatorImporter.run(path: file, into: catalog, options: .init(name: "x")) }
        var options = ModulatorImporter.Options(name: "x")
        options.replace = true
        _ = try ModulatorImporter.run(path: scratch.write("m2.tsv", "cell\tvalue\nA549\t7\nMCF7\t2\n"), into: catalog, options: options)
        #expect(try catalog.modulator(named: "x")?.cellCount == 2)
    }

    @Test func annotationSetsCosmicNameTissueAndRefusesConflictingKeyMatch() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try AnnotationImporter.run(path: scratch.write("k.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nT47D\t905945\n"), into: catalog)
        // gdsctools layout; the second MCF7-keyed row carries another COSMIC ID: not the same line.
        let info = """
        SAMPLE_NAME,COSMIC_ID,SEQUENCING,CNA,GENE_EXPRESSION,METHYLATION,DRUG_SCREENING,GDSC1,GDSC2,TCGA,MMR,SCREEN_MEDIUM,GROWTH_PROPERTIES
        MCF7,905946,1,1,1,1,1,breast,breast,BRCA,MSI-S,R,Adherent
        MCF-7,111111,1,1,1,1,1,lung_NSCLC,lung,LUAD,MSI-S,R,Adherent
        A549,905949,1,1,1,1,1,lung_NSCLC_adenocarcinoma,lung,LUAD,MSI-S,D/F12,Adherent

        """
        let report = try AnnotationImporter.run(path: scratch.write("info.csv", info), into: catalog)
        #expect(report.unmatched == ["MCF-7"])
        let cells = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0) })
        #expect(cells["MCF7"]?.tissue == "breast" && cells["MCF7"]?.cancerType == "BRCA" && cells["MCF7"]?.cosmicID == 905946)
        #expect(cells["A549"]?.cosmicID == 905949 && cells["A549"]?.tissue == "lung")
        #expect(cells["T47D"]?.cosmicID == 905945 && cells["T47D"]?.name == "T-47D")
    }

    @Test func regulatorsReplaceTheSetAndUseAliases() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try RegulatorImporter.run(path: scratch.write("r1.txt", "ZEB1\nEGFR\n"), into: catalog)
        let report = try RegulatorImporter.run(path: scratch.write("r2.txt", "# TFs\nZEB1\nGRHL2\nNOTAGENE\n"), into: catalog)
        #expect(report.unmatched == ["NOTAGENE"])
        #expect(try catalog.genes().filter(\.isRegulator).map(\.symbol) == ["GRHL2", "ZEB1"])
        #expect(GeneAliases.resolve("TENT5A", in: ["FAM46A"]) == "FAM46A")
        #expect(GeneAliases.resolve("FAM46A", in: ["TENT5A"]) == "TENT5A")
    }

    /// The real rows of egfr_tki_response.tsv where TT/T-T and KM-H2/KMH-2 share a key
    /// with conflicting values, under each duplicate rule.
    @Test(arguments: ResponseImporter.DuplicateRule.allCases)
    func realConflictingDuplicatesFollowTheStatedRule(_ rule: ResponseImporter.DuplicateRule) throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        _ = try ExpressionImporter.run(path: scratch.write("e.tsv", "GENE\tTT\tKMH2\tA549\nCDH1\t1\t2\t3\n"), into: catalog)
        _ = try AnnotationImporter.run(path: scratch.write("k.tsv", "CELL_KEY\tCOSMIC_ID\nTT\t1299064\nKMH2\t909976\nA549\t905949\n"), into: catalog)
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("sample-data/egfr_tki_response.tsv"), encoding: .utf8)
        let lines = source.split(separator: "\n")
        let rows = lines.filter { $0.hasPrefix("GDSC2\t") && ($0.contains("\tTT\t") || $0.contains("\tKMH2\t") || $0.contains("\tA549\t")) && $0.contains("Gefitinib") }
        #expect(rows.count == 5)
        let file = scratch.write("resp.tsv", ([String(lines[0])] + rows.map(String.init)).joined(separator: "\n") + "\n")
        var options = ResponseImporter.Options(drug: "Gefitinib")
        options.duplicates = rule
        let report = try ResponseImporter.run(path: file, into: catalog, options: options)
        let m = try #require(try catalog.modulator(named: "gefitinib"))
        let values = try catalog.modulatorValues(m).values
        let ids = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0.id) })
        #expect(m.unit == "ln(IC50/uM)")
        #expect(values[ids["A549"]!] != nil)
        switch rule {
        case .drop:
            #expect(values[ids["TT"]!] == nil && values[ids["KMH2"]!] == nil)
            #expect(report.notes.filter { $0.hasPrefix("dropped conflicting") }.count == 2)
        case .first:
            #expect(values[ids["TT"]!] == 5.387833)
            #expect(values[ids["KMH2"]!] == 3.31744)
        case .mean:
            #expect(abs(values[ids["TT"]!]! - (5.387833 + 0.848829) / 2) < 1e-15)
            #expect(abs(values[ids["KMH2"]!]! - (3.31744 + 3.584068) / 2) < 1e-15)
        }
    }

    /// The official GDSC fitted dose response CSV layout (header as published).
    @Test func officialFittedDoseResponseCSV() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try AnnotationImporter.run(path: scratch.write("k.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nA549\t905949\n"), into: catalog)
        let csv = """
        DATASET,NLME_RESULT_ID,NLME_CURVE_ID,COSMIC_ID,CELL_LINE_NAME,SANGER_MODEL_ID,TCGA_DESC,DRUG_ID,DRUG_NAME,PUTATIVE_TARGET,PATHWAY_NAME,COMPANY_ID,WEBRELEASE,MIN_CONC,MAX_CONC,LN_IC50,AUC,RMSE,Z_SCORE
        GDSC2,343,15946310,905946,MCF7,SIDM00148,BRCA,1010,Gefitinib,EGFR,EGFR signaling,1045,Y,0.01,10,3.1,0.95,0.05,0.4
        GDSC2,343,15946311,905949,A549,SIDM00903,LUAD,1010,Gefitinib,EGFR,EGFR signaling,1045,Y,0.01,10,2.5,0.9,0.04,-0.2
        GDSC2,343,15946312,905949,A549,SIDM00903,LUAD,1168,Erlotinib,EGFR,EGFR signaling,1045,Y,0.01,10,1.0,0.8,0.04,-0.2
        GDSC1,343,15946313,905946,MCF7,SIDM00148,BRCA,1010,Gefitinib,EGFR,EGFR signaling,1045,Y,0.01,10,9.9,0.95,0.05,0.4

        """
        var options = ResponseImporter.Options(drug: "gefitinib")
        options.measure = .auc
        options.name = "gef_auc"
        _ = try ResponseImporter.run(path: scratch.write("GDSC2_fitted_dose_response_27Oct23.csv", csv), into: catalog, options: options)
        let m = try #require(try catalog.modulator(named: "gef_auc"))
        let values = try catalog.modulatorValues(m).values.values.sorted()
        #expect(values == [0.9, 0.95])
    }

    /// The same download as an .xlsx workbook (header as published; shared and inline
    /// strings, numeric cells, a row with an empty cell): the same values as the CSV.
    @Test func officialFittedDoseResponseXLSX() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        _ = try AnnotationImporter.run(path: scratch.write("k.tsv", "CELL_KEY\tCOSMIC_ID\nMCF7\t905946\nA549\t905949\n"), into: catalog)
        let xlsx = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/GDSC2_fitted_dose_response_27Oct23.xlsx").path
        let rows = try openRows(xlsx)
        let header = try #require(try rows.nextRow())
        #expect(header.first == "DATASET" && header.last == "Z_SCORE" && header.count == 19)
        _ = try rows.nextRow()
        let sparse = try #require(try rows.nextRow())                  // sheet row 3: RMSE left empty
        #expect(rows.lineNumber == 3 && sparse.count == 19 && sparse[17] == "" && sparse[10] == "EGFR signaling" && sparse[15] == "2.5")
        var options = ResponseImporter.Options(drug: "gefitinib")
        options.dryRun = true
        let dry = try ResponseImporter.run(path: xlsx, into: catalog, options: options)
        #expect(dry.summary.hasPrefix("would import modulator gefitinib: 2 cell lines"))
        #expect(try catalog.modulator(named: "gefitinib") == nil)
        options.dryRun = false
        _ = try ResponseImporter.run(path: xlsx, into: catalog, options: options)
        let m = try #require(try catalog.modulator(named: "gefitinib"))
        let ids = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0.id) })
        let values = try catalog.modulatorValues(m).values
        #expect(values[ids["MCF7"]!] == 3.1 && values[ids["A549"]!] == 2.5 && values.count == 2)   // GDSC2 only
    }

    /// Broken workbooks: a truncated file, and an archive without a worksheet, are refused
    /// with the file named, and the catalog is unchanged.
    @Test func brokenWorkbooksChangeNothing() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let xlsx = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/GDSC2_fitted_dose_response_27Oct23.xlsx").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        let truncated = scratch.path("cut.xlsx")
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let before = try catalog.modulators().count
        for (path, problem) in [(truncated, "no central directory (truncated?)")] {
            do {
                _ = try ResponseImporter.run(path: path, into: catalog, options: .init(drug: "gefitinib"))
                Issue.record("accepted \(path)")
            } catch let error as InputError {
                #expect("\(error)".contains(path) && "\(error)".contains(problem), "\(error)")
            }
        }
        #expect(try catalog.modulators().count == before)
    }

    @Test func signatureReadsTanTableAndGMT() throws {
        let scratch = Scratch()
        let tan = try SignatureFile.parse(path: repositoryRoot.appendingPathComponent("sample-data/tan2014_KS_cellline_signature.tsv").path)
        #expect(tan.epithelial.count == 170 && tan.mesenchymal.count == 48)
        let gmt = try SignatureFile.parse(path: scratch.write("s.gmt", "EMT_EPI\tdesc\tCDH1\tEPCAM\nEMT_MES\tdesc\tVIM\n"))
        #expect(gmt == EMTSignature(epithelial: ["CDH1", "EPCAM"], mesenchymal: ["VIM"]))
    }
}
