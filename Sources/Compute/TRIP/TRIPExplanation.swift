/// One edge of an explanatory subnetwork.
public struct SubnetworkEdge: Sendable, Equatable, Codable {
    public var regulatorGene: Int
    public var targetGene: Int
    /// mean_i |E_i[edge]| (response units).
    public var importance: Double
    /// Sign of mean_i E_i[edge]: +1 when the edge pushes predictions up on average.
    public var sign: Int
}

/// A connected component of the top-N edges (METHOD.md 2, "Explanation").
public struct Subnetwork: Sendable, Equatable, Codable {
    public var rank: Int
    /// Summed importance of its edges.
    public var score: Double
    public var genes: [Int]
    public var edges: [SubnetworkEdge]
    /// Per cell (stack order): the summed signed contribution of its edges.
    public var cellContributions: [Double]
}

/// The top-loading genes of one projection axis.
public struct AxisLoading: Sendable, Equatable, Codable {
    /// 1: regulator axes (C1); 2: target axes (C2).
    public var mode: Int
    public var axis: Int
    public var gene: Int
    public var loading: Double
}

/// Gradient-x-input and integrated-gradient contributions of every stored entry of the
/// stack, and what is built from them.
public enum TRIPExplanation {
    /// E_i[e] = X_i[e] (C1 D_i C2')[r_e, t_e] = X_i[e] phi_e . D_i for every entry of the
    /// stack (aligned with `entryValue`), D_i = d yhat / d z at z_i (gradient) or averaged
    /// over the path s z_i, s = (k - 1/2)/steps (integrated gradients). In model units.
    public static func contributions(model: TRIPModel, stack: EdgeStack, attribution: TRIPOptions.Attribution,
                                     steps: Int) -> [Double] {
        let phi = model.edgeFeatures(stack)
        let z = model.projected(stack, phi: phi)
        let j = model.features
        var out = [Double](repeating: 0, count: stack.entryCount)
        for i in 0..<stack.cellCount {
            let zi = Array(z.values[(i * j)..<((i + 1) * j)])
            var d: [Double]
            switch attribution {
            case .gradient:
                d = model.inputGradient(zi[...])
            case .integrated:
                d = [Double](repeating: 0, count: j)
                let count = max(1, steps)
                for k in 1...count {
                    let s = (Double(k) - 0.5) / Double(count)
                    let g = model.inputGradient(zi.map { $0 * s }[...])
                    for f in 0..<j { d[f] += g[f] / Double(count) }
                }
            }
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                let base = stack.entryEdge[k] * j
                var dot = 0.0
                for f in 0..<j { dot += phi[base + f] * d[f] }
                out[k] = stack.entryValue[k] * dot
            }
        }
        return out
    }

    /// Importance mean_i |E_i[e]| and mean_i E_i[e] of every edge (cells without the edge
    /// contribute 0).
    public static func importance(stack: EdgeStack, contributions: [Double]) -> (importance: [Double], mean: [Double]) {
        var importance = [Double](repeating: 0, count: stack.edgeCount), mean = importance
        let inverseN = 1 / Double(max(1, stack.cellCount))
        for k in 0..<stack.entryCount {
            importance[stack.entryEdge[k]] += abs(contributions[k]) * inverseN
            mean[stack.entryEdge[k]] += contributions[k] * inverseN
        }
        return (importance, mean)
    }

    /// The `count` most important edges (ties: lower edge index first).
    public static func topEdges(_ importance: [Double], count: Int) -> [Int] {
        Array(importance.indices.filter { importance[$0] > 0 }
            .sorted { importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1 }
            .prefix(count))
    }

    /// Connected components (over genes; a gene that is both a regulator and a target is one
    /// node) of the top-N edges, ranked by summed importance.
    public static func subnetworks(stack: EdgeStack, contributions: [Double], importance: [Double], mean: [Double],
                                   top: Int) -> [Subnetwork] {
        let chosen = topEdges(importance, count: top)
        var parent: [Int: Int] = [:]
        func find(_ x: Int) -> Int {
            var root = x
            while let p = parent[root], p != root { root = p }
            var node = x
            while let p = parent[node], p != root { parent[node] = root; node = p }
            return root
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for e in chosen {
            let r = stack.regulatorGenes[stack.edgeRegulator[e]], t = stack.targetGenes[stack.edgeTarget[e]]
            if parent[r] == nil { parent[r] = r }
            if parent[t] == nil { parent[t] = t }
            union(r, t)
        }
        var members: [Int: [Int]] = [:]
        for e in chosen { members[find(stack.regulatorGenes[stack.edgeRegulator[e]]), default: []].append(e) }
        let groups = members.values.map { edges in
            edges.sorted { importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1 }
        }
        var components = groups.map { edges -> (subnetwork: Subnetwork, edges: [Int]) in
            let genes = Set(edges.flatMap { [stack.regulatorGenes[stack.edgeRegulator[$0]], stack.targetGenes[stack.edgeTarget[$0]]] })
            let subnetwork = Subnetwork(
                rank: 0, score: edges.reduce(0) { $0 + importance[$1] }, genes: genes.sorted(),
                edges: edges.map { e in
                    SubnetworkEdge(regulatorGene: stack.regulatorGenes[stack.edgeRegulator[e]], targetGene: stack.targetGenes[stack.edgeTarget[e]],
                                   importance: importance[e], sign: mean[e] > 0 ? 1 : (mean[e] < 0 ? -1 : 0))
                },
                cellContributions: [Double](repeating: 0, count: stack.cellCount))
            return (subnetwork, edges)
        }
        components.sort { a, b in
            a.subnetwork.score != b.subnetwork.score ? a.subnetwork.score > b.subnetwork.score
                : a.subnetwork.genes.lexicographicallyPrecedes(b.subnetwork.genes)
        }
        var componentOfEdge = [Int: Int]()
        for (index, component) in components.enumerated() {
            components[index].subnetwork.rank = index + 1
            for e in component.edges { componentOfEdge[e] = index }
        }
        for i in 0..<stack.cellCount {
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                if let c = componentOfEdge[stack.entryEdge[k]] { components[c].subnetwork.cellContributions[i] += contributions[k] }
            }
        }
        return components.map(\.subnetwork)
    }

    /// The `top` genes of every column of C1 and C2 by |loading|.
    public static func axes(model: TRIPModel, stack: EdgeStack, top: Int) -> [AxisLoading] {
        var out: [AxisLoading] = []
        for (mode, c, genes) in [(1, model.c1, stack.regulatorGenes), (2, model.c2, stack.targetGenes)] {
            for a in 0..<c.columns {
                let order = (0..<c.rows).sorted { abs(c[$0, a]) != abs(c[$1, a]) ? abs(c[$0, a]) > abs(c[$1, a]) : $0 < $1 }
                for r in order.prefix(top) { out.append(AxisLoading(mode: mode, axis: a + 1, gene: genes[r], loading: c[r, a])) }
            }
        }
        return out
    }
}
