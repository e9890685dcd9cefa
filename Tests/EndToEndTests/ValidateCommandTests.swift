import Foundation
import TestSupport
import Testing

/// `samplenet validate` through the binary on small prior files written by the test: the
/// candidates and positives are counted right, every ranking reports AUPRC beside chance, the
/// known list's recall and the enrichment appear, and a malformed prior line is exit 65 with
/// file and line.
@Suite(.serialized) struct ValidateCommandTests {
    @Test func reportsAgainstChanceAndStaticComparators() throws {
        let catalog = try copyOfSampleCatalog()
        let scratch = Scratch()
        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", "CDH1,VIM,SPARC",
                                     "--regulators", "AEBP1,AHR,AKNA,ARID3A,ARID3B,ZEB1,SNAI2", "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let prior = scratch.write("prior.tsv", "source\ttarget\tweight\nZEB1\tCDH1\t-1\nSNAI2\tCDH1\t-1\nAHR\tVIM\t1\nNOTAGENE\tX\t1\n")
        let known = scratch.write("known.tsv", "gene\ttier\nZEB1\ttier1\nSNAI2\ttier1\nTWIST1\ttier1\n")
        let sets = scratch.write("sets.gmt", "SET_A\tdesc\tZEB1\tSNAI2\tCDH1\nSET_B\tdesc\tAHR\n")
        let text = try samplenet("validate", "--run", "1", "--prior", prior, "--known", known, "--target", "CDH1", "--gene-sets", sets,
                                 "--top", "3", "--catalog", catalog)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("edge recovery: 3 of 21 candidate pairs are in the prior (chance AUPRC 0.1429)"), "\(text.stdout)")
        for ranking in ["max |beta| over lines", "static elastic net |beta|", "|corr(regulator, target)|"] {
            #expect(text.stdout.contains(ranking))
        }
        #expect(text.stdout.contains("known regulators of CDH1 in the top 3 (2 of the list among the run's 7 regulators; chance recall 0.429)"))
        #expect(text.stdout.contains("SET_A: ") && text.stdout.contains("SET_B: "))
        let json = try samplenet("validate", "--run", "1", "--prior", prior, "--format", "json", "--catalog", catalog)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let auprc = try #require(object["auprc"] as? [[String: Any]])
        #expect(auprc.count == 3 && auprc.allSatisfy { ($0["auprc"] as? Double).map { (0...1).contains($0) } == true })

        // With a stability selection and a TRIP run on the networks: a frequency ranking, and
        // the TRIP modules against the gene sets, with that run's verdict.
        #expect(try samplenet("test", "--run", "1", "--kind", "stability", "--pairs", "2", "--catalog", catalog).status == 0)
        let trip = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--repeats", "1", "--folds", "2", "--epochs", "40",
                                 "--hidden", "0", "--no-controls", "--catalog", catalog)
        #expect(trip.status == 0, "\(trip.stderr)")
        let full = try samplenet("validate", "--run", "1", "--prior", prior, "--gene-sets", sets, "--catalog", catalog).stdout
        #expect(full.contains("stability selection frequency (test 1)"), "\(full)")
        #expect(full.contains("gene sets in the modules of TRIP run 2 (verdict: no evidence beyond controls)") && full.contains("module 1: SET_A"),
                "\(full)")

        let bad = scratch.write("bad.tsv", "source\ttarget\nZEB1\n")
        let refused = try samplenet("validate", "--run", "1", "--prior", bad, "--catalog", catalog)
        #expect(refused.status == 65 && refused.stderr.contains("bad.tsv:2:"), "\(refused.stderr)")
        #expect(try samplenet("validate", "--run", "1", "--prior", prior, "--known", known, "--catalog", catalog).status == 64)
    }

    /// The top half of four targets by modulation evidence (varying calls: q <= 0.1 and effect
    /// >= 0.1; then smallest p,
    /// recomputed here from test-results) against a gene set, within the run's targets.
    @Test func enrichesTheTargetsWithMostEvidenceOfModulation() throws {
        let catalog = try copyOfSampleCatalog()
        let scratch = Scratch()
        let targets = ["CDH1", "VIM", "SPARC", "KRT19"]
        #expect(try samplenet(["profile", "--modulator", "emt", "--targets", targets.joined(separator: ","),
                               "--regulators", "AEBP1,AHR,AKNA,ARID3A,ARID3B,ZEB1,SNAI2", "--catalog", catalog] + ProfileCommandTests.fixed).status == 0)
        #expect(try samplenet("test", "--run", "1", "--permutations", "19", "--catalog", catalog).status == 0)
        let rows = try samplenet("test-results", "--test", "1", "--catalog", catalog).stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        var found = [String: Int](), smallest = [String: Double]()
        for r in rows {     // regulator, target, statistic, exceed, permutations, p, q, effect, varies
            if let q = Double(r[6]), q <= 0.1, Double(r[7])! >= 0.1 { found[r[1], default: 0] += 1 }
            smallest[r[1]] = min(smallest[r[1]] ?? 1, Double(r[5])!)
        }
        let expected = targets.sorted { a, b in
            let ka = (found[a] ?? 0, -(smallest[a] ?? 1)), kb = (found[b] ?? 0, -(smallest[b] ?? 1))
            return ka != kb ? ka > kb : a < b
        }
        let prior = scratch.write("prior.tsv", "source\ttarget\nZEB1\tCDH1\n")
        let sets = scratch.write("sets.gmt", "EPI\tdesc\tCDH1\tKRT19\tEPCAM\n")
        let json = try samplenet("validate", "--run", "1", "--prior", prior, "--gene-sets", sets, "--top", "3", "--format", "json",
                                 "--catalog", catalog)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let enrichment = try #require(object["target_enrichment"] as? [String: Any])
        #expect(enrichment["top_targets"] as? [String] == Array(expected.prefix(2)), "\(enrichment)")
        let row = try #require((enrichment["enrichment"] as? [[String: Any]])?.first)
        let overlap = Set(expected.prefix(2)).intersection(["CDH1", "KRT19"]).count
        // Hypergeometric tail by hand: 4 targets, 2 marked, 2 drawn.
        let tail = [1.0 / 6, 4.0 / 6, 1.0 / 6][overlap...].reduce(0, +)
        #expect(row["overlap"] as? Int == overlap && row["size"] as? Int == 2)
        #expect(abs((row["p"] as? Double ?? -1) - tail) < 1e-12, "\(row)")
        let text = try samplenet("validate", "--run", "1", "--prior", prior, "--gene-sets", sets, "--top", "3", "--catalog", catalog).stdout
        #expect(text.contains("gene sets among the top 2 targets by modulation evidence (varying calls (q <= 0.1, effect >= 0.1) in test 1"), "\(text)")
    }
}
