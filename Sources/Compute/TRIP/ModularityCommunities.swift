/// Communities of a weighted undirected graph by modularity (Blondel et al. 2008, "Louvain"):
/// local moving of single nodes to the neighbouring community with the largest modularity
/// gain, then aggregation of communities into nodes, repeated until nothing moves. Used for
/// TRIP's modules (METHOD.md 2.4): connected components of the top-N edges merge into one
/// hub-centred component, communities do not.
///
/// Deterministic: nodes are visited in index order, ties go to the lowest community index,
/// and a node moves only for a strictly positive gain (1e-12 relative), so the same graph
/// always gives the same partition on any machine.
public enum ModularityCommunities {
    /// `edges` as (node a, node b, weight > 0) over nodes 0 ..< nodeCount; returns each
    /// node's community, numbered 0 ..< C in order of each community's lowest node.
    public static func partition(nodeCount: Int, edges: [(a: Int, b: Int, weight: Double)]) -> [Int] {
        // Adjacency with A_ii = twice the weight inside an aggregated node: degree = row sum.
        var adjacency = [[Int: Double]](repeating: [:], count: nodeCount)
        for e in edges where e.weight > 0 {
            if e.a == e.b { adjacency[e.a][e.a, default: 0] += 2 * e.weight; continue }
            adjacency[e.a][e.b, default: 0] += e.weight
            adjacency[e.b][e.a, default: 0] += e.weight
        }
        var membership = Array(0..<nodeCount)           // original node -> current aggregated node
        while true {
            let level = localMoving(adjacency)
            let groups = renumber(level)
            if groups.count == adjacency.count { break }  // nothing merged at this level
            membership = membership.map { groups.index[level[$0]]! }
            var next = [[Int: Double]](repeating: [:], count: groups.count)
            for (i, row) in adjacency.enumerated() {
                let ci = groups.index[level[i]]!
                for (j, w) in row { next[ci][groups.index[level[j]]!, default: 0] += w }
            }
            adjacency = next
        }
        return renumber(membership).labels
    }

    /// One level of local moving; returns each node's community (a node index).
    static func localMoving(_ adjacency: [[Int: Double]]) -> [Int] {
        let n = adjacency.count
        let degree = adjacency.map { $0.values.reduce(0, +) }
        let total = degree.reduce(0, +)                 // 2m
        guard total > 0 else { return Array(0..<n) }
        var community = Array(0..<n)
        var communityDegree = degree
        for _ in 0..<100 {
            var moved = false
            for i in 0..<n {
                let own = community[i]
                communityDegree[own] -= degree[i]
                var links: [Int: Double] = [:]
                for (j, w) in adjacency[i] where j != i { links[community[j], default: 0] += w }
                // Gain of joining c (up to a common factor): k_i,in(c) - tot(c) k_i / 2m.
                func gain(_ c: Int) -> Double { (links[c] ?? 0) - communityDegree[c] * degree[i] / total }
                var best = own, bestGain = gain(own)
                for c in links.keys.sorted() where c != own {
                    let g = gain(c)
                    if g > bestGain + 1e-12 * max(1, abs(bestGain)) { best = c; bestGain = g }
                }
                community[i] = best
                communityDegree[best] += degree[i]
                if best != own { moved = true }
            }
            if !moved { break }
        }
        return community
    }

    /// Labels 0 ..< C in order of first appearance, and the map from old labels.
    static func renumber(_ labels: [Int]) -> (labels: [Int], index: [Int: Int], count: Int) {
        var index: [Int: Int] = [:]
        for l in labels where index[l] == nil { index[l] = index.count }
        return (labels.map { index[$0]! }, index, index.count)
    }
}
