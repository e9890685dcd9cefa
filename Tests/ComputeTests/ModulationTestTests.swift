import Foundation
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 1.7's permutation test: BH against a hand computation, permutations that are
/// permutations (within strata too), a planted varying edge found at the smallest possible p,
/// p-values of static edges not piled up near 0, and threads that change nothing.
@Suite struct ModulationTestTests {
    @Test func benjaminiHochbergMatchesAHandComputation() {
        // Sorted: 0.005, 0.01, 0.03, 0.04, 0.5 -> p m / rank = 0.025, 0.025, 0.05, 0.05, 0.5,
        // then the running minimum from the top (R's p.adjust(p, "BH") gives the same).
        let q = ModulationTest.benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5])
        let expected = [0.025, 0.05, 0.05, 0.025, 0.5]
        #expect(zip(q, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(q)")
        #expect(ModulationTest.benjaminiHochberg([0.9, 0.8]) == [0.9, 0.9])
        #expect(ModulationTest.benjaminiHochberg([]).isEmpty)
    }

    @Test func permutationsArePermutationsWithinStrata() {
        let strata = (0..<30).map { $0 % 3 }
        let a = ModulationTest.permutation(lines: 30, strata: strata, seed: 1, index: 0)
        #expect(a.sorted() == Array(0..<30) && a != Array(0..<30))
        #expect((0..<30).allSatisfy { strata[a[$0]] == strata[$0] })
        #expect(a == ModulationTest.permutation(lines: 30, strata: strata, seed: 1, index: 0))
        #expect(a != ModulationTest.permutation(lines: 30, strata: strata, seed: 1, index: 1))
        #expect(a != ModulationTest.permutation(lines: 30, strata: strata, seed: 2, index: 0))
        let free = ModulationTest.permutation(lines: 30, strata: nil, seed: 1, index: 0)
        #expect(free.sorted() == Array(0..<30) && !(0..<30).allSatisfy { strata[free[$0]] == strata[$0] })
    }

    /// Target 0 = (2 above the median modulator, else 0) r0 + 1.0 r1 + noise: r0 varies, r1
    /// is static. Target 1 = 0.8 r2 + noise (nothing varies). Bandwidths 0.2 and 0.5.
    static func batch(seed: UInt64, varying: Double = 2) -> ModulationTest.Batch {
        var rng = SplitMix64(seed: seed)
        let n = 100
        let m = (0..<n).map { _ in rng.standardNormal() }
        let median = m.sorted()[n / 2]
        let r = Matrix(rows: n, columns: 4, values: (0..<(n * 4)).map { _ in rng.standardNormal() })
        var t = Matrix(rows: n, columns: 2)
        for i in 0..<n {
            t[i, 0] = (m[i] >= median ? varying : 0) * r[i, 0] + r[i, 1] + 0.5 * rng.standardNormal()
            t[i, 1] = 0.8 * r[i, 2] + 0.5 * rng.standardNormal()
        }
        return ModulationTest.Batch(modulator: m, regulators: r, targets: t, selfIndices: [nil, nil], bandwidths: [0.2, 0.5], lambda: 0.05,
                                    gamma: 0.1, kernel: .gaussian, neighbours: 30, strata: nil)
    }

    /// The first target alone.
    static func single(_ b: ModulationTest.Batch) -> ModulationTest.Batch {
        var out = b
        out.targets = Matrix(rows: b.targets.rows, columns: 1, values: b.targets.column(0))
        out.selfIndices = [nil]
        out.bandwidths = [b.bandwidths[0]]
        return out
    }

    @Test func aPlantedSwitchHasTheSmallestPossibleP() throws {
        let outcome = try #require(try ModulationTest.run(Self.batch(seed: 3), permutations: 39, seed: 1, threads: 2, stop: StopFlag()))[0]
        let r0 = try #require(outcome.regulators.firstIndex(of: 0)), r1 = try #require(outcome.regulators.firstIndex(of: 1))
        #expect(outcome.pValue(r0) == 1.0 / 40, "switching edge p \(outcome.pValue(r0))")
        #expect(outcome.statistics[r0] > 3 * outcome.statistics[r1])
        #expect(outcome.pValue(r1) > 0.05, "static edge p \(outcome.pValue(r1))")
    }

    /// With nothing varying (the switch set to 0), the p-values of the static edge r1 over 12
    /// data sets behave like uniform ones: at most 3 of 12 at or below 0.1 (expected 1.2).
    @Test func staticEdgesAreNotCalledVarying() throws {
        var small = 0, all: [Double] = []
        for seed in 0..<12 {
            let outcome = try #require(try ModulationTest.run(Self.single(Self.batch(seed: 100 + UInt64(seed), varying: 0)), permutations: 19,
                                                              seed: 2 + UInt64(seed), threads: 2, stop: StopFlag()))[0]
            guard let r1 = outcome.regulators.firstIndex(of: 1) else { continue }
            all.append(outcome.pValue(r1))
            if outcome.pValue(r1) <= 0.1 { small += 1 }
        }
        #expect(all.count == 12 && small <= 3, "static-edge p-values \(all)")
        // Nor piled up at 1: their mean is that of a uniform (0.5) within 3 sd (0.083 each).
        let mean = all.reduce(0, +) / Double(all.count)
        #expect(mean > 0.25 && mean < 0.75, "mean static-edge p \(mean): \(all)")
    }

    /// A target's result is the same alone or batched with another target of another
    /// bandwidth, on 1 or 2 threads; a static target (h = infinity) gets T = 0 and p = 1.
    @Test func batchesThreadsAndStaticTargets() throws {
        let both = Self.batch(seed: 4)
        let one = try #require(try ModulationTest.run(both, permutations: 9, seed: 1, threads: 1, stop: StopFlag()))
        let two = try #require(try ModulationTest.run(both, permutations: 9, seed: 1, threads: 2, stop: StopFlag()))
        let alone = try #require(try ModulationTest.run(Self.single(both), permutations: 9, seed: 1, threads: 2, stop: StopFlag()))
        #expect(one == two && one[0] == alone[0] && one.count == 2)
        var flat = both
        flat.bandwidths = [.infinity, 0.5]
        let outcomes = try #require(try ModulationTest.run(flat, permutations: 9, seed: 1, threads: 2, stop: StopFlag()))
        #expect(!outcomes[0].regulators.isEmpty && outcomes[0].statistics.allSatisfy { $0 < 1e-12 } && outcomes[0].exceed.allSatisfy { $0 == 9 })
        #expect(outcomes[1] == one[1])
    }

    /// The standardised effect is T x sd(regulator) / sd(target), recomputed here by hand; it
    /// does not change when a regulator or the target is rescaled (T does); the planted switch
    /// is a call and the static edge is not (METHOD.md 1.7's rule).
    @Test func effectsAreStandardisedStatistics() throws {
        let batch = Self.single(Self.batch(seed: 3))
        let o = try #require(try ModulationTest.run(batch, permutations: 9, seed: 1, threads: 2, stop: StopFlag()))[0]
        func sd(_ v: [Double]) -> Double {
            let m = v.reduce(0, +) / Double(v.count)
            return (v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count)).squareRoot()
        }
        let y = batch.targets.column(0)
        for (i, j) in o.regulators.enumerated() {
            let hand = o.statistics[i] * sd(batch.regulators.column(j)) / sd(y)
            #expect(abs(o.effects[i] - hand) <= 1e-12 * max(1, hand), "regulator \(j): \(o.effects[i]) vs \(hand)")
        }
        var scaled = batch
        for i in 0..<scaled.regulators.rows { scaled.regulators[i, 0] *= 10 }
        for i in 0..<scaled.targets.rows { scaled.targets[i, 0] *= 3 }
        let s = try #require(try ModulationTest.run(scaled, permutations: 9, seed: 1, threads: 2, stop: StopFlag()))[0]
        let r0 = try #require(o.regulators.firstIndex(of: 0)), r1 = try #require(o.regulators.firstIndex(of: 1))
        #expect(s.regulators == o.regulators)
        #expect(abs(s.statistics[r0] - o.statistics[r0] * 0.3) < 1e-6 * o.statistics[r0], "T scales with sd(y) / sd(x)")
        for i in o.effects.indices { #expect(abs(s.effects[i] - o.effects[i]) < 1e-6 * max(o.effects[i], 1e-3), "effect \(i)") }
        #expect(o.effects[r0] >= ModulationCall.minimumEffect && o.effects[r1] < ModulationCall.minimumEffect, "\(o.effects)")
    }

    @Test func aCallNeedsBothTheQLevelAndTheEffect() {
        #expect(ModulationCall.varies(q: 0.05, effect: 0.2, maxQ: 0.1, minEffect: 0.1))
        #expect(!ModulationCall.varies(q: 0.05, effect: 0.09, maxQ: 0.1, minEffect: 0.1))
        #expect(!ModulationCall.varies(q: 0.2, effect: 0.9, maxQ: 0.1, minEffect: 0.1))
        #expect(!ModulationCall.varies(q: nil, effect: 0.9, maxQ: 0.1, minEffect: 0.1))
        #expect(ModulationCall.varies(q: 0.05, effect: nil, maxQ: 0.1, minEffect: 0.1), "a test stored without effects: q alone")
        #expect(ModulationCall.standardised([1], regulators: [0], x: Matrix(rows: 2, columns: 1, values: [0, 2]), y: [5, 5]) == [0])
    }
}
