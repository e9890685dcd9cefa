import Foundation
import TestSupport
import Testing
@testable import Compute

/// The verdict of METHOD.md 2.3: Student's t against known quantiles and numerical
/// integration, the Nadeau-Bengio correction by hand, the verdict rule, and TRIP with its
/// controls on a planted stack and on a pure-noise response.
@Suite struct TRIPAssessmentTests {
    @Test func studentTMatchesTablesAndIntegration() {
        // Two-sided 5% quantiles from standard tables.
        for (t, df) in [(12.706205, 1), (2.776445, 4), (2.228139, 10), (1.983972, 100)] {
            #expect(abs(StudentT.twoSidedP(t: t, degreesOfFreedom: df) - 0.05) < 1e-5, "t \(t), df \(df)")
        }
        #expect(StudentT.twoSidedP(t: 0, degreesOfFreedom: 7) == 1)
        // Independent reference: Simpson's rule on the density from -|t| to |t|.
        for (t, nu) in [(1.5, 3.0), (0.7, 9.0), (3.2, 2.0)] {
            let c = exp(lgamma((nu + 1) / 2) - lgamma(nu / 2)) / (nu * Double.pi).squareRoot()
            func density(_ x: Double) -> Double { c * pow(1 + x * x / nu, -(nu + 1) / 2) }
            let steps = 20_000, h = 2 * t / Double(steps)
            var inside = density(-t) + density(t)
            for k in 1..<steps { inside += (k % 2 == 1 ? 4 : 2) * density(-t + Double(k) * h) }
            inside *= h / 3
            #expect(abs(StudentT.twoSidedP(t: t, degreesOfFreedom: Int(nu)) - (1 - inside)) < 1e-8, "t \(t), nu \(nu)")
        }
    }

    @Test func correctedTTestByHand() {
        // d = (0.1, 0.2, 0.3, 0.2, 0.2): mean 0.2, sample variance 0.005; 5 folds, 1/5 held out:
        // factor 1/5 + 0.2/0.8 = 0.45, t = 0.2 / sqrt(0.45 * 0.005) = 4.2164.
        let (t, p) = TRIPAssessment.correctedTTest([0.1, 0.2, 0.3, 0.2, 0.2], testFraction: 0.2)
        #expect(abs(t - 0.2 / (0.45 * 0.005).squareRoot()) < 1e-12)
        #expect(abs(p - StudentT.twoSidedP(t: t, degreesOfFreedom: 4)) < 1e-15)
        #expect(p > 0.01 && p < 0.02)
    }

    func scores(_ models: [String: [Double]]) -> [TRIPScore] {
        models.flatMap { model, values in values.enumerated().map { TRIPScore(model: model, fold: $0.offset, metric: "r2", value: $0.element) } }
    }

    @Test func verdictNeedsBothControlsBeatenByTwoSDAndPointZeroFive() {
        let controls = ["control-shuffled": [-0.02, 0.01, -0.04, 0.0, -0.01], "control-noise": [-0.03, -0.01, 0.02, -0.02, 0.0]]
        let strong = TRIPAssessment.assess(scores(controls.merging(["trip": [0.4, 0.45, 0.38, 0.42, 0.41]]) { a, _ in a }),
                                           metric: "r2", folds: 5, testFraction: 0.2)
        #expect(strong.verdict == .signal, "\(strong.reason)")
        let weak = TRIPAssessment.assess(scores(controls.merging(["trip": [0.05, 0.03, 0.06, 0.02, 0.04]]) { a, _ in a }),
                                         metric: "r2", folds: 5, testFraction: 0.2)
        #expect(weak.verdict == .noEvidence)           // beats 2 sd but not 0.05
        let noisyControl = ["control-shuffled": [-0.3, 0.3, -0.2, 0.25, 0.0], "control-noise": controls["control-noise"]!]
        let wide = TRIPAssessment.assess(scores(noisyControl.merging(["trip": [0.3, 0.35, 0.28, 0.32, 0.31]]) { a, _ in a }),
                                         metric: "r2", folds: 5, testFraction: 0.2)
        #expect(wide.verdict == .noEvidence && wide.reason.contains("control-shuffled"))
        let missing = TRIPAssessment.assess(scores(["trip": [0.4, 0.45, 0.38, 0.42, 0.41]]), metric: "r2", folds: 5, testFraction: 0.2)
        #expect(missing.verdict == .noEvidence)
        // Controls far below zero (per-fold profiles on real data: about -0.3) beaten by an
        // R^2 that is itself no better than the mean: not a signal.
        let low = ["control-shuffled": [-0.25, -0.3, -0.2, -0.28, -0.22], "control-noise": [-0.3, -0.35, -0.25, -0.32, -0.28]]
        let belowChance = TRIPAssessment.assess(scores(low.merging(["trip": [-0.02, 0.01, -0.03, 0.0, -0.01]]) { a, _ in a }),
                                                metric: "r2", folds: 5, testFraction: 0.2)
        #expect(belowChance.verdict == .noEvidence && belowChance.reason.contains("not above chance"), "\(belowChance.reason)")
        let aboveChance = TRIPAssessment.assess(scores(low.merging(["trip": [0.1, 0.12, 0.08, 0.11, 0.09]]) { a, _ in a }),
                                                metric: "r2", folds: 5, testFraction: 0.2)
        #expect(aboveChance.verdict == .signal, "\(aboveChance.reason)")
    }

    func options() -> TRIPOptions {
        var o = TRIPOptions()
        o.folds = 3
        o.hidden = 0
        o.ranks = [2, 2]
        o.maxEpochs = 300
        o.topEdges = 10
        return o
    }

    @Test func plantedSignalIsSignalAndNoiseIsNot() throws {
        let (stack, response, _) = TRIPTests.planted(cells: 150, seed: 31)
        let planted = try #require(try TRIPAnalysis(options: options()).run(stack: stack, response: response, threads: 2, stop: StopFlag()))
        #expect(planted.assessment.verdict == .signal, "\(planted.assessment.report(response: "planted"))")
        // The default 3 repeats x 3 folds: every summary over 9 splits, t-tests with 8 df; each
        // repeat tests every line once, and the repeats' folds differ.
        #expect(planted.assessment.summaries.allSatisfy { $0.folds == 9 } && planted.assessment.comparisons.allSatisfy { $0.degreesOfFreedom == 8 })
        #expect(planted.scores.filter { $0.model == "control-shuffled" && $0.metric == "r2" }.count == 10)
        let design = CVDesign(count: 150, repeats: 3, folds: 3, seed: options().seed)
        for r in 0..<3 { #expect(design.splits(repeat: r).flatMap(\.test).sorted() == Array(0..<150)) }
        #expect(design.assignment[0] != design.assignment[1] && design.assignment[1] != design.assignment[2])
        #expect(design.assignment[0] == foldAssignment(count: 150, folds: 3, seed: options().seed))
        var rng = TestRandom(seed: 32)
        let noise = response.map { _ in rng.standardNormal() }
        let null = try #require(try TRIPAnalysis(options: options()).run(stack: stack, response: noise, threads: 2, stop: StopFlag()))
        let pooled = null.scores.first { $0.model == "trip" && $0.fold == nil && $0.metric == "r2" }!.value
        #expect(pooled <= 0.05, "TRIP R2 on a noise response: \(pooled)")
        #expect(null.assessment.verdict == .noEvidence, "\(null.assessment.report(response: "noise"))")
        #expect(Set(null.assessment.comparisons.map(\.model)).isSuperset(of: ["hosvd", "ridge", "control-shuffled", "control-noise"]))
    }
}
