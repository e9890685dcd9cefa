import Foundation
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 1.7's static arm: h = infinity in the bandwidth CV. Targets whose coefficients do
/// not move with the modulator get the static fit, one network for every cell, equal to a
/// uniform-weight elastic net built another way; the batched path equals the per-fit path.
@Suite struct StaticArmTests {
    /// 160 cells, 6 regulators. Targets 0-2 are static: t = 1.5 r_k - r_(k+3) + noise in every
    /// cell. Target 3 switches: its coefficient on r_0 is 2 above the median modulator and 0
    /// below.
    static func data(seed: UInt64 = 17) -> (modulator: [Double], regulators: Matrix, targets: Matrix) {
        var rng = SplitMix64(seed: seed)
        let n = 160, q = 6
        let m = KernelWeights.standardise((0..<n).map { _ in rng.standardNormal() })!
        let median = m.sorted()[n / 2]
        let regulators = Matrix(rows: n, columns: q, values: (0..<(n * q)).map { _ in rng.standardNormal() })
        var targets = Matrix(rows: n, columns: 4)
        for i in 0..<n {
            for k in 0..<3 { targets[i, k] = 1.5 * regulators[i, k] - regulators[i, k + 3] + 0.5 * rng.standardNormal() }
            targets[i, 3] = (m[i] >= median ? 2 : 0) * regulators[i, 0] + 0.5 * rng.standardNormal()
        }
        return (m, regulators, targets)
    }

    static func profiler(_ options: ProfilerOptions = ProfilerOptions()) throws -> NetworkProfiler {
        let d = data()
        return try NetworkProfiler(modulator: d.modulator, regulators: d.regulators, targets: d.targets,
                                   targetSelfIndex: [nil, nil, nil, nil], options: options)
    }

    /// The rules of the choice: the static fit stays unless the best finite h gains more than
    /// one paired standard error, "edge" is the grid's smallest or largest value, no static
    /// arm means no static choice.
    @Test func choiceRules() {
        // Static 2 per cell; h = 0.5 gains 0.5 in two cells of four: d = (0, 0.5, 0, 0.5),
        // sum 1, sd 0.2887, SE sqrt(4) x 0.2887 = 0.577 < 1: a clear gain, so it varies.
        let clear = BandwidthCV(grid: [0.1, 0.5, 1], squared: [[2, 2, 2, 2], [2, 1.5, 2, 1.5], [2, 2, 2, 1.9]],
                                staticSquared: [2, 2, 2, 2])
        #expect(abs(clear.differenceSE! - 2 * (1.0 / 12).squareRoot()) < 1e-15)
        #expect(!clear.isStatic && clear.selected == 0.5 && clear.errors == [8, 7, 7.9] && !clear.onBoundary)
        #expect(abs(clear.gainOverStatic! - 0.125) < 1e-15)
        // The same total gain from one cell: d = (0, 0, 0, 1), SE 2 x 0.5 = 1, not more: static.
        let noisy = BandwidthCV(grid: [0.1, 0.5, 1], squared: [[2, 2, 2, 2], [2, 2, 2, 1], [2, 2, 2, 1.9]],
                                staticSquared: [2, 2, 2, 2])
        #expect(noisy.isStatic && noisy.selected == .infinity && noisy.selectedError == 8 && noisy.bestFinite == 0.5)
        let edge = BandwidthCV(grid: [0.1, 0.5, 1], errors: [3, 2.5, 1.5], staticError: 2, differenceSE: 0.1)
        #expect(!edge.isStatic && edge.selected == 1 && edge.onBoundary && abs(edge.gainOverStatic! - 0.25) < 1e-15)
        let without = BandwidthCV(grid: [0.1, 0.5], squared: [[1], [9]], staticSquared: nil)
        #expect(!without.isStatic && without.selected == 0.1 && without.onBoundary && without.gainOverStatic == nil)
        #expect(without.differenceSE == nil)
    }

    /// The static targets select h = infinity and the switching one a finite h, with the full
    /// default estimator (CV + recursive mWAICc).
    @Test func staticTruthSelectsTheStaticFit() throws {
        let profiler = try Self.profiler()
        let results = try #require(try profiler.profile(batch: [0, 1, 2, 3], threads: 2, stop: StopFlag()))
        for k in 0..<3 {
            let cv = try #require(results[k].cv)
            #expect(cv.isStatic && results[k].bandwidth == .infinity, "target \(k): \(cv)")
        }
        let switching = try #require(results[3].cv)
        #expect(!switching.isStatic && results[3].bandwidth <= 0.5, "switching target: \(switching)")
        #expect((switching.gainOverStatic ?? 0) > 0.2)
    }

    /// A static target's networks are one network in every cell, equal (1e-9) to the
    /// selection on a uniform-weight problem built from the centred scatter (LineScatter,
    /// not WeightedDesign); and the batched path equals the per-fit path, which fits h =
    /// infinity at every held-out cell and every cell.
    @Test func staticNetworksEqualAUniformFitAndThePerFitPath() throws {
        let profiler = try Self.profiler()
        let batched = try #require(try profiler.profile(batch: [0, 1, 2, 3], threads: 2, stop: StopFlag()))
        let single = try (0..<4).map { try #require(try profiler.profile(target: $0, threads: 2, stop: StopFlag())) }
        let (difference, same) = BatchedProfilerTests.compare(batched, single)
        #expect(same && difference <= 1e-9, "batched vs per-fit: \(difference)")
        for k in 0..<4 { #expect(batched[k].cv?.staticError != nil && batched[k].cv?.staticError == single[k].cv?.staticError) }

        let d = Self.data()
        let all = Array(0..<160)
        let scatter = LineScatter(regulators: d.regulators, targets: d.targets, lines: all)
        let scale = (0..<6).map { NetworkProfiler.populationSD(d.regulators.column($0)) }
        let base = scatter.standardised(nil, regulatorScale: scale)
        let data = FoldProfileData(regulators: d.regulators, targets: d.targets, targetSelfIndex: [nil, nil, nil, nil],
                                   regulatorGenes: Array(0..<6), targetGenes: Array(0..<4), options: ProfilerOptions())
        for k in 0..<3 {
            let first = batched[k].fits[0]
            #expect(batched[k].fits.allSatisfy { $0.edges == first.edges && $0.intercept == first.intercept })
            let reference = try #require(try StaticPerturbation.staticFit(target: k, scatter: scatter, base: base, data: data,
                                                                          targetScale: NetworkProfiler.populationSD(d.targets.column(k))))
            var worst = 0.0
            for j in 0..<6 { worst = max(worst, abs((first.edges.first { $0.regulator == j }?.beta ?? 0) - reference.beta[j])) }
            // lambda_max comes from c, summed in another order here: the same grid point differs in the last bits.
            #expect(worst <= 1e-9 && abs((first.lambda ?? 0) - reference.lambda) <= 1e-12 * reference.lambda && first.gamma == reference.gamma,
                    "static fit vs uniform reference: \(worst), lambda \(String(describing: first.lambda)) vs \(reference.lambda)")
        }
    }

    /// Without the arm (as for runs recorded before it) no target is static, and a run's
    /// recorded options without the key decode to "no arm".
    @Test func theArmCanBeLeftOutAndOldRunsResumeWithoutIt() throws {
        var options = ProfilerOptions()
        options.staticArm = false
        let results = try #require(try Self.profiler(options).profile(batch: [0, 3], threads: 2, stop: StopFlag()))
        #expect(results.allSatisfy { $0.bandwidth.isFinite && $0.cv?.staticError == nil })
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ProfilerOptions())) as! [String: Any]
        #expect(json["staticArm"] as? Bool == true)
        json.removeValue(forKey: "staticArm")
        let old = try JSONDecoder().decode(ProfilerOptions.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(!old.includesStaticArm && ProfilerOptions().includesStaticArm)
        #expect(ProfilerOptions().cvFits(cells: 160) == 6 * 32 + 1 && old.cvFits(cells: 160) == 6 * 32)
    }

    /// At h = infinity a target's fit is the same at every centre (the network inversion's
    /// grid), with the uniform weights' residual variance.
    @Test func staticCentreFitsDoNotMoveWithTheCentre() throws {
        let profiler = try Self.profiler()
        let fits = try #require(try profiler.fits(centres: [-1.5, 0, 2], batch: [0, 3], bandwidths: [.infinity, 0.2], threads: 2,
                                                  stop: StopFlag()))
        #expect(fits[0][0].fit.edges == fits[2][0].fit.edges && fits[0][0].residualVariance == fits[2][0].residualVariance)
        #expect(fits[0][0].fit.cell == 0 && fits[2][0].fit.cell == 2)
        #expect(fits[0][1].fit.edges != fits[2][1].fit.edges)
    }
}
