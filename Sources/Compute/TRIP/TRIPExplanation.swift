/// One edge of an explanatory subnetwork.
public struct SubnetworkEdge: Sendable, Equatable, Codable {
    public var regulatorGene: Int
    public var targetGene: Int
    /// sd over lines of E_i[edge] (or mean_i |E_i[edge]|; response units, METHOD.md 2.4).
    public var importance: Double
    /// Sign of mean_i sgn(X_i - Xref) E_i[edge]: +1 when a stronger-than-average edge
    /// pushes the prediction up.
    public var sign: Int
}

/// A module of the top-N edges (METHOD.md 2.4): a modularity community, capped.
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

/// What is built from the population-baseline contributions (`PopulationAttribution`):
/// the top edges, the explanatory subnetworks and the axis loadings.
public enum TRIPExplanation {
    /// The `count` most important edges (ties: lower edge index first).
    public static func topEdges(_ importance: [Double], count: Int) -> [Int] {
        Array(importance.indices.filter { importance[$0] > 0 }
            .sorted { importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1 }
            .prefix(count))
    }

    /// Modules of the top-N edges (METHOD.md 2.4): modularity communities (`ModularityCommunities`)
    /// of the gene graph of those edges weighted by importance (a gene that is both a
    /// regulator and a target is one node). A module is a community's inner edges, at most
    /// `cap` of them (its most important); an edge between two communities is in none.
    /// Ranked by summed importance; `edges` are stack edge indices in the order of
    /// `subnetwork.edges`. Per-line contributions are left zero (`TRIPAnalysis.explain`
    /// fills them in one pass over the lines).
    public static func subnetworks(stack: EdgeStack, importance: [Double], direction: [Double], top: Int, cap: Int)
        -> [(subnetwork: Subnetwork, edges: [Int])] {
        let chosen = topEdges(importance, count: top)
        func regulator(_ e: Int) -> Int { stack.regulatorGenes[stack.edgeRegulator[e]] }
        func target(_ e: Int) -> Int { stack.targetGenes[stack.edgeTarget[e]] }
        let genes = Array(Set(chosen.flatMap { [regulator($0), target($0)] })).sorted()
        let node = Dictionary(uniqueKeysWithValues: genes.enumerated().map { ($1, $0) })
        let community = ModularityCommunities.partition(nodeCount: genes.count, edges: chosen.map {
            (node[regulator($0)]!, node[target($0)]!, importance[$0])
        })
        var members: [Int: [Int]] = [:]
        for e in chosen where community[node[regulator(e)]!] == community[node[target(e)]!] {
            members[community[node[regulator(e)]!], default: []].append(e)
        }
        let groups = members.values.map { edges in
            Array(edges.sorted { importance[$0] != importance[$1] ? importance[$0] > importance[$1] : $0 < $1 }.prefix(max(1, cap)))
        }
        var components = groups.map { edges -> (subnetwork: Subnetwork, edges: [Int]) in
            let genes = Set(edges.flatMap { [stack.regulatorGenes[stack.edgeRegulator[$0]], stack.targetGenes[stack.edgeTarget[$0]]] })
            let subnetwork = Subnetwork(
                rank: 0, score: edges.reduce(0) { $0 + importance[$1] }, genes: genes.sorted(),
                edges: edges.map { e in
                    SubnetworkEdge(regulatorGene: stack.regulatorGenes[stack.edgeRegulator[e]], targetGene: stack.targetGenes[stack.edgeTarget[e]],
                                   importance: importance[e], sign: direction[e] > 0 ? 1 : (direction[e] < 0 ? -1 : 0))
                },
                cellContributions: [Double](repeating: 0, count: stack.cellCount))
            return (subnetwork, edges)
        }
        components.sort { a, b in
            a.subnetwork.score != b.subnetwork.score ? a.subnetwork.score > b.subnetwork.score
                : a.subnetwork.genes.lexicographicallyPrecedes(b.subnetwork.genes)
        }
        for index in components.indices { components[index].subnetwork.rank = index + 1 }
        return components
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
