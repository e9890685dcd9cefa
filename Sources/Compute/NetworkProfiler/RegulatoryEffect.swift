/// Regulatory effect and its change (METHOD.md 1.6, Shimamura et al. 2011):
///
///     RE_jk,alpha = (beta_jk,alpha + sum_l beta_jl,alpha beta_lk,alpha) * r_alpha,j
///     REC_jk      = max_alpha RE_jk,alpha - min_alpha RE_jk,alpha
///
/// Two-step paths go through intermediates l that are both regulators and targets of the
/// run, so RE depends on the run's target set.
public enum RegulatoryEffect {
    /// One edge of a run: ids are the caller's (catalog gene and cell ids).
    public struct Edge: Sendable, Equatable {
        public var cell: Int, regulator: Int, target: Int, beta: Double
        public init(cell: Int, regulator: Int, target: Int, beta: Double) {
            self.cell = cell; self.regulator = regulator; self.target = target; self.beta = beta
        }
    }

    /// A regulator's effect on the target across the run's cells.
    public struct Effect: Sendable, Equatable {
        public var regulator: Int
        /// RE per cell, in the order of `cells`.
        public var perCell: [Double]
        public var change: Double
        /// Cells where the direct edge regulator -> target is non-zero.
        public var directCells: Int
    }

    /// Effects on `target` of every regulator with a direct or two-step path in some cell,
    /// ranked by REC (descending; ties by regulator id).
    /// - Parameters:
    ///   - edges: the run's edges into `target` and into every intermediate gene.
    ///   - expression: r_alpha,j for (regulator j, cell alpha).
    public static func effects(target: Int, cells: [Int], edges: [Edge],
                               expression: (_ regulator: Int, _ cell: Int) -> Double) -> [Effect] {
        // Per cell, per target: its incoming edges (regulator, beta), in edge order.
        var network: [Int: [Int: [(regulator: Int, beta: Double)]]] = [:]
        for e in edges { network[e.cell, default: [:]][e.target, default: []].append((e.regulator, e.beta)) }
        var regulators = Set<Int>()
        for e in edges where e.target == target { regulators.insert(e.regulator) }
        // Two-step: j -> l -> target, with l a regulator of target in some cell.
        let intermediates = regulators
        for e in edges where intermediates.contains(e.target) && e.target != target { regulators.insert(e.regulator) }
        regulators.remove(target)
        let sorted = regulators.sorted()
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        // Cell by cell, every regulator at once: the direct edges into the target, then each
        // path through an l that regulates it there (O(paths) per cell, not O(regulators)).
        var perCell = [[Double]](repeating: [Double](repeating: 0, count: cells.count), count: sorted.count)
        var direct = [Int](repeating: 0, count: sorted.count)
        var total = [Double](repeating: 0, count: sorted.count)
        var touched: [Int] = []
        for (c, cell) in cells.enumerated() {
            guard let cellNetwork = network[cell], let intoTarget = cellNetwork[target] else { continue }
            for (j, beta) in intoTarget {
                guard let r = index[j] else { continue }
                total[r] += beta
                if beta != 0 { direct[r] += 1 }
                touched.append(r)
            }
            for (l, betaLK) in intoTarget {
                for (j, betaJL) in cellNetwork[l] ?? [] where j != l {
                    guard let r = index[j] else { continue }
                    total[r] += betaJL * betaLK
                    touched.append(r)
                }
            }
            for r in touched where total[r] != 0 {          // each once: its total is reset
                perCell[r][c] = total[r] * expression(sorted[r], cell)
                total[r] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        var out: [Effect] = []
        for (r, j) in sorted.enumerated() {
            let values = perCell[r]
            let change = (values.max() ?? 0) - (values.min() ?? 0)
            out.append(Effect(regulator: j, perCell: values, change: change, directCells: direct[r]))
        }
        return out.sorted { $0.change != $1.change ? $0.change > $1.change : $0.regulator < $1.regulator }
    }
}

extension RegulatoryEffect {
    /// One cell's whole RE matrix (METHOD.md 1.6), restricted to the pairs `keep` accepts (for
    /// TRIP: the edges present in at least one cell). The two-step sum runs over the sparse
    /// network itself: for each edge l -> k whose regulator l is also a target, every j -> l.
    /// - Parameters:
    ///   - edges: the cell's non-zero edges (regulator, target, beta), caller's gene ids.
    ///   - expression: r_alpha,j of regulator j in this cell.
    /// - Returns: non-zero RE values, sorted by (target, regulator).
    public static func cellMatrix(edges: [Edge], expression: (Int) -> Double, keep: (_ regulator: Int, _ target: Int) -> Bool)
        -> [(regulator: Int, target: Int, value: Double)] {
        var into: [Int: [(regulator: Int, beta: Double)]] = [:]
        for e in edges { into[e.target, default: []].append((e.regulator, e.beta)) }
        struct Pair: Hashable { var regulator: Int, target: Int }
        var total: [Pair: Double] = [:]
        for e in edges { total[Pair(regulator: e.regulator, target: e.target), default: 0] += e.beta }
        for e in edges {                                  // e: l -> k
            guard let upstream = into[e.regulator] else { continue }
            // u: j -> l, j != k; pairs `keep` refuses are dropped below anyway, so they are
            // not accumulated (a hub's two-step pairs would otherwise fill the table).
            for u in upstream where u.regulator != e.target && keep(u.regulator, e.target) {
                total[Pair(regulator: u.regulator, target: e.target), default: 0] += u.beta * e.beta
            }
        }
        return total.compactMap { pair, sum -> (regulator: Int, target: Int, value: Double)? in
            guard sum != 0, pair.regulator != pair.target, keep(pair.regulator, pair.target) else { return nil }
            let value = sum * expression(pair.regulator)
            return value == 0 ? nil : (pair.regulator, pair.target, value)
        }.sorted { ($0.target, $0.regulator) < ($1.target, $1.regulator) }
    }
}

extension RegulatoryEffect {
    /// RE of each of one cell's edges, in the order given (METHOD.md 1.6): for edge j -> k,
    /// (beta_jk + sum_l beta_jl beta_lk) r_j, l running over the cell's genes that are both a
    /// target of j and a regulator of k (l != j, k). Equals `cellMatrix` restricted to the
    /// edges, with 0 where the sum cancels; runs over the (j, l, k) paths with one
    /// integer-keyed table, so a cell of ~20,000 edges takes milliseconds (the explorer).
    public static func edgeEffects(edges: [Edge], expression: (Int) -> Double) -> [Double] {
        var index: [Int: Int] = [:]
        index.reserveCapacity(edges.count)
        func key(_ j: Int, _ k: Int) -> Int { j << 32 | k }
        for (i, e) in edges.enumerated() { index[key(e.regulator, e.target)] = i }
        var total = edges.map(\.beta)
        var into: [Int: [Int]] = [:], out: [Int: [Int]] = [:]
        for (i, e) in edges.enumerated() {
            into[e.target, default: []].append(i)
            out[e.regulator, default: []].append(i)
        }
        for (l, incoming) in into {                          // l is a target here ...
            guard let outgoing = out[l] else { continue }    // ... and a regulator
            for a in incoming {                              // j -> l
                let j = edges[a].regulator, betaJL = edges[a].beta
                for b in outgoing {                          // l -> k
                    let k = edges[b].target
                    guard k != j, let position = index[key(j, k)] else { continue }
                    total[position] += betaJL * edges[b].beta
                }
            }
        }
        return edges.indices.map { total[$0] == 0 ? 0 : total[$0] * expression(edges[$0].regulator) }
    }
}
