import Foundation
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 2.2: fits at arbitrary modulator values, and network inversion on a planted
/// modulator and on a noise one; a held-out line's own modulator value is never read.
@Suite struct NetworkInversionTests {
    /// Target k = m * r_k + 0.5 r_(k+1) + noise: each coefficient on r_k is the modulator itself.
    static func planted(n: Int, q: Int, seed: UInt64) -> (modulator: [Double], data: FoldProfileData) {
        var rng = SplitMix64(seed: seed)
        let m = (0..<n).map { _ in rng.standardNormal() }
        let regulators = Matrix(rows: n, columns: q, values: (0..<(n * q)).map { _ in rng.standardNormal() })
        var targets = Matrix(rows: n, columns: q)
        for i in 0..<n {
            for k in 0..<q { targets[i, k] = m[i] * regulators[i, k] + 0.5 * regulators[i, (k + 1) % q] + 0.3 * rng.standardNormal() }
        }
        let data = FoldProfileData(regulators: regulators, targets: targets, targetSelfIndex: [Int?](repeating: nil, count: q),
                                   regulatorGenes: (0..<q).map { 100 + $0 }, targetGenes: (0..<q).map { 200 + $0 }, options: .quick)
        return (m, data)
    }

    static func split(n: Int, test: Int, seed: UInt64) -> (train: [Int], test: [Int]) {
        var rng = SplitMix64(seed: seed)
        let held = Set(rng.sample(test, from: n))
        return ((0..<n).filter { !held.contains($0) }, held.sorted())
    }

    /// A fit centred at a cell's own value is that cell's fit (to warm-start rounding), and
    /// its residual variance is the kernel-weighted mean square computed here by hand.
    @Test func aFitAtACellsValueIsThatCellsFit() throws {
        let (m, data) = Self.planted(n: 80, q: 5, seed: 3)
        let profiler = try NetworkProfiler(modulator: m, regulators: data.regulators, targets: data.targets,
                                           targetSelfIndex: data.targetSelfIndex, options: .quick)
        let results = try #require(try profiler.profile(batch: [0, 1, 2, 3, 4], threads: 2, stop: StopFlag()))
        let cells = [3, 17, 40, 66]
        let centres = try #require(try profiler.fits(centres: cells.map { profiler.modulator[$0] }, batch: [0, 1, 2, 3, 4],
                                                     bandwidths: results.map(\.bandwidth), threads: 2, stop: StopFlag()))
        var worst = 0.0
        for (a, cell) in cells.enumerated() {
            for k in 0..<5 {
                let own = results[k].fits[cell], at = centres[a][k].fit
                worst = max(worst, abs(own.intercept - at.intercept))
                var betas: [Int: (Double, Double)] = [:]
                for e in own.edges { betas[e.regulator, default: (0, 0)].0 = e.beta }
                for e in at.edges { betas[e.regulator, default: (0, 0)].1 = e.beta }
                for (_, pair) in betas { worst = max(worst, abs(pair.0 - pair.1)) }
                // s2 by hand: normalised Gaussian weights, residuals of the fit.
                let w = profiler.modulator.map { exp(-($0 - profiler.modulator[cell]) * ($0 - profiler.modulator[cell]) / results[k].bandwidth) }
                let total = w.reduce(0, +)
                var s2 = 0.0
                for i in 0..<80 {
                    let yhat = at.edges.reduce(at.intercept) { $0 + $1.beta * data.regulators[i, $1.regulator] }
                    s2 += w[i] / total * (data.targets[i, k] - yhat) * (data.targets[i, k] - yhat)
                }
                #expect(abs(s2 - centres[a][k].residualVariance) <= 1e-10 * s2)
            }
        }
        #expect(worst <= 1e-8, "largest coefficient difference \(worst)")
    }

    @Test func gridIsTheTrainingQuantilesAndThePosteriorIsItsMean() {
        #expect(NetworkInversion.quantileGrid([5, 1, 4, 2, 3], count: 5) == [1, 2, 3, 4, 5])
        #expect(NetworkInversion.quantileGrid([10, 0], count: 3) == [0, 5, 10])
        let flat = NetworkInversion.posterior(logLikelihood: [0, -1e4, 0], grid: [0, 1, 2])
        #expect(abs(flat.mean - 1) < 1e-12 && abs(flat.sd - 1) < 1e-12)
        let peaked = NetworkInversion.posterior(logLikelihood: [-900, -1000, 0, -950], grid: [0, 1, 2, 3])
        #expect(peaked.mean == 2 && peaked.sd == 0)
    }

    /// The inferred modulator of held-out lines follows the planted one (r > 0.9); a noise
    /// modulator is not recovered (|r| < 0.3). Held-out values are NaN in the input: never read.
    @Test func inversionRecoversAPlantedModulatorNotANoiseOne() throws {
        let n = 200
        let (m, data) = Self.planted(n: n, q: 6, seed: 11)
        let (train, test) = Self.split(n: n, test: 50, seed: 5)
        var hidden = m
        for i in test { hidden[i] = .nan }
        let built = try #require(try NetworkInversion.build(data: data, modulator: hidden, train: train, test: test, input: .beta,
                                                            threads: 2, stop: StopFlag()))
        let truth = test.map { m[$0] }
        #expect(Metrics.pearson(built.inferred, truth) > 0.9, "r = \(Metrics.pearson(built.inferred, truth))")
        #expect(built.inferredSD.allSatisfy { $0 >= 0 && $0.isFinite })
        #expect(Set(built.entries.map(\.cell)) == Set(0..<n))                  // every line has a network
        #expect(Set(built.entries.map(\.regulatorGene)).isSubset(of: Set(100..<106)))
        let again = try #require(try NetworkInversion.build(data: data, modulator: m, train: train, test: test, input: .beta,
                                                            threads: 1, stop: StopFlag()))
        #expect(again.inferred == built.inferred && again.entries == built.entries)   // same with the values present, any threads

        var rng = SplitMix64(seed: 99)
        let noise = (0..<n).map { _ in rng.standardNormal() }
        let null = try #require(try NetworkInversion.build(data: data, modulator: noise, train: train, test: test, input: .beta,
                                                           threads: 2, stop: StopFlag()))
        let r = Metrics.pearson(null.inferred, test.map { noise[$0] })
        #expect(abs(r) < 0.3, "noise modulator recovered with r = \(r)")
    }

    /// RE input: each line's values are its network times its own regulator expression.
    @Test func regulatoryEffectInputUsesTheLinesExpression() throws {
        let (m, data) = Self.planted(n: 120, q: 4, seed: 8)
        let (train, test) = Self.split(n: 120, test: 30, seed: 2)
        let beta = try #require(try NetworkInversion.build(data: data, modulator: m, train: train, test: test, input: .beta, threads: 2, stop: StopFlag()))
        let re = try #require(try NetworkInversion.build(data: data, modulator: m, train: train, test: test, input: .re, threads: 2, stop: StopFlag()))
        #expect(re.inferred == beta.inferred)
        // Regulators are not targets here, so RE = beta x r_j exactly.
        let expected = Dictionary(uniqueKeysWithValues: beta.entries.map { e in
            ([e.cell, e.regulatorGene, e.targetGene], e.value * data.regulators[e.cell, e.regulatorGene - 100])
        })
        #expect(re.entries.count == beta.entries.count)
        #expect(re.entries.allSatisfy { abs($0.value - expected[[$0.cell, $0.regulatorGene, $0.targetGene]]!) <= 1e-12 * abs($0.value) })
    }

    /// Stacks with different genes and edges on one layout: every entry kept (as gene ids),
    /// one column per (regulator, target) in all of them, rows still sorted by column.
    @Test func alignedStacksKeepTheirEntriesOnOneLayout() {
        typealias E = EdgeStack.Entry
        let a = EdgeStack(cellCount: 2, entries: [E(cell: 0, regulatorGene: 5, targetGene: 9, value: 1), E(cell: 1, regulatorGene: 7, targetGene: 9, value: 2)])
        let b = EdgeStack(cellCount: 2, entries: [E(cell: 0, regulatorGene: 3, targetGene: 9, value: 3), E(cell: 0, regulatorGene: 7, targetGene: 4, value: 4),
                                                  E(cell: 1, regulatorGene: 5, targetGene: 9, value: 5)])
        let aligned = EdgeStack.aligned([a, b])
        func triples(_ s: EdgeStack) -> Set<[Double]> {
            Set(s.entries.map { [Double($0.cell), Double($0.regulatorGene), Double($0.targetGene), $0.value] })
        }
        #expect(triples(aligned[0]) == triples(a) && triples(aligned[1]) == triples(b))
        #expect(aligned[0].edgeCount == 4 && aligned[1].edgeCount == 4)
        #expect(aligned[0].edgeRegulator == aligned[1].edgeRegulator && aligned[0].edgeTarget == aligned[1].edgeTarget)
        #expect(aligned[0].regulatorGenes == [3, 5, 7] && aligned[0].targetGenes == [4, 9])
        for s in aligned {
            for i in 0..<s.cellCount { let row = Array(s.entryEdge[s.rowStart[i]..<s.rowStart[i + 1]]); #expect(row == row.sorted()) }
        }
        // Same column order as a stack built directly from all the entries.
        let direct = EdgeStack(cellCount: 2, entries: a.entries + b.entries.map { E(cell: $0.cell, regulatorGene: $0.regulatorGene, targetGene: $0.targetGene, value: $0.value + 10) })
        #expect(direct.edgeRegulator == aligned[0].edgeRegulator && direct.edgeTarget == aligned[0].edgeTarget)
    }
}
