import Foundation
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 2.2's static-network perturbation: the rank-one leave-one-out and add-one fits
/// equal fits rebuilt from scratch (WeightedDesign with a zero or an extra kernel weight),
/// and the input carries each line's own coefficient, held-out lines included.
@Suite struct StaticPerturbationTests {
    /// Target k = slope_i r_k + 0.5 r_(k+1) + noise, slope 1 on the first half of the lines
    /// and 3 on the second: a static fit sees 2, each line's influence says which half it is in.
    static func planted(n: Int, q: Int, seed: UInt64, options: ProfilerOptions) -> FoldProfileData {
        var rng = SplitMix64(seed: seed)
        let regulators = Matrix(rows: n, columns: q, values: (0..<(n * q)).map { _ in rng.standardNormal() })
        var targets = Matrix(rows: n, columns: q)
        for i in 0..<n {
            let slope = i < n / 2 ? 1.0 : 3.0
            for k in 0..<q { targets[i, k] = slope * regulators[i, k] + 0.5 * regulators[i, (k + 1) % q] + 0.3 * rng.standardNormal() }
        }
        return FoldProfileData(regulators: regulators, targets: targets, targetSelfIndex: [Int?](repeating: nil, count: q),
                               regulatorGenes: (0..<q).map { 100 + $0 }, targetGenes: (0..<q).map { 200 + $0 }, options: options)
    }

    /// Selection by mWAICc over a lambda path, two gammas and two adaptive rounds, so that
    /// lambda, gamma and the adaptive weights all carry over to the per-line fits.
    static var selecting: ProfilerOptions {
        var o = ProfilerOptions.quick
        o.selection.lambdas = .path(count: 8, ratio: 0.01)
        o.selection.gammas = [0.01, 0.1]
        o.selection.rounds = 2
        return o
    }

    /// Original-scale coefficients of target k on `lines` with kernel weights `kernel`, at B's
    /// lambda, gamma and adaptive weights, from a design built row by row (the reference).
    static func reference(_ data: FoldProfileData, lines: [Int], kernel: [Double], target k: Int, fit: StaticPerturbation.StaticFit) -> [Double] {
        var rows = Matrix(rows: lines.count, columns: data.regulators.columns)
        for (r, i) in lines.enumerated() { for j in 0..<rows.columns { rows[r, j] = data.regulators[i, j] } }
        let scale = (0..<rows.columns).map { NetworkProfiler.populationSD(data.regulators.column($0)) }
        let design = WeightedDesign(regulators: rows, kernel: kernel, regulatorScale: scale)
        let problem = design.problem(target: lines.map { data.targets[$0, k] }, selfIndex: data.targetSelfIndex[k],
                                     targetScale: NetworkProfiler.populationSD(data.targets.column(k)))
        let solution = problem.gram.withUnsafeBufferPointer {
            ElasticNetSolver().solve(gram: $0, correlations: problem.correlations, lambda: fit.lambda, gamma: fit.gamma,
                                     penalty: fit.penalty, excluded: problem.excluded)
        }
        return problem.originalScale(solution.coefficients).coefficients
    }

    /// X_i of `line` for target k from fits rebuilt from the rows: n B - (n - 1) B_-i for a
    /// training line, (n + 1) B_+i - n B for a held-out one (`held`).
    static func referenceInput(_ data: FoldProfileData, train: [Int], line: Int, held: Bool, target k: Int,
                               fit: StaticPerturbation.StaticFit) -> [Double] {
        let n = Double(train.count)
        let lines = held ? train + [line] : train
        let kernel = lines.map { !held && $0 == line ? 0.0 : 1.0 }
        let changed = reference(data, lines: lines, kernel: kernel, target: k, fit: fit)
        return changed.indices.map { j in held ? (n + 1) * changed[j] - n * fit.beta[j] : n * fit.beta[j] - (n - 1) * changed[j] }
    }

    /// X_i from build() equals n B - (n - 1) B_-i and (n + 1) B_+i - n B with B_-i and B_+i
    /// refitted from scratch (cold start, Gram from the rows); the tolerance allows for the
    /// factor n on rounding-level differences of the coefficients.
    @Test func perturbationsEqualRefitsFromScratch() throws {
        let data = Self.planted(n: 60, q: 6, seed: 11, options: Self.selecting)
        let test = [5, 33, 47], train = (0..<60).filter { !test.contains($0) }
        let entries = try #require(try StaticPerturbation.build(data: data, train: train, test: test, threads: 2, stop: StopFlag()))
        var value: [[Int]: Double] = [:]
        for e in entries { value[[e.cell, e.regulatorGene - 100, e.targetGene - 200]] = e.value }
        let scatter = LineScatter(regulators: data.regulators, targets: data.targets, lines: train)
        let scale = (0..<6).map { NetworkProfiler.populationSD(data.regulators.column($0)) }
        let base = scatter.standardised(nil, regulatorScale: scale)
        var worst = 0.0, rounds = Set<Int>()
        for k in 0..<6 {
            let fit = try #require(try StaticPerturbation.staticFit(target: k, scatter: scatter, base: base, data: data,
                                                                    targetScale: NetworkProfiler.populationSD(data.targets.column(k))))
            if fit.penalty.contains(where: { $0 != 1 }) { rounds.insert(k) }
            let b = Self.reference(data, lines: train, kernel: [Double](repeating: 1, count: train.count), target: k, fit: fit)
            for j in 0..<6 { worst = max(worst, abs(b[j] - fit.beta[j])) }
            for line in [train[0], train[20], train[56], 5, 47] {
                let expected = Self.referenceInput(data, train: train, line: line, held: test.contains(line), target: k, fit: fit)
                for j in 0..<6 { worst = max(worst, abs((value[[line, j, k]] ?? 0) - expected[j]) / max(1, abs(expected[j]))) }
            }
        }
        #expect(worst <= 1e-8, "largest difference from refits \(worst)")
        #expect(!rounds.isEmpty, "no target used adaptive weights: the test would not check that they carry over")
    }

    /// Each line's X on the planted edge r_k -> t_k tells its half apart (slope 1 or 3), for
    /// training lines and for held-out lines (from their expression alone), where B is one
    /// number for every line.
    @Test func theInputCarriesEachLinesOwnCoefficient() throws {
        let data = Self.planted(n: 200, q: 5, seed: 4, options: .quick)
        var rng = SplitMix64(seed: 9)
        let test = rng.sample(40, from: 200).sorted(), train = (0..<200).filter { !test.contains($0) }
        let entries = try #require(try StaticPerturbation.build(data: data, train: train, test: test, threads: 2, stop: StopFlag()))
        var planted = [Double](repeating: 0, count: 200)
        for e in entries where e.regulatorGene - 100 == 0 && e.targetGene == 200 { planted[e.cell] = e.value }
        func separation(_ lines: [Int]) -> Double {
            let low = lines.filter { $0 < 100 }.map { planted[$0] }, high = lines.filter { $0 >= 100 }.map { planted[$0] }
            return Metrics.auroc(labels: low.map { _ in false } + high.map { _ in true }, scores: low + high)
        }
        #expect(separation(train) > 0.85, "training lines' AUROC \(separation(train))")
        #expect(separation(test) > 0.8, "held-out lines' AUROC \(separation(test))")
    }
}
