import Foundation
import TestSupport
import Testing
@testable import Catalog

/// `samplenet trip`, `subnetworks`, `explain` through the real binary on the sample catalog.
@Suite(.serialized) struct TRIPCommandTests {
    @Test func tripStoresScoresSubnetworksAndContributions() throws {
        let catalog = try copyOfSampleCatalog()
        let profile = try runProgram(samplenetBinary, ["profile", "--modulator", "emt", "--targets", ProfileCommandTests.targets,
                                    "--regulators", ProfileCommandTests.regulators, "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let notFinished = try samplenet("trip", "--run", "7", "--catalog", catalog)
        #expect(notFinished.status == 64 && notFinished.stderr.contains("no run 7"))

        let trip = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--repeats", "2", "--folds", "2", "--epochs", "40", "--hidden", "0", "--catalog", catalog)
        #expect(trip.status == 0, "\(trip.stderr)")
        #expect(trip.stdout == "2\n")
        #expect(trip.stderr.contains("CV r2: TRIP") && trip.stderr.contains("unsupervised projection") && trip.stderr.contains("ridge"))

        let stored = try Catalog(path: catalog, mustExist: true)
        let scores = try stored.tripScores(runID: 2)
        // 7 models (TRIP, projection, ridge, expression, modulator, 2 controls) x (r2, pearson) x (pooled + 2 x 2 splits);
        // the verdict and its report are stored and printed.
        #expect(scores.count == 7 * 2 * 5)
        #expect(trip.stderr.contains("2 x 2 folds") && trip.stderr.contains("over 4 folds"), "\(trip.stderr)")
        #expect(try stored.tripVerdict(runID: 2) != nil && trip.stderr.contains("verdict for gefitinib:"))
        #expect(scores.filter { $0.metric == "pearson" }.allSatisfy { $0.value >= -1 && $0.value <= 1 })
        #expect(try stored.connection.scalar("SELECT count(*) FROM trip_prediction WHERE run_id = 2")?.int == 908)      // the lines with a gefitinib value
        #expect(try stored.tripSnapshot(runID: 2) != nil)
        // The stored evaluation reads back in full: verdict, folds, stability, randomisation.
        let report = try samplenet("trip-report", "--trip", "2", "--catalog", catalog)
        #expect(report.status == 0 && report.stdout.hasPrefix("verdict for gefitinib:"), "\(report.stderr)")
        #expect(report.stdout.contains("over 4 folds") && report.stdout.contains("stability: top-200 edges of 4 fold models")
                && report.stdout.contains("model randomisation: Spearman"), "\(report.stdout)")
        let reportJSON = try samplenet("trip-report", "--trip", "2", "--format", "json", "--catalog", catalog)
        let assessment = try #require(try JSONSerialization.jsonObject(with: Data(reportJSON.stdout.utf8)) as? [String: Any])
        let storedVerdict = try stored.tripVerdict(runID: 2)?.verdict
        #expect(assessment["fidelity"] != nil && assessment["verdict"] as? String == storedVerdict)
        #expect(try samplenet("trip-report", "--trip", "1", "--catalog", catalog).status == 64)
        #expect(try stored.run(2)?.status == .finished)

        let tsv = try samplenet("subnetworks", "--trip", "2", "--top", "3", "--catalog", catalog)
        let rows = tsv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(tsv.stdout.hasPrefix("rank\tscore\tgenes\tregulator\ttarget\timportance\tsign\n"))
        #expect(!rows.isEmpty && rows.allSatisfy { $0.count == 7 && ["1", "2", "3"].contains($0[0]) })
        let ranks = rows.map { Int($0[0])! }
        #expect(ranks == ranks.sorted())
        let json = try samplenet("subnetworks", "--trip", "2", "--format", "json", "--catalog", catalog)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let scoresInOrder = list.compactMap { $0["score"] as? Double }
        #expect(scoresInOrder == scoresInOrder.sorted(by: >))

        let explain = try samplenet("explain", "--trip", "2", "--cell", "MDA-MB-231", "--top", "15", "--catalog", catalog)
        #expect(explain.status == 0, "\(explain.stderr)")
        let values = explain.stdout.split(separator: "\n").dropFirst().map { Double($0.split(separator: "\t")[2])! }
        #expect(values.count == 15)
        #expect(values.map(abs) == values.map(abs).sorted(by: >))
        let wrongKind = try samplenet("subnetworks", "--trip", "1", "--catalog", catalog)
        #expect(wrongKind.status == 64 && wrongKind.stderr.contains("not a TRIP run"))

        let classification = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--target", "class", "--repeats", "1", "--folds", "3", "--epochs", "20", "--hidden", "2", "--no-controls", "--catalog", catalog)
        #expect(classification.status == 0, "\(classification.stderr)")
        #expect(classification.stderr.contains("CV auroc: TRIP") && classification.stderr.contains("CV accuracy: TRIP"))

        // RE input: the same edges, values from METHOD.md 1.6; recorded with the run and model.
        let re = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--input", "re", "--repeats", "1", "--folds", "3", "--epochs", "20", "--hidden", "0", "--no-controls", "--catalog", catalog)
        #expect(re.status == 0, "\(re.stderr)")
        let reRun = try #require(Int(re.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try Catalog(path: catalog, mustExist: true).run(reRun)?.parametersJSON.contains("\"input\":\"re\"") == true)
        let betaLine = trip.stderr.split(separator: "\n").first { $0.contains("edges (") }
        let reLine = re.stderr.split(separator: "\n").first { $0.contains("edges (") }
        #expect(betaLine != nil && reLine != nil)
        let bad = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--input", "xyz", "--catalog", catalog)
        #expect(bad.status == 64)
    }
}
