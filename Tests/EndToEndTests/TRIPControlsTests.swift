import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The leakage rule and the controls of METHOD.md 2.1 and 2.3 through the binary. On
/// networks built along EMT a pure-noise response and the shuffled gefitinib response are
/// not predicted (CV R^2 <= 0.05) and get the verdict "no evidence beyond controls", which
/// subnetworks and explain flag. Networks built along the response itself (noise, shuffled
/// gefitinib) are profiled again in every fold and inverted for held-out lines (METHOD.md
/// 2.2): not predicted either, while EMT, which the lines' expression does carry, is.
@Suite(.serialized) struct TRIPControlsTests {
    /// Writes a modulator table of `values` (cell key -> value) and imports it as `name`.
    static func importModulator(_ name: String, _ values: [(String, Double)], catalog: String, scratch: Scratch) throws {
        let file = scratch.write("\(name).tsv", "cell\tvalue\n" + values.map { "\($0.0)\t\($0.1)\n" }.joined())
        let result = try samplenet("import", "modulator", name, file, "--catalog", catalog)
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func pooledR2(_ catalog: String, run: Int, model: String = "trip") throws -> Double {
        try #require(try Catalog(path: catalog, mustExist: true).tripScores(runID: run).first { $0.model == model && $0.fold == 0 && $0.metric == "r2" }?.value)
    }

    @Test func nullResponsesOnEMTNetworksAreNotPredicted() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", ProfileCommandTests.targets, "--regulators", ProfileCommandTests.regulators,
                                     "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let c = try Catalog(path: catalog, mustExist: true)
        let emt = try c.modulatorValues(try #require(try c.modulator(named: "emt"))).values
        let gefitinib = try c.modulatorValues(try #require(try c.modulator(named: "gefitinib"))).values
        let keys = Dictionary(uniqueKeysWithValues: try c.cellLines().map { ($0.id, $0.key) })

        // Null responses on the EMT networks: pure noise, and gefitinib shuffled across its lines.
        var random = TestRandom(seed: 190)
        // 300 lines each keep the debug-build test to a few minutes; TRIP drops the other lines.
        try Self.importModulator("noise", emt.keys.sorted().prefix(300).map { (keys[$0]!, random.standardNormal()) }, catalog: catalog, scratch: scratch)
        let lines = Array(gefitinib.keys.sorted().prefix(300))
        var shuffled = lines.map { gefitinib[$0]! }
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        try Self.importModulator("shuffled", zip(lines, shuffled).map { (keys[$0]!, $1) }, catalog: catalog, scratch: scratch)
        for (run, response) in [(2, "noise"), (3, "shuffled")] {
            let trip = try samplenet("trip", "--run", "1", "--response", response, "--repeats", "1", "--folds", "5", "--epochs", "30", "--hidden", "0", "--catalog", catalog)
            #expect(trip.status == 0, "\(trip.stderr)")
            #expect(trip.stdout == "\(run)\n")
            let r2 = try Self.pooledR2(catalog, run: run)
            #expect(r2 <= 0.05, "TRIP CV R^2 on \(response): \(r2)")
            #expect(trip.stderr.contains("verdict for \(response): no evidence beyond controls"), "\(trip.stderr)")
            #expect(trip.stderr.contains("shuffled-response control") && trip.stderr.contains("ridge on expression"), "\(trip.stderr)")
            let verdict = try #require(try Catalog(path: catalog, mustExist: true).tripVerdict(runID: run))
            #expect(verdict.verdict == "no evidence beyond controls" && !verdict.isSignal)
            let listed = try samplenet("subnetworks", "--trip", String(run), "--catalog", catalog)
            #expect(listed.status == 0 && listed.stderr.contains("warning: TRIP run \(run): no evidence beyond controls"), "\(listed.stderr)")
            #expect(listed.stderr.contains("not an explanation"))
        }
    }

    /// The response is the networks' own modulator: per-fold profiles and inversion. 240
    /// lines each keep the debug-build test to a few minutes.
    @Test func circularResponsesGetPerFoldProfilesAndNullOnesAreNotPredicted() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let c = try Catalog(path: catalog, mustExist: true)
        let emt = try c.modulatorValues(try #require(try c.modulator(named: "emt"))).values
        let gefitinib = try c.modulatorValues(try #require(try c.modulator(named: "gefitinib"))).values
        let keys = Dictionary(uniqueKeysWithValues: try c.cellLines().map { ($0.id, $0.key) })
        var random = TestRandom(seed: 191)
        let lines = Array(gefitinib.keys.sorted().prefix(240))
        var shuffled = lines.map { gefitinib[$0]! }
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        try Self.importModulator("noise", lines.map { (keys[$0]!, random.standardNormal()) }, catalog: catalog, scratch: scratch)
        try Self.importModulator("shuffled", zip(lines, shuffled).map { (keys[$0]!, $1) }, catalog: catalog, scratch: scratch)
        try Self.importModulator("emt240", lines.map { (keys[$0]!, emt[$0]!) }, catalog: catalog, scratch: scratch)
        for modulator in ["noise", "shuffled", "emt240"] {
            let profile = try samplenet(["profile", "--modulator", modulator, "--targets", ProfileCommandTests.targets,
                                         "--regulators", ProfileCommandTests.regulators, "--catalog", catalog] + ProfileCommandTests.fixed)
            #expect(profile.status == 0, "\(profile.stderr)")
        }
        // Runs 1-3: networks along noise, shuffled and emt240. Noise and shuffled predict
        // themselves; emt240's networks predict emt, a different modulator equal on these lines.
        for (parent, response, trip) in [(1, "noise", 4), (2, "shuffled", 5), (3, "emt", 6)] {
            let result = try samplenet("trip", "--run", String(parent), "--response", response, "--repeats", "1", "--folds", "5",
                                       "--epochs", "30", "--hidden", "0", "--catalog", catalog)
            #expect(result.status == 0 && result.stdout == "\(trip)\n", "\(result.stderr)")
            #expect(result.stderr.contains("per-fold profiling (METHOD.md 2.2): 15 profiles"), "\(result.stderr)")
            #expect(result.stderr.contains("per-fold profile fold 5 done") && result.stderr.contains("inferred modulator (inversion)"))
            let r2 = try Self.pooledR2(catalog, run: trip), inversion = try Self.pooledR2(catalog, run: trip, model: "inversion")
            let stored = try Catalog(path: catalog, mustExist: true)
            #expect(try stored.tripScores(runID: trip).allSatisfy { $0.model != "modulator" })   // the true value is not a baseline
            let verdict = try #require(try stored.tripVerdict(runID: trip))
            if response == "emt" {
                #expect(r2 > 0.5 && inversion > 0.5, "EMT from per-fold networks: TRIP \(r2), inversion \(inversion)")
                #expect(verdict.isSignal)
            } else {
                #expect(r2 <= 0.05 && inversion <= 0.05, "\(response): TRIP CV R^2 \(r2), inversion \(inversion) (without per-fold profiles: 0.95-1.0)")
                #expect(!verdict.isSignal && verdict.verdict == "no evidence beyond controls")
            }
        }
    }
}
