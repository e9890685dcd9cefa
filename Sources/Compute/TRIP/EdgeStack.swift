/// The stack of cell networks as TRIP sees it (METHOD.md 2): a sparse cells x edges matrix.
/// Only edges present (non-zero) in at least one cell are columns; every other entry of the
/// q x p matrices X_i is a structural zero and never stored. Mode 1 (rows of X_i) are the
/// regulators those edges touch, mode 2 (columns) the targets.
public struct EdgeStack: Sendable {
    /// One non-zero entry X_i[regulator, target] as read from a run (gene ids are the caller's).
    public struct Entry: Sendable, Equatable {
        public var cell: Int
        public var regulatorGene: Int
        public var targetGene: Int
        public var value: Double
        public init(cell: Int, regulatorGene: Int, targetGene: Int, value: Double) {
            self.cell = cell; self.regulatorGene = regulatorGene; self.targetGene = targetGene; self.value = value
        }
    }

    public let cellCount: Int
    /// Gene ids of mode 1 (regulators) and mode 2 (targets), ascending.
    public let regulatorGenes: [Int]
    public let targetGenes: [Int]
    /// Per edge (column): its mode-1 and mode-2 index. Edges are ordered by (target, regulator).
    public let edgeRegulator: [Int]
    public let edgeTarget: [Int]
    /// Compressed rows: cell i's entries are `rowStart[i] ..< rowStart[i + 1]` of
    /// `entryEdge` (ascending) and `entryValue`.
    public let rowStart: [Int]
    public let entryEdge: [Int]
    public let entryValue: [Double]

    public var edgeCount: Int { edgeRegulator.count }
    public var entryCount: Int { entryValue.count }

    /// Builds the stack of `cellCount` cells from its non-zero entries (zeros are dropped;
    /// a repeated (cell, regulator, target) is a programming error).
    public init(cellCount: Int, entries: [Entry]) {
        let kept = entries.filter { $0.value != 0 }
        let regulators = Array(Set(kept.map(\.regulatorGene))).sorted()
        let targets = Array(Set(kept.map(\.targetGene))).sorted()
        let regulatorIndex = Dictionary(uniqueKeysWithValues: regulators.enumerated().map { ($1, $0) })
        let targetIndex = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1, $0) })
        struct Pair: Hashable, Comparable {
            let target: Int, regulator: Int
            static func < (a: Pair, b: Pair) -> Bool { (a.target, a.regulator) < (b.target, b.regulator) }
        }
        let pairs = Array(Set(kept.map { Pair(target: targetIndex[$0.targetGene]!, regulator: regulatorIndex[$0.regulatorGene]!) })).sorted()
        let edgeIndex = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1, $0) })
        var perCell = [[(edge: Int, value: Double)]](repeating: [], count: cellCount)
        for e in kept {
            let edge = edgeIndex[Pair(target: targetIndex[e.targetGene]!, regulator: regulatorIndex[e.regulatorGene]!)]!
            perCell[e.cell].append((edge, e.value))
        }
        var starts = [0], edges: [Int] = [], values: [Double] = []
        edges.reserveCapacity(kept.count); values.reserveCapacity(kept.count)
        for row in perCell {
            for (edge, value) in row.sorted(by: { $0.edge < $1.edge }) { edges.append(edge); values.append(value) }
            starts.append(edges.count)
        }
        self.init(cellCount: cellCount, regulatorGenes: regulators, targetGenes: targets,
                  edgeRegulator: pairs.map(\.regulator), edgeTarget: pairs.map(\.target),
                  rowStart: starts, entryEdge: edges, entryValue: values)
    }

    /// The same stacks on one layout: the genes and edges of all of them, so an edge has the
    /// same column in every stack (TRIP's per-fold inputs, METHOD.md 2.2). Entries are
    /// renumbered, never copied as (cell, gene, gene) triples.
    public static func aligned(_ stacks: [EdgeStack]) -> [EdgeStack] { aligned(consuming: stacks) }

    /// `aligned`, releasing each given stack as soon as its aligned copy exists (the caller
    /// gives up `stacks`), so that peak memory is one stack above the result's.
    public static func aligned(consuming given: consuming [EdgeStack]) -> [EdgeStack] {
        var stacks = given
        let regulators = Array(Set(stacks.flatMap(\.regulatorGenes))).sorted()
        let targets = Array(Set(stacks.flatMap(\.targetGenes))).sorted()
        let regulatorIndex = Dictionary(uniqueKeysWithValues: regulators.enumerated().map { ($1, $0) })
        let targetIndex = Dictionary(uniqueKeysWithValues: targets.enumerated().map { ($1, $0) })
        // An edge as (target, regulator) in the union's gene indices; the order of the columns.
        var union = Set<[Int]>()
        let local = stacks.map { stack in
            stack.edgeRegulator.indices.map { e in
                [targetIndex[stack.targetGenes[stack.edgeTarget[e]]]!, regulatorIndex[stack.regulatorGenes[stack.edgeRegulator[e]]]!]
            }
        }
        for edges in local { union.formUnion(edges) }
        let pairs = union.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        let column = Dictionary(uniqueKeysWithValues: pairs.enumerated().map { ($1, $0) })
        let edgeRegulator = pairs.map { $0[1] }, edgeTarget = pairs.map { $0[0] }
        var out: [EdgeStack] = []
        out.reserveCapacity(stacks.count)
        for (i, edges) in local.enumerated() {
            let stack = stacks[i]
            stacks[i] = .empty
            // Gene indices only grow into the union's, so each row stays sorted by column.
            let renumber = edges.map { column[$0]! }
            out.append(EdgeStack(cellCount: stack.cellCount, regulatorGenes: regulators, targetGenes: targets,
                                 edgeRegulator: edgeRegulator, edgeTarget: edgeTarget, rowStart: stack.rowStart,
                                 entryEdge: stack.entryEdge.map { renumber[$0] }, entryValue: stack.entryValue))
        }
        return out
    }

    /// No cells and no edges: a placeholder for a released stack.
    public static let empty = EdgeStack(cellCount: 0, regulatorGenes: [], targetGenes: [], edgeRegulator: [], edgeTarget: [],
                                        rowStart: [0], entryEdge: [], entryValue: [])

    init(cellCount: Int, regulatorGenes: [Int], targetGenes: [Int], edgeRegulator: [Int], edgeTarget: [Int],
         rowStart: [Int], entryEdge: [Int], entryValue: [Double]) {
        self.cellCount = cellCount
        self.regulatorGenes = regulatorGenes
        self.targetGenes = targetGenes
        self.edgeRegulator = edgeRegulator
        self.edgeTarget = edgeTarget
        self.rowStart = rowStart
        self.entryEdge = entryEdge
        self.entryValue = entryValue
    }

    /// The same edges and genes restricted to `cells` (in that order): used for folds.
    public func rows(_ cells: [Int]) -> EdgeStack {
        var starts = [0], edges: [Int] = [], values: [Double] = []
        for i in cells {
            edges.append(contentsOf: entryEdge[rowStart[i]..<rowStart[i + 1]])
            values.append(contentsOf: entryValue[rowStart[i]..<rowStart[i + 1]])
            starts.append(edges.count)
        }
        return EdgeStack(cellCount: cells.count, regulatorGenes: regulatorGenes, targetGenes: targetGenes,
                         edgeRegulator: edgeRegulator, edgeTarget: edgeTarget, rowStart: starts, entryEdge: edges, entryValue: values)
    }

    /// Per edge, the mean of X_i[e] over the stack's lines (absent entries count as 0).
    public var edgeMeans: [Double] {
        var sum = [Double](repeating: 0, count: edgeCount)
        for k in 0..<entryCount { sum[entryEdge[k]] += entryValue[k] }
        let inverse = 1 / Double(max(1, cellCount))
        return sum.map { $0 * inverse }
    }

    /// One line holding `values` (one per edge; zeros not stored) on this stack's edges and
    /// genes: a reference input such as the lines' mean.
    public func single(values: [Double]) -> EdgeStack {
        let edges = values.indices.filter { values[$0] != 0 }
        return EdgeStack(cellCount: 1, regulatorGenes: regulatorGenes, targetGenes: targetGenes, edgeRegulator: edgeRegulator,
                         edgeTarget: edgeTarget, rowStart: [0, edges.count], entryEdge: edges, entryValue: edges.map { values[$0] })
    }

    /// The same edges and genes with every entry of `removed` edges dropped (deletion curves).
    public func withoutEdges(_ removed: Set<Int>) -> EdgeStack {
        var starts = [0], edges: [Int] = [], values: [Double] = []
        for i in 0..<cellCount {
            for k in rowStart[i]..<rowStart[i + 1] where !removed.contains(entryEdge[k]) {
                edges.append(entryEdge[k]); values.append(entryValue[k])
            }
            starts.append(edges.count)
        }
        return EdgeStack(cellCount: cellCount, regulatorGenes: regulatorGenes, targetGenes: targetGenes,
                         edgeRegulator: edgeRegulator, edgeTarget: edgeTarget, rowStart: starts, entryEdge: edges, entryValue: values)
    }

    /// The non-zero entries, with gene ids (the inverse of `init(cellCount:entries:)`).
    public var entries: [Entry] {
        (0..<cellCount).flatMap { i in
            (rowStart[i]..<rowStart[i + 1]).map { k in
                Entry(cell: i, regulatorGene: regulatorGenes[edgeRegulator[entryEdge[k]]], targetGene: targetGenes[edgeTarget[entryEdge[k]]],
                      value: entryValue[k])
            }
        }
    }

    /// The same stack with every value multiplied by `factor`.
    public func scaled(by factor: Double) -> EdgeStack {
        EdgeStack(cellCount: cellCount, regulatorGenes: regulatorGenes, targetGenes: targetGenes, edgeRegulator: edgeRegulator,
                  edgeTarget: edgeTarget, rowStart: rowStart, entryEdge: entryEdge, entryValue: entryValue.map { $0 * factor })
    }

    /// ||X_i||^2 (Frobenius) of every cell.
    public var squaredNorms: [Double] {
        (0..<cellCount).map { i in entryValue[rowStart[i]..<rowStart[i + 1]].reduce(0) { $0 + $1 * $1 } }
    }

    /// Cell i as a dense q x p matrix (tests and the naive reference only).
    public func dense(cell i: Int) -> Matrix {
        var m = Matrix(rows: regulatorGenes.count, columns: targetGenes.count)
        for k in rowStart[i]..<rowStart[i + 1] {
            m[edgeRegulator[entryEdge[k]], edgeTarget[entryEdge[k]]] = entryValue[k]
        }
        return m
    }
}
