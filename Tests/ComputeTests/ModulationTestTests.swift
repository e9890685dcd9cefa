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
        let a = ModulationTest.permutation(lines: 30, strata: strata, seed: 1, key: 7, index: 0)
        #expect(a.sorted() == Array(0..<30) && a != Array(0..<30))
        #expect((0..<30).allSatisfy { strata[a[$0]] == strata[$0] })
        #expect(a == ModulationTest.permutation(lines: 30, strata: strata, seed: 1, key: 7, index: 0))
        #expect(a != ModulationTest.permutation(lines: 30, strata: strata, seed: 1, key: 7, index: 1))
        #expect(a != ModulationTest.permutation(lines: 30, strata: strata, seed: 1, key: 8, index: 0))
        let free = ModulationTest.permutation(lines: 30, strata: nil, seed: 1, key: 7, index: 0)
        #expect(free.sorted() == Array(0..<30) && !(0..<30).allSatisfy { strata[free[$0]] == strata[$0] })
    }

    /// Target = (2 above the median modulator, else 0) r0 + 1.0 r1 + noise: r0 varies, r1 is static.
    static func problem(seed: UInt64, varying: Double = 2) -> ModulationTest.Problem {
        var rng = SplitMix64(seed: seed)
        let n = 100
        let m = (0..<n).map { _ in rng.standardNormal() }
        let median = m.sorted()[n / 2]
        let r = Matrix(rows: n, columns: 4, values: (0..<(n * 4)).map { _ in rng.standardNormal() })
        let t = (0..<n).map { i in (m[i] >= median ? varying : 0) * r[i, 0] + r[i, 1] + 0.5 * rng.standardNormal() }
        return ModulationTest.Problem(modulator: m, regulators: r, target: t, selfIndex: nil, kernel: .gaussian, neighbours: 30,
                                      hyperparameters: .init(bandwidth: 0.2, lambda: 0.05, gamma: 0.1), strata: nil)
    }

    @Test func aPlantedSwitchHasTheSmallestPossibleP() throws {
        let outcome = try #require(try ModulationTest.run(Self.problem(seed: 3), permutations: 39, seed: 1, key: 5, threads: 2,
                                                          stop: StopFlag()))
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
            let outcome = try #require(try ModulationTest.run(Self.problem(seed: 100 + UInt64(seed), varying: 0), permutations: 19,
                                                              seed: 2, key: seed, threads: 2, stop: StopFlag()))
            guard let r1 = outcome.regulators.firstIndex(of: 1) else { continue }
            all.append(outcome.pValue(r1))
            if outcome.pValue(r1) <= 0.1 { small += 1 }
        }
        #expect(all.count == 12 && small <= 3, "static-edge p-values \(all)")
        // Nor piled up at 1: their mean is that of a uniform (0.5) within 3 sd (0.083 each).
        let mean = all.reduce(0, +) / Double(all.count)
        #expect(mean > 0.25 && mean < 0.75, "mean static-edge p \(mean): \(all)")
    }

    @Test func threadsAndStaticTargets() throws {
        let problem = Self.problem(seed: 4)
        let one = try ModulationTest.run(problem, permutations: 9, seed: 1, key: 2, threads: 1, stop: StopFlag())
        let two = try ModulationTest.run(problem, permutations: 9, seed: 1, key: 2, threads: 2, stop: StopFlag())
        #expect(one != nil && one == two)
        var fixed = problem
        fixed.hyperparameters.bandwidth = .infinity
        let flat = try #require(try ModulationTest.run(fixed, permutations: 9, seed: 1, key: 2, threads: 2, stop: StopFlag()))
        #expect(!flat.regulators.isEmpty && flat.statistics.allSatisfy { $0 < 1e-12 } && flat.exceed.allSatisfy { $0 == 9 })
    }
}
