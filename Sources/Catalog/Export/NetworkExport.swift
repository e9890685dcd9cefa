/// One network ready for export: directed edges regulator -> target with numeric attributes
/// (beta, RE, importance, contribution: whatever the source has), and per-node attributes
/// derived from it. Writers for GraphML, Cytoscape SIF + attribute tables and node-link JSON
/// live in `NetworkExport+Formats.swift`.
public struct NetworkExport: Sendable, Equatable {
    public struct Edge: Sendable, Equatable {
        public var regulator: String
        public var target: String
        /// Values in the order of `edgeAttributes`; NaN where unknown.
        public var values: [Double]
        public init(regulator: String, target: String, values: [Double]) {
            self.regulator = regulator
            self.target = target
            self.values = values
        }
    }

    /// Graph name (e.g. "run 1, cell HCC827").
    public var name: String
    /// Names of the numeric edge attributes, e.g. ["beta", "re"].
    public var edgeAttributes: [String]
    public var edges: [Edge]
    /// Genes that are candidate regulators in the catalog (node attribute `regulator`).
    public var regulators: Set<String>

    public init(name: String, edgeAttributes: [String], edges: [Edge], regulators: Set<String>) {
        self.name = name
        self.edgeAttributes = edgeAttributes
        self.edges = edges
        self.regulators = regulators
    }

    /// A node with its attributes: candidate-regulator flag, out-, in- and total degree in
    /// this network.
    public struct Node: Sendable, Equatable {
        public var id: String
        public var isRegulator: Bool
        public var outDegree: Int
        public var inDegree: Int
        public var degree: Int { outDegree + inDegree }
    }

    /// Every gene touched by an edge, sorted by symbol.
    public var nodes: [Node] {
        var out: [String: Int] = [:], into: [String: Int] = [:]
        for e in edges {
            out[e.regulator, default: 0] += 1
            into[e.target, default: 0] += 1
        }
        return Set(out.keys).union(into.keys).sorted().map {
            Node(id: $0, isRegulator: regulators.contains($0), outDegree: out[$0] ?? 0, inDegree: into[$0] ?? 0)
        }
    }

    /// The `k` edges largest by |attribute| (ties: regulator, target), in their original
    /// order; all edges when k is nil or the attribute is unknown.
    public func top(_ k: Int?, by attribute: String) -> NetworkExport {
        guard let k, let column = edgeAttributes.firstIndex(of: attribute), k < edges.count else { return self }
        let ranked = edges.indices.sorted {
            let a = abs(edges[$0].values[column]), b = abs(edges[$1].values[column])
            return a != b ? a > b : (edges[$0].regulator, edges[$0].target) < (edges[$1].regulator, edges[$1].target)
        }
        var copy = self
        copy.edges = ranked.prefix(k).sorted().map { edges[$0] }
        return copy
    }
}
