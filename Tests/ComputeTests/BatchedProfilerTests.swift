import Foundation
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 1.5: the batched path equals the per-fit path and is thread-count independent.
@Suite struct BatchedProfilerTests {
    /// Several targets (one of them also a regulator, so its self-edge is excluded).
    static func data(n: Int, q: Int, p: Int, seed: UInt64) -> (modulator: [Double], regulators: Matrix, targets: Matrix, selfIndex: [Int?]) {
        var rng = SplitMix64(seed: seed)
        func normal() -> Double { rng.standardNormal() }
        let m = (0..<n).map { _ in normal() }
        let regulators = Matrix(rows: n, columns: q, values: (0..<(n * q)).map { _ in normal() })
        var targets = Matrix(rows: n, columns: p)
        for i in 0..<n {
            for k in 0..<p {
                let switchOn = m[i] > Double(k - 1) * 0.5 ? 1.0 : 0.2
                targets[i, k] = switchOn * regulators[i, k % q] - 0.5 * regulators[i, (k + 3) % q] + 0.3 * normal()
            }
        }
        targets[0, 0] += 0       // keep Matrix mutable use obvious
        var selfIndex = [Int?](repeating: nil, count: p)
        for i in 0..<n { targets[i, p - 1] = regulators[i, 2] + 0.1 * normal() }
        selfIndex[p - 1] = 2
        return (m, regulators, targets, selfIndex)
    }

    static func compare(_ batched: [TargetResult], _ single: [TargetResult]) -> (maxDifference: Double, sameHyperparameters: Bool) {
        var worst = 0.0, same = true
        for (b, s) in zip(batched, single) {
            if b.bandwidth != s.bandwidth { same = false }
            for (fb, fs) in zip(b.fits, s.fits) {
                // lambda_max comes from c, which dgemm and dgemv sum in different orders: the
                // same grid position differs in the last bits.
                if let lb = fb.lambda, let ls = fs.lambda { if abs(lb - ls) > 1e-12 * ls { same = false } }
                else if (fb.lambda == nil) != (fs.lambda == nil) { same = false }
                if fb.gamma != fs.gamma || fb.fallback != fs.fallback { same = false }
                var betas: [Int: (Double, Double)] = [:]
                for e in fb.edges { betas[e.regulator, default: (0, 0)].0 = e.beta }
                for e in fs.edges { betas[e.regulator, default: (0, 0)].1 = e.beta }
                for (_, pair) in betas { worst = max(worst, abs(pair.0 - pair.1)) }
                worst = max(worst, abs(fb.intercept - fs.intercept))
            }
            if (b.cv == nil) != (s.cv == nil) || b.cv?.staticError == nil && s.cv?.staticError != nil { same = false }
            for (eb, es) in zip((b.cv?.errors ?? []) + [b.cv?.staticError ?? 0], (s.cv?.errors ?? []) + [s.cv?.staticError ?? 0]) {
                worst = max(worst, abs(eb - es) / max(1, abs(es)))
            }
        }
        return (worst, same)
    }

    /// Coefficients within 1e-9 and the same selected bandwidth, lambda and gamma, with the
    /// full default estimator (CV + recursion) and with both kernels.
    @Test(arguments: [KernelKind.gaussian, .knn])
    func batchedEqualsPerFitPath(_ kernel: KernelKind) throws {
        let d = Self.data(n: 50, q: 8, p: 4, seed: 21)
        var options = ProfilerOptions()
        options.kernel = kernel
        options.neighbours = 12
        let profiler = try NetworkProfiler(modulator: d.modulator, regulators: d.regulators, targets: d.targets,
                                           targetSelfIndex: d.selfIndex, options: options)
        let batched = try #require(try profiler.profile(batch: [0, 1, 2, 3], threads: 2, stop: StopFlag()))
        let single = try (0..<4).map { try #require(try profiler.profile(target: $0, threads: 2, stop: StopFlag())) }
        let (difference, same) = Self.compare(batched, single)
        #expect(difference <= 1e-9, "max |difference| \(difference)")
        #expect(same)
        #expect(batched[3].fits.allSatisfy { fit in !fit.edges.contains { $0.regulator == 2 } })
    }

    /// With every hyperparameter fixed, each final fit is warm-started from the previous
    /// cell's answer (chains of NetworkProfiler.warmStartChunk cells); the per-fit path
    /// starts every fit from zero. Same optimum either way, and the chains do not depend on
    /// the thread count.
    @Test func neighbourWarmStartsChangeNothing() throws {
        let d = Self.data(n: 70, q: 12, p: 3, seed: 31)
        var options = ProfilerOptions()
        options.fixedBandwidth = 0.1
        options.selection.lambdas = .fixed(0.05)
        options.selection.gammas = [0.1]
        options.selection.rounds = 1
        let profiler = try NetworkProfiler(modulator: d.modulator, regulators: d.regulators, targets: d.targets,
                                           targetSelfIndex: d.selfIndex, options: options)
        let batched = try #require(try profiler.profile(batch: [0, 1, 2], threads: 2, stop: StopFlag()))
        let single = try (0..<3).map { try #require(try profiler.profile(target: $0, threads: 2, stop: StopFlag())) }
        let (difference, same) = Self.compare(batched, single)
        #expect(difference <= 1e-9, "max |difference| \(difference)")
        #expect(same)
        #expect(batched.contains { $0.fits.contains { !$0.edges.isEmpty } })
        let oneThread = try profiler.profile(batch: [0, 1, 2], threads: 1, stop: StopFlag())
        #expect(oneThread == batched)
    }

    @Test func batchedIsBitIdenticalAcrossThreadCounts() throws {
        let d = Self.data(n: 50, q: 7, p: 3, seed: 4)
        var options = ProfilerOptions()
        options.selection.rounds = 2
        let profiler = try NetworkProfiler(modulator: d.modulator, regulators: d.regulators, targets: d.targets,
                                           targetSelfIndex: d.selfIndex, options: options)
        let one = try profiler.profile(batch: [0, 1, 2], threads: 1, stop: StopFlag())
        let two = try profiler.profile(batch: [0, 1, 2], threads: 2, stop: StopFlag())
        let four = try profiler.profile(batch: [2, 0, 1].sorted(), threads: 4, stop: StopFlag())
        #expect(one != nil && one == two && two == four)
    }

    @Test func batchOrderDoesNotChangeATargetsResult() throws {
        let d = Self.data(n: 40, q: 6, p: 3, seed: 8)
        var options = ProfilerOptions()
        options.fixedBandwidth = 0.5
        let profiler = try NetworkProfiler(modulator: d.modulator, regulators: d.regulators, targets: d.targets,
                                           targetSelfIndex: d.selfIndex, options: options)
        let all = try #require(try profiler.profile(batch: [0, 1, 2], threads: 2, stop: StopFlag()))
        let alone = try #require(try profiler.profile(batch: [1], threads: 2, stop: StopFlag()))
        #expect(Self.compare([all[1]], alone).maxDifference <= 1e-12)
    }
}
