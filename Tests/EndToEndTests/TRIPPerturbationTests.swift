import Foundation
import TestSupport
import Testing
@testable import Catalog

/// `trip --input perturbation` through the binary (METHOD.md 2.2): each line's input is its
/// change of a static elastic net fitted on the split's training lines, from its own
/// expression, with no modulator. So the networks' own modulator may be the response with no
/// per-fold profiles and no inversion, and a noise modulator is still not predicted. EMT,
/// which ridge on the same genes' expression predicts (R^2 about 0.9), is not predicted from
/// these perturbations either (measured: TRIP -0.11, ridge on them 0.08; docs/METHOD.md 2.2):
/// the test checks that the run is evaluated with its controls, not that it succeeds.
@Suite(.serialized) struct TRIPPerturbationTests {
    @Test func perturbationInputNeedsNoPerFoldProfilesAndDoesNotPredictNoise() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let c = try Catalog(path: catalog, mustExist: true)
        let emt = try c.modulatorValues(try #require(try c.modulator(named: "emt"))).values
        let keys = Dictionary(uniqueKeysWithValues: try c.cellLines().map { ($0.id, $0.key) })
        var random = TestRandom(seed: 192)
        let lines = Array(emt.keys.sorted().prefix(240))
        try TRIPControlsTests.importModulator("noise", lines.map { (keys[$0]!, random.standardNormal()) }, catalog: catalog, scratch: scratch)
        try TRIPControlsTests.importModulator("emt240", lines.map { (keys[$0]!, emt[$0]!) }, catalog: catalog, scratch: scratch)
        let profile = try samplenet(["profile", "--modulator", "noise", "--targets", ProfileCommandTests.targets,
                                     "--regulators", ProfileCommandTests.regulators, "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        // Run 1: networks along noise. TRIP on it: noise itself (circular for beta), then EMT.
        for (response, trip) in [("noise", 2), ("emt240", 3)] {
            let result = try samplenet("trip", "--run", "1", "--response", response, "--input", "perturbation", "--repeats", "1",
                                       "--folds", "5", "--epochs", "30", "--hidden", "0", "--catalog", catalog)
            #expect(result.status == 0 && result.stdout == "\(trip)\n", "\(result.stderr)")
            #expect(result.stderr.contains("static-network perturbation (METHOD.md 2.2): 6 sets of static fits"), "\(result.stderr)")
            #expect(result.stderr.contains("static perturbation fold 5 done") && !result.stderr.contains("per-fold profile"))
            #expect(!result.stderr.contains("inferred modulator (inversion)"))
            let r2 = try TRIPControlsTests.pooledR2(catalog, run: trip)
            let verdict = try #require(try Catalog(path: catalog, mustExist: true).tripVerdict(runID: trip))
            if response == "noise" {
                #expect(r2 <= 0.05, "noise from static perturbations: TRIP CV R^2 \(r2)")
                #expect(!verdict.isSignal)
            } else {
                let expression = try TRIPControlsTests.pooledR2(catalog, run: trip, model: "expression")
                #expect(expression > 0.5, "EMT from the same genes' expression: \(expression) (TRIP on perturbations: \(r2))")
                #expect(verdict.isSignal == (r2 > 0.05 && result.stderr.contains("verdict for emt240: signal")))
            }
        }
        let parameters = try #require(try Catalog(path: catalog, mustExist: true).run(3)?.parametersJSON)
        #expect(parameters.contains("\"input\":\"perturbation\""), "\(parameters)")
    }
}
