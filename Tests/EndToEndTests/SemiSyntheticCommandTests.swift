import Foundation
import TestSupport
import Testing

/// `samplenet simulate` at small size, end to end through the binary (issue 20 item 6): real
/// regulators and EMT score from the sample catalog, planted edges, the files imported into a
/// fresh catalog, a fixed-hyperparameter profile and a permutation test, scored against
/// truth.tsv. Bad options are refused.
@Suite(.serialized) struct SemiSyntheticCommandTests {
    static let regulators = "AEBP1,AHR,AHRR,AKNA,ALX1,ARID3A,ARID3B,ARID5A,ARID5B,ARNT2,ARNTL2,ASCL1,ASCL2,ATF3,"
        + "ATF5,BACH2,BARX1,BARX2,BATF,BATF2,BATF3,BCL11A,BCL11B,BCL6,BHLHE40,BHLHE41,BNC1,BNC2,CASZ1,CEBPB"

    func table(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test func plantedVaryingEdgesStandOutOfThePermutationNull() throws {
        let sample = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("sim-\(UUID().uuidString)").path
        let made = try samplenet("simulate", "--catalog", sample, "--modulator", "emt", "--regulators", Self.regulators, "--lines", "240",
                                 "--targets", "8", "--r2", "0.6", "--seed", "5", "--out", folder)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("240 lines, 30 regulators, 8 targets, 16 varying and 16 static edges"))
        let truth = try table(folder + "/truth.tsv")
        #expect(truth.count == 32 && truth.filter { $0["varies"] == "true" }.count == 16)
        let design = try table(folder + "/design.tsv")
        #expect(design.count == 8 && design.allSatisfy { Double($0["static_r2"]!)! <= 0.6 + 1e-12 })

        let catalog = testScratchFolder.appendingPathComponent("sim-\(UUID().uuidString).sqlite").path
        for step in [["import", "expression", folder + "/expression.tsv"], ["import", "regulators", folder + "/regulators.txt"],
                     ["import", "modulator", "emt", folder + "/modulator.tsv"],
                     ["profile", "--modulator", "emt", "--targets", "@" + folder + "/targets.txt", "--bandwidth", "0.2", "--lambda", "0.05",
                      "--gamma", "0.1", "--no-recursion", "--threads", "2"],
                     ["test", "--run", "1", "--permutations", "99", "--threads", "2"]] {
            let result = try samplenet(step + ["--catalog", catalog])
            try #require(result.status == 0, "\(step): \(result.stderr)")
        }
        let tested = try samplenet("test-results", "--run", "1", "--catalog", catalog)
        let path = folder + "/tested.tsv"
        try tested.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        var p: [String: Double] = [:]
        for row in try table(path) { p[row["regulator"]! + ">" + row["target"]!] = Double(row["p"]!)! }
        let planted = truth.map { (key: $0["regulator"]! + ">" + $0["target"]!, varies: $0["varies"] == "true") }
        // An edge absent from every line was not tested: p = 1 for this comparison.
        let small = { (varies: Bool) in planted.filter { $0.varies == varies && (p[$0.key] ?? 1) <= 0.05 }.count }
        #expect(small(true) >= 10 && small(true) >= small(false) + 4, "planted varying at p <= 0.05: \(small(true)), static: \(small(false))")
        #expect(small(false) <= 4, "planted static edges at p <= 0.05: \(small(false)) of 16")
    }

    @Test func badOptionsAreRefused() throws {
        let sample = try copyOfSampleCatalog()
        let r2 = try samplenet("simulate", "--catalog", sample, "--modulator", "emt", "--r2", "1", "--out", "/nonexistent/x")
        #expect(r2.status == 64 && r2.stderr.contains("--r2 must be in (0, 1)"))
        let gene = try samplenet("simulate", "--catalog", sample, "--modulator", "emt", "--regulators", "AHR,NOSUCHGENE", "--out",
                                 testScratchFolder.appendingPathComponent("never").path)
        #expect(gene.status != 0 && gene.stderr.contains("NOSUCHGENE"))
        #expect(!FileManager.default.fileExists(atPath: testScratchFolder.appendingPathComponent("never").path))
        let modulator = try samplenet("simulate", "--catalog", sample, "--modulator", "nosuch", "--out", "/tmp/never")
        #expect(modulator.status != 0 && modulator.stderr.contains("no modulator named nosuch"))
    }
}
