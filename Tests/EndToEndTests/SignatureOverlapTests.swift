import Foundation
import TestSupport
import Testing
@testable import Catalog

/// METHOD.md 1.7's signature overlap through the binary: an EMT score remembers its genes,
/// `--exclude` scores without some, and profile, runs targets and effects flag targets and
/// regulators that belong to the signature defining the modulator.
@Suite(.serialized) struct SignatureOverlapTests {
    static let signature = repositoryRoot.appendingPathComponent("sample-data/tan2014_KS_cellline_signature.tsv").path

    @Test func overlapIsFlaggedAndCanBeExcluded() throws {
        let catalog = try copyOfSampleCatalog()
        let made = try samplenet("modulator", "emt", "--signature", Self.signature, "--name", "emt2", "--exclude", "CDH1,VIM", "--catalog", catalog)
        #expect(made.status == 0 && made.stderr.contains("2 excluded: CDH1,VIM"), "\(made.stderr)")
        let reader = try Catalog(path: catalog, mustExist: true)
        let ids = Dictionary(try reader.genes().map { ($0.symbol, $0.id) }, uniquingKeysWith: { a, _ in a })
        let full = try reader.modulatorSignature(name: "emt"), reduced = try reader.modulatorSignature(name: "emt2")
        #expect(full[ids["CDH1"]!] == "Epi" && full[ids["VIM"]!] == "Mes" && full[ids["SPARC"]!] == "Mes")
        #expect(reduced[ids["CDH1"]!] == nil && reduced[ids["VIM"]!] == nil && reduced.count == full.count - 2)
        #expect(try reader.modulatorSignature(name: "gefitinib").isEmpty)

        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", "CDH1,VIM,AHR", "--regulators", "AEBP1,AHR,ZEB1,SNAI2",
                                     "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        #expect(profile.stderr.contains("signature overlap: 2 of 3 targets (CDH1, VIM) and"), "\(profile.stderr)")
        let json = try samplenet("runs", "targets", "1", "--format", "json", "--catalog", catalog)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { "\($0["target"]!):\($0["signature"]!)" } == ["AHR:", "CDH1:Epi", "VIM:Mes"])
        let effects = try samplenet("effects", "--run", "1", "--target", "CDH1", "--catalog", catalog)
        #expect(effects.stderr.contains("signature overlap with emt: the target CDH1 (Epi)"), "\(effects.stderr)")

        let clean = try samplenet(["profile", "--modulator", "emt2", "--targets", "CDH1,VIM", "--regulators", "AEBP1,AHR",
                                   "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(clean.status == 0 && !clean.stderr.contains("signature overlap"), "\(clean.stderr)")
    }

    /// --cells keeps the tissues named (unknown names are refused, with the known ones); --adjust tissue removes the tissue means and records the
    /// modulator's eta^2 before (large for EMT) and after (0); sex adjusts for the inferred Y-chromosome status as well.
    @Test func cellsAndTissueAdjustment() throws {
        let catalog = try copyOfSampleCatalog()
        let base = ["profile", "--modulator", "emt", "--targets", "CDH1,VIM", "--regulators", "AEBP1,AHR,ZEB1", "--catalog", catalog]
            + ProfileCommandTests.fixed
        let lung = try samplenet(base + ["--cells", "tissue=breast,GLIOMA"])
        #expect(lung.status == 0, "\(lung.stderr)")
        let reader = try Catalog(path: catalog, mustExist: true)
        let tissues = Dictionary(try reader.cellLines().map { ($0.id, $0.tissue ?? "") }, uniquingKeysWith: { a, _ in a })
        let lungCells = try reader.runCells(1)
        #expect(lungCells.count > 80 && lungCells.allSatisfy { ["breast", "glioma"].contains(tissues[$0]?.lowercased()) })
        let unknown = try samplenet(base + ["--cells", "tissue=lung"])
        #expect(unknown.status == 64 && unknown.stderr.contains("has tissue lung; tissues: ") && unknown.stderr.contains("breast"))
        let adjusted = try samplenet(base + ["--adjust", "tissue"])
        #expect(adjusted.status == 0, "\(adjusted.stderr)")
        let line = try #require(adjusted.stderr.split(separator: "\n").first { $0.contains("eta^2") }.map(String.init))
        let numbers = line.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .punctuationCharacters)) }
        #expect(numbers.count >= 2 && numbers[numbers.count - 2] > 0.3 && numbers.last! < 1e-9, "\(line)")
        let parameters = try #require(try reader.run(2)).parametersJSON
        #expect(parameters.contains("\"adjust\":[\"tissue\"]") && parameters.contains("tissueEta2"))
        // Sex as Y-chromosome expression status (DDX3Y, RPS4Y1 and ZFY are in the sample).
        let sex = try samplenet(base + ["--adjust", "sex,tissue"])
        #expect(sex.status == 0 && sex.stderr.contains("adjusted for sex as Y-chromosome expression (DDX3Y,RPS4Y1,ZFY)"), "\(sex.stderr)")
        let yParameters = try #require(try reader.run(3)).parametersJSON
        #expect(yParameters.contains("\"adjust\":[\"tissue\",\"sex\"]") && yParameters.contains("yStatusEta2") && yParameters.contains("yExpressedLines"))
        // The adjusted modulator (stored standardised per line) no longer differs between lines
        // with and without RPS4Y1 (an independent rule here: above its midrange).
        let expression = try reader.expression(genes: ["RPS4Y1"])
        let column = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        let rps4y1 = try reader.runCells(3).map { expression.value(gene: 0, cell: column[$0]!) }
        let midrange = (rps4y1.min()! + rps4y1.max()!) / 2
        let stored = try reader.connection.rows("SELECT modulator_std FROM run_cell WHERE run_id = 3 ORDER BY position", []).compactMap { $0[0].double }
        let high = zip(stored, rps4y1).filter { $1 > midrange }.map(\.0), low = zip(stored, rps4y1).filter { $1 <= midrange }.map(\.0)
        let gap = high.reduce(0, +) / Double(high.count) - low.reduce(0, +) / Double(low.count)
        #expect(high.count > 100 && low.count > 100 && abs(gap) < 0.05, "\(high.count) \(low.count) \(gap)")
        #expect(try samplenet(base + ["--adjust", "age"]).status == 64)
        #expect(try samplenet(base + ["--cells", "lung"]).status == 64)
    }
}
