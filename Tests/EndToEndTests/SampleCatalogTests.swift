import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The sample catalog built from sample-data/ by the real binary, as `make run` does.
@Suite(.serialized) struct SampleCatalogTests {
    @Test func infoCountsWhatSampleDataHolds() throws {
        let path = try sampleCatalog.get()
        let result = try samplenet("info", "--format", "json", "--catalog", path)
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["cell_lines"] as? Int == 975)
        #expect(json["genes"] as? Int == 1200)
        #expect(json["regulators"] as? Int == 502)
        let modulators = try #require(json["modulators"] as? [[String: Any]])
        let cells = Dictionary(uniqueKeysWithValues: modulators.map { ($0["name"] as? String ?? "", $0["cells"] as? Int ?? 0) })
        #expect(cells["emt"] == 975)
        // GDSC2 rows with an expression column (912 gefitinib, 910 erlotinib) minus the two
        // conflicting duplicate keys (TT, KMH2) dropped by the default rule.
        #expect(cells["gefitinib"] == 908)
        #expect(cells["erlotinib"] == 906)
        let text = try samplenet("info", "--catalog", path)
        #expect(text.stdout.contains("cell lines  975 (975 with expression)"))
    }

    /// Tan 2014 KS score: MDA-MB-231 and Hs578T among the most mesenchymal (top 15%),
    /// MCF7 and T47D among the most epithelial (bottom 15%) of 975 lines.
    @Test func emtScoreOrdersKnownCellLines() throws {
        let catalog = try Catalog(path: try sampleCatalog.get(), mustExist: true)
        let emt = try #require(try catalog.modulator(named: "emt"))
        let values = try catalog.modulatorValues(emt).values
        let cells = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0.id) })
        func mesenchymalRank(_ key: String) throws -> Double {
            let id = try #require(cells[key])
            let v = try #require(values[id])
            return Double(values.values.filter { $0 > v }.count) / Double(values.count)
        }
        #expect(try mesenchymalRank("MDAMB231") < 0.15)
        #expect(try mesenchymalRank("HS578T") < 0.15)
        #expect(try mesenchymalRank("MCF7") > 0.85)
        #expect(try mesenchymalRank("T47D") > 0.85)
        #expect(values.values.allSatisfy { $0 >= -1 && $0 <= 1 })
    }

    @Test func annotationGivesNamesTissuesAndCosmicIDs() throws {
        let catalog = try Catalog(path: try sampleCatalog.get(), mustExist: true)
        let cells = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0) })
        #expect(cells["MDAMB231"]?.name == "MDA-MB-231")
        #expect(cells["HCC827"]?.tissue?.contains("lung") == true)
        #expect(try catalog.cellLines().filter { $0.cosmicID != nil }.count == 967)
    }
}

/// Exit statuses and one-line errors of the real binary; failed imports change nothing.
@Suite(.serialized) struct ExitStatusTests {
    @Test func badDataIs65WithFileAndLine() throws {
        let catalog = try copyOfSampleCatalog()
        let before = try dump(catalog)
        let bad = testScratchFolder.appendingPathComponent("bad-\(UUID().uuidString).tsv").path
        try "cell\tvalue\nMCF7\t1.0\nA549\toops\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try samplenet("import", "modulator", "broken", bad, "--catalog", catalog)
        #expect(result.status == 65)
        #expect(result.stderr == "samplenet: \(bad):3: \"oops\" is not a number\n")
        #expect(result.stdout.isEmpty)
        #expect(try dump(catalog) == before)
    }

    @Test func missingFileIs66() throws {
        let catalog = try copyOfSampleCatalog()
        let result = try samplenet("import", "expression", "/no/such/file.tsv", "--catalog", catalog)
        #expect(result.status == 66)
        #expect(result.stderr.contains("/no/such/file.tsv: no such file"))
    }

    @Test func usageErrorsAre64() throws {
        let catalog = try copyOfSampleCatalog()
        let before = try dump(catalog)
        let sig = repositoryRoot.appendingPathComponent("sample-data/tan2014_KS_cellline_signature.tsv").path
        let again = try samplenet("modulator", "emt", "--signature", sig, "--catalog", catalog)
        #expect(again.status == 64)
        #expect(again.stderr.contains("modulator emt already exists; pass --replace"))
        #expect(try samplenet("import", "response").status == 64)
        #expect(try samplenet("info", "--format", "xml", "--catalog", catalog).status == 64)
        #expect(try dump(catalog) == before)
    }

    @Test func missingCatalogIs66() throws {
        let result = try samplenet("info", "--catalog", "/tmp/does-not-exist-\(UUID().uuidString).sqlite")
        #expect(result.status == 66)
    }

    @Test func dryRunReportsAndChangesNothing() throws {
        let catalog = try copyOfSampleCatalog()
        let before = try dump(catalog)
        let response = repositoryRoot.appendingPathComponent("sample-data/egfr_tki_response.tsv").path
        let unmatched = testScratchFolder.appendingPathComponent("unmatched-\(UUID().uuidString).txt").path
        let result = try samplenet("import", "response", response, "--drug", "erlotinib", "--name", "erl2", "--dry-run",
                                   "--unmatched", unmatched, "--catalog", catalog)
        #expect(result.status == 0)
        #expect(result.stderr.contains("would import modulator erl2: 906 cell lines"))
        #expect(result.stderr.contains("dropped conflicting duplicates: TT=5.278605"))
        let keys = try String(contentsOfFile: unmatched, encoding: .utf8).split(separator: "\n")
        #expect(keys.count == 45)
        #expect(try dump(catalog) == before)
    }
}
