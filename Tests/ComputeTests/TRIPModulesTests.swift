import Foundation
import TestSupport
import Testing
@testable import Compute

/// Modules and population-baseline explanations (METHOD.md 2.4; issue 19 item 6): the
/// community finder on graphs whose answer is known, and a planted stack that does not
/// flatter the design (two disjoint hubs, correlated nuisance edges, one large constant edge).
struct TRIPModulesTests {
    @Test func modularityFindsCliquesJoinedByWeakEdgesAndIsDeterministic() {
        // Three 5-cliques (nodes 0-4, 5-9, 10-14), each joined to the next by one weak edge.
        var edges: [(a: Int, b: Int, weight: Double)] = []
        for c in 0..<3 { for i in 0..<5 { for j in (i + 1)..<5 { edges.append((5 * c + i, 5 * c + j, 1)) } } }
        edges += [(4, 5, 0.2), (9, 10, 0.2)]
        let partition = ModularityCommunities.partition(nodeCount: 15, edges: edges)
        #expect(partition == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
        #expect(ModularityCommunities.partition(nodeCount: 15, edges: edges.reversed()) == partition)
        // Two stars (hub and leaves) sharing one leaf by a weak edge stay two communities.
        let stars: [(a: Int, b: Int, weight: Double)] = (1...6).map { (0, $0, 1.0) } + (8...13).map { (7, $0, 1.0) } + [(7, 6, 0.1)]
        let star = ModularityCommunities.partition(nodeCount: 14, edges: stars)
        #expect(Set(star[0...6]).count == 1 && Set(star[7...13]).count == 1 && star[0] != star[7])
        // A graph without edges: every node alone.
        #expect(ModularityCommunities.partition(nodeCount: 3, edges: []) == [0, 1, 2])
    }

    static let hubA = (regulator: 100, targets: Array(200..<206))
    static let hubB = (regulator: 101, targets: Array(210..<216))
    static let constant = [150, 250]

    /// y = a - b + noise; hub A's edges carry a, hub B's carry b; regulators 102-107 ->
    /// targets 220-229 carry a nuisance factor v (large, mutually correlated, unrelated to y),
    /// and 150 -> 250 is 4.0 in every line.
    static func stack(cells n: Int, seed: UInt64) -> (EdgeStack, [Double]) {
        var rng = TestRandom(seed: seed)
        let weightsA = hubA.targets.map { _ in 0.6 + 0.6 * rng.uniform() }, weightsB = hubB.targets.map { _ in 0.6 + 0.6 * rng.uniform() }
        var nuisance: [[Int]] = []
        for r in 102..<108 { for t in 220..<230 where rng.next() % 2 == 0 { nuisance.append([r, t]) } }
        var entries: [EdgeStack.Entry] = [], response: [Double] = []
        for i in 0..<n {
            let a = rng.standardNormal(), b = rng.standardNormal(), v = rng.standardNormal()
            for (t, w) in zip(hubA.targets, weightsA) { entries.append(.init(cell: i, regulatorGene: hubA.regulator, targetGene: t, value: 0.5 * a * w + 0.1 * rng.standardNormal())) }
            for (t, w) in zip(hubB.targets, weightsB) { entries.append(.init(cell: i, regulatorGene: hubB.regulator, targetGene: t, value: 0.5 * b * w + 0.1 * rng.standardNormal())) }
            for pair in nuisance where rng.next() % 2 == 0 {
                entries.append(.init(cell: i, regulatorGene: pair[0], targetGene: pair[1], value: 1.5 * v + 0.5 * rng.standardNormal()))
            }
            entries.append(.init(cell: i, regulatorGene: constant[0], targetGene: constant[1], value: 4.0))
            response.append(a - b + 0.1 * rng.standardNormal())
        }
        return (EdgeStack(cellCount: n, entries: entries), response)
    }

    @Test func twoPlantedHubsAreTheTopTwoModulesAndTheConstantEdgeExplainsNothing() throws {
        let (stack, response) = Self.stack(cells: 200, seed: 61)
        let options = TRIPTests.plantedOptions(hidden: 0, topEdges: 50, controls: true)
        let result = try #require(try TRIPAnalysis(options: options).run(stack: stack, response: response, threads: 2, stop: StopFlag()))
        let report = result.assessment.report(response: "planted")
        #expect(result.assessment.verdict == .signal, "\(report)")
        func pooled(_ model: String) -> Double { result.scores.first { $0.model == model && $0.fold == nil && $0.metric == "r2" }!.value }
        #expect(pooled("control-shuffled") <= 0.05 && pooled("control-noise") <= 0.05, "\(report)")

        // The two hubs are the top two modules, one each.
        let hubs = [Self.hubA, Self.hubB].map { hub in Set(hub.targets.map { [hub.regulator, $0] }) }
        let top = result.subnetworks.prefix(2).map { Set($0.edges.map { [$0.regulatorGene, $0.targetGene] }) }
        #expect(top.count == 2)
        let matched = top.map { module in hubs.firstIndex { module.isSubset(of: $0) && module.count >= 4 } }
        #expect(matched.count == 2 && matched[0] != nil && matched[1] != nil && matched[0] != matched[1],
                "top modules: \(result.subnetworks.prefix(3).map { $0.edges.map { "\($0.regulatorGene)->\($0.targetGene)" } })")
        // Hub A raises the prediction, hub B lowers it: the stored signs say so.
        for module in result.subnetworks.prefix(2) {
            let expected = module.edges.first?.regulatorGene == Self.hubA.regulator ? 1 : -1
            #expect(module.edges.allSatisfy { $0.sign == expected })
        }

        // The constant edge (4.0 in every line) contributes nothing relative to the population.
        let order = TRIPExplanation.topEdges(result.importance, count: 50)
        let constantEdge = try #require((0..<stack.edgeCount).first {
            stack.regulatorGenes[stack.edgeRegulator[$0]] == Self.constant[0] && stack.targetGenes[stack.edgeTarget[$0]] == Self.constant[1]
        })
        #expect(!order.contains(constantEdge) && result.importance[constantEdge] < 1e-12)
        #expect(result.topContributions.allSatisfy { line in !line.contains { $0.edge == constantEdge } })

        // Stability across the fold models and the model-randomisation check (METHOD.md 2.5).
        let fidelity = try #require(result.assessment.fidelity)
        #expect(fidelity.models == 3 && fidelity.moduleRecovery.count == result.subnetworks.count)
        #expect(fidelity.moduleRecovery.prefix(2).allSatisfy { $0 >= 2.0 / 3 }, "\(fidelity.report())")
        #expect(fidelity.randomisationPasses, "\(fidelity.report())")
    }

    /// Deletion curves (METHOD.md 2.5) on the planted stack: removing the edges TRIP ranks
    /// highest (both hubs: 12 edges) costs far more than removing as many random edges.
    @Test func deletingTheTopEdgesHurtsMoreThanDeletingRandomOnes() throws {
        let (stack, response) = Self.stack(cells: 150, seed: 62)
        var options = TRIPTests.plantedOptions(hidden: 0, topEdges: 20, controls: false)
        options.deletion = true
        options.deletionSizes = [6, 12]
        options.deletionDraws = 2
        let result = try #require(try TRIPAnalysis(options: options).run(stack: stack, response: response, threads: 2, stop: StopFlag()))
        let fidelity = try #require(result.assessment.fidelity)
        let curves = try #require(fidelity.deletion)
        #expect(curves.map(\.ranking) == ["importance", "univariate", "random"] && curves.allSatisfy { $0.sizes == [6, 12] })
        let own = curves[0].drop, random = curves[2].drop
        #expect(own[1] > random[1] + 0.2, "\(fidelity.report())")
        #expect(fidelity.faithful != nil && fidelity.report().contains { $0.hasPrefix("deletion curves") })
        #expect(options.deletionTrainings(edges: stack.edgeCount) == 3 * 2 * 4)
    }

    /// Faithful needs the importance drop above both comparators beyond fold noise: the
    /// first real-data run's pattern (means ordered by a hair, folds +-0.05) is not faithful,
    /// a clear per-fold margin is, and a record without per-fold drops is not assessed.
    @Test func faithfulnessNeedsMoreThanALargerMean() throws {
        func curve(_ name: String, _ folds: [[Double]]) -> DeletionCurve {
            DeletionCurve(ranking: name, sizes: [10, 20], drop: folds.map { $0.reduce(0, +) / Double($0.count) }, foldDrops: folds)
        }
        func fidelity(_ curves: [DeletionCurve]) -> TRIPFidelity {
            TRIPFidelity(models: 5, topEdges: 200, jaccardMean: 0.4, jaccardSD: 0.1, moduleRecovery: [], randomisationSpearman: 0,
                         deletion: curves)
        }
        let noisy = fidelity([curve("importance", [[0.06, -0.05, 0.04, -0.06, 0.02], [0.05, -0.04, 0.03, -0.05, 0.02]]),
                              curve("univariate", [[-0.05, 0.05, -0.04, 0.06, -0.02], [-0.04, 0.05, -0.03, 0.05, -0.03]]),
                              curve("random", [[0, 0, 0.01, -0.01, 0], [0, 0.01, 0, -0.01, 0]])])
        #expect(noisy.deletion![0].drop.reduce(0, +) > noisy.deletion![1].drop.reduce(0, +))
        #expect(noisy.faithful == false, "\(noisy.report())")
        let clear = fidelity([curve("importance", [[0.20, 0.22, 0.19, 0.21, 0.20], [0.30, 0.31, 0.29, 0.32, 0.30]]),
                              curve("univariate", [[0.05, 0.06, 0.04, 0.05, 0.06], [0.08, 0.07, 0.09, 0.08, 0.07]]),
                              curve("random", [[0, 0.01, 0, -0.01, 0], [0.01, 0, 0, 0, -0.01]])])
        #expect(clear.faithful == true, "\(clear.report())")
        let comparisons = try #require(clear.deletionComparisons)
        #expect(comparisons.map(\.ranking) == ["univariate", "random"] && comparisons.allSatisfy { $0.degreesOfFreedom == 4 && $0.oneSidedP < 0.01 })
        var old = clear
        for i in old.deletion!.indices { old.deletion![i].foldDrops = nil }
        #expect(old.faithful == nil && old.report().contains { $0.contains("not assessed") })
    }

    @Test func fidelityMeasuresAgreeWithHandCounts() {
        #expect(TRIPFidelity.midRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(abs(TRIPFidelity.spearman([1, 2, 3, 4], [10, 20, 30, 45]) - 1) < 1e-12)
        #expect(abs(TRIPFidelity.spearman([1, 2, 3, 4], [4, 3, 2, 1]) + 1) < 1e-12)
        // Sets {0,1,2,3}, {0,1,2,4}, {0,1,2,3}: Jaccard 3/5, 1, 3/5; a module {0, 3} is held
        // (half its edges or more) by all three; {3, 4, 5} by none.
        let f = TRIPFidelity.measure(selections: [[0, 1, 2, 3], [0, 1, 2, 4], [0, 1, 2, 3]], modules: [[0, 3], [3, 4, 5]],
                                     topEdges: 4, trained: [1, 2, 3], randomised: [3, 2, 1])
        #expect(abs(f.jaccardMean - (0.6 + 1 + 0.6) / 3) < 1e-12 && f.moduleRecovery == [1, 0] && f.randomisationSpearman == -1)
    }
}
