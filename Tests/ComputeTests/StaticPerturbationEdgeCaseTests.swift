import Foundation
import TestSupport
import Testing
@testable import Compute

/// The static perturbation's corner cases, each against fits rebuilt from the rows
/// (StaticPerturbationTests.reference): a gene that varies in one line only, a target that is
/// also a regulator, and the thread count.
@Suite struct StaticPerturbationEdgeCaseTests {
    /// 40 lines, 6 genes; regulator 0 is zero except in training line 3 (removing line 3
    /// leaves it constant), regulator 1 is zero on the training lines and not on held-out
    /// line 7 (adding line 7 makes it vary); target k is also regulator (k + 2) mod 6.
    static func corners() -> (data: FoldProfileData, train: [Int], test: [Int]) {
        var data = StaticPerturbationTests.planted(n: 40, q: 6, seed: 21, options: StaticPerturbationTests.selecting)
        let test = [7, 19, 30], train = (0..<40).filter { !test.contains($0) }
        for i in 0..<40 {
            data.regulators[i, 0] = i == 3 ? 1.1 : 0
            data.regulators[i, 1] = i == 7 ? -1.5 : 0
        }
        data.targetSelfIndex = (0..<6).map { ($0 + 2) % 6 }
        return (data, train, test)
    }

    /// Removing the only line in which a gene varies leaves it exactly constant (sd 0,
    /// excluded), not rounding noise that the 1e-8 exclusion rule might let through.
    @Test func aGeneExpressedInOneLineIsConstantWithoutIt() {
        let (data, train, _) = Self.corners()
        let scatter = LineScatter(regulators: data.regulators, targets: data.targets, lines: train)
        let scale = (0..<6).map { NetworkProfiler.populationSD(data.regulators.column($0)) }
        let without = scatter.standardised(LineScatter.Change(regulators: Array(data.regulators.row(3)),
                                                              targets: Array(data.targets.row(3)), sign: -1), regulatorScale: scale)
        #expect(without.sds[0] == 0 && without.excluded[0], "sd after removing line 3: \(without.sds[0])")
        #expect((0..<6).allSatisfy { without.gram[$0] == 0 && without.gram[$0 * 6] == 0 })
        let base = scatter.standardised(nil, regulatorScale: scale)
        #expect(base.excluded[1] && !base.excluded[0])
        let with7 = scatter.standardised(LineScatter.Change(regulators: Array(data.regulators.row(7)),
                                                            targets: Array(data.targets.row(7)), sign: 1), regulatorScale: scale)
        #expect(!with7.excluded[1] && with7.sds[1] > 0)
    }

    /// Every line's X for every edge equals n B - (n - 1) B_-i or (n + 1) B_+i - n B refitted
    /// from the rows, with the self-regulator excluded: the corner lines 3 and 7 included.
    @Test func cornerLinesAndSelfRegulatorsMatchRefits() throws {
        let (data, train, test) = Self.corners()
        let entries = try #require(try StaticPerturbation.build(data: data, train: train, test: test, threads: 1, stop: StopFlag()))
        var value: [[Int]: Double] = [:]
        for e in entries { value[[e.cell, e.regulatorGene - 100, e.targetGene - 200]] = e.value }
        for e in entries { #expect(e.regulatorGene - 100 != (e.targetGene - 200 + 2) % 6, "self edge \(e)") }
        let scatter = LineScatter(regulators: data.regulators, targets: data.targets, lines: train)
        let scale = (0..<6).map { NetworkProfiler.populationSD(data.regulators.column($0)) }
        let base = scatter.standardised(nil, regulatorScale: scale)
        var worst = 0.0, checked = 0
        for k in 0..<6 {
            guard let fit = try StaticPerturbation.staticFit(target: k, scatter: scatter, base: base, data: data,
                                                             targetScale: NetworkProfiler.populationSD(data.targets.column(k))) else { continue }
            for line in [3, 7, train[10], 19] {
                let expected = StaticPerturbationTests.referenceInput(data, train: train, line: line, held: test.contains(line),
                                                                      target: k, fit: fit)
                for j in 0..<6 { worst = max(worst, abs((value[[line, j, k]] ?? 0) - expected[j]) / max(1, abs(expected[j]))) }
                checked += 6
            }
        }
        #expect(checked >= 5 * 4 * 6, "only \(checked) coefficients checked: too few targets had a static fit")
        #expect(worst <= 1e-8, "largest difference from refits \(worst)")
    }

    /// One thread and two give the same entries, bit for bit and in the same order.
    @Test func threadsDoNotChangeTheInput() throws {
        let (data, train, test) = Self.corners()
        let one = try #require(try StaticPerturbation.build(data: data, train: train, test: test, threads: 1, stop: StopFlag()))
        let two = try #require(try StaticPerturbation.build(data: data, train: train, test: test, threads: 2, stop: StopFlag()))
        #expect(one.count == two.count && !one.isEmpty)
        #expect(zip(one, two).allSatisfy { $0.cell == $1.cell && $0.regulatorGene == $1.regulatorGene && $0.targetGene == $1.targetGene
                && $0.value.bitPattern == $1.value.bitPattern })
    }
}
