import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The leakage rule and the controls of METHOD.md 2.1 and 2.3 through the binary: TRIP
/// refuses to predict the modulator its networks were built along (or a copy of it), and on
/// networks built along EMT a pure-noise response and the shuffled gefitinib response are
/// not predicted (CV R^2 <= 0.05) and get the verdict "no evidence beyond controls", which
/// subnetworks and explain flag.
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

    @Test func circularResponsesAreRefusedAndNullResponsesAreNotPredicted() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", ProfileCommandTests.targets, "--regulators", ProfileCommandTests.regulators,
                                     "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let c = try Catalog(path: catalog, mustExist: true)
        let emt = try c.modulatorValues(try #require(try c.modulator(named: "emt"))).values
        let gefitinib = try c.modulatorValues(try #require(try c.modulator(named: "gefitinib"))).values
        let keys = Dictionary(uniqueKeysWithValues: try c.cellLines().map { ($0.id, $0.key) })

        // The run's own modulator, and a copy of it under another name: refused, nothing written.
        try Self.importModulator("emtcopy", emt.map { (keys[$0.key]!, $0.value) }, catalog: catalog, scratch: scratch)
        let before = try fingerprint(catalog)
        for (response, why) in [(nil, "is the modulator the networks were built along"), ("emtcopy", "correlates with the networks' modulator emt")] {
            let result = try samplenet(["trip", "--run", "1", "--catalog", catalog] + (response.map { ["--response", $0] } ?? []))
            #expect(result.status == 64 && result.stderr.contains("circular") && result.stderr.contains(why), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try fingerprint(catalog) == before)

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
}
