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
}
