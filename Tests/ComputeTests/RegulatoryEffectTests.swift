import Testing
@testable import Compute

/// METHOD.md 1.6 on a hand-worked example.
@Suite struct RegulatoryEffectTests {
    @Test func directAndTwoStepEffectsAndTheirChange() {
        // Target 100. Cell 1: 1 -> 100 (0.5), 2 -> 100 (2), 1 -> 2 (3). Cell 2: 2 -> 100 (-1).
        // Cell 3: nothing.
        let edges: [RegulatoryEffect.Edge] = [
            .init(cell: 1, regulator: 1, target: 100, beta: 0.5),
            .init(cell: 1, regulator: 2, target: 100, beta: 2),
            .init(cell: 1, regulator: 1, target: 2, beta: 3),
            .init(cell: 2, regulator: 2, target: 100, beta: -1),
        ]
        let expression: [Int: [Int: Double]] = [1: [1: 2, 2: 10, 3: 1], 2: [1: 4, 2: 0.5, 3: -2]]
        let effects = RegulatoryEffect.effects(target: 100, cells: [1, 2, 3], edges: edges) { j, cell in expression[j]![cell]! }
        let byRegulator = Dictionary(uniqueKeysWithValues: effects.map { ($0.regulator, $0) })
        // Regulator 1, cell 1: (0.5 + 3 * 2) * r = 6.5 * 2 = 13; cells 2, 3: 0. REC = 13.
        #expect(byRegulator[1]?.perCell == [13, 0, 0])
        #expect(byRegulator[1]?.change == 13)
        #expect(byRegulator[1]?.directCells == 1)
        // Regulator 2: cell 1: 2 * 4 = 8; cell 2: -1 * 0.5 = -0.5; cell 3: 0. REC = 8.5.
        #expect(byRegulator[2]?.perCell == [8, -0.5, 0])
        #expect(byRegulator[2]?.change == 8.5)
        #expect(effects.map(\.regulator) == [1, 2])          // ranked by REC
    }

    /// A cell's whole RE matrix equals the per-target effects of the definition, on random
    /// sparse networks with shared regulator/target genes (two-step paths).
    @Test func cellMatrixAgreesWithPerTargetEffects() {
        var rng = SplitMix64(seed: 17)
        var edges: [RegulatoryEffect.Edge] = []
        var seen = Set<[Int]>()
        for _ in 0..<60 {
            let j = Int(rng.next() % 12), k = Int(rng.next() % 12)
            guard j != k, seen.insert([j, k]).inserted else { continue }
            edges.append(.init(cell: 1, regulator: j, target: k, beta: Double(Int(rng.next() % 200)) / 100 - 1))
        }
        let r = (0..<12).map { Double($0) / 3 - 1.5 }
        let matrix = RegulatoryEffect.cellMatrix(edges: edges, expression: { r[$0] }, keep: { _, _ in true })
        let lookup = Dictionary(uniqueKeysWithValues: matrix.map { ([$0.regulator, $0.target], $0.value) })
        var compared = 0
        for k in Set(edges.map(\.target)) {
            for effect in RegulatoryEffect.effects(target: k, cells: [1], edges: edges, expression: { j, _ in r[j] }) {
                #expect(abs((lookup[[effect.regulator, k]] ?? 0) - effect.perCell[0]) <= 1e-12)
                compared += 1
            }
        }
        #expect(compared > 20)
        // Restricted to a subset of pairs, only those appear.
        let some = RegulatoryEffect.cellMatrix(edges: edges, expression: { r[$0] }, keep: { j, _ in j < 4 })
        #expect(some.allSatisfy { $0.regulator < 4 } && !some.isEmpty)
    }

    /// The per-edge form used by the explorer equals the whole-matrix form on the edges, on
    /// dense-ish random networks full of two-step paths (several seeds).
    @Test(arguments: [UInt64(3), 5, 8])
    func edgeEffectsEqualTheCellMatrixOnTheEdges(_ seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var edges: [RegulatoryEffect.Edge] = []
        var seen = Set<[Int]>()
        for _ in 0..<400 {
            let j = Int(rng.next() % 30), k = Int(rng.next() % 30)
            guard j != k, seen.insert([j, k]).inserted else { continue }
            edges.append(.init(cell: 1, regulator: j, target: k, beta: Double(Int(rng.next() % 200)) / 100 - 1))
        }
        let r = (0..<30).map { Double($0) / 7 - 2 }
        let pairs = Set(edges.map { [$0.regulator, $0.target] })
        let matrix = RegulatoryEffect.cellMatrix(edges: edges, expression: { r[$0] }, keep: { pairs.contains([$0, $1]) })
        let lookup = Dictionary(uniqueKeysWithValues: matrix.map { ([$0.regulator, $0.target], $0.value) })
        let perEdge = RegulatoryEffect.edgeEffects(edges: edges, expression: { r[$0] })
        #expect(perEdge.count == edges.count)
        for (e, value) in zip(edges, perEdge) {
            #expect(abs(value - (lookup[[e.regulator, e.target]] ?? 0)) <= 1e-12 * max(1, abs(value)))
        }
        #expect(zip(edges, perEdge).contains { abs($1 - $0.beta * r[$0.regulator]) > 1e-6 }, "two-step paths change some effects")
    }
}
