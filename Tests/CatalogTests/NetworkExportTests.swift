import Testing
@testable import Catalog

/// The network writers on a hand-made network: escaping, missing values, degrees, top-k.
@Suite struct NetworkExportTests {
    let network = NetworkExport(name: "a<b", edgeAttributes: ["beta", "re"], edges: [
        .init(regulator: "ZEB1", target: "CDH1", values: [-0.5, .nan]),
        .init(regulator: "A&B", target: "CDH1", values: [0.25, 1e-300]),
        .init(regulator: "ZEB1", target: "A&B", values: [2, -3]),
    ], regulators: ["ZEB1", "A&B"])

    @Test func nodesCarryDegreesAndTheRegulatorFlag() {
        let nodes = Dictionary(uniqueKeysWithValues: network.nodes.map { ($0.id, $0) })
        #expect(nodes["ZEB1"]?.outDegree == 2 && nodes["ZEB1"]?.inDegree == 0 && nodes["ZEB1"]?.isRegulator == true)
        #expect(nodes["CDH1"]?.inDegree == 2 && nodes["CDH1"]?.isRegulator == false)
        #expect(nodes["A&B"]?.degree == 2)
    }

    @Test func graphMLEscapesNamesAndLeavesOutUnknownValues() {
        let text = network.graphML()
        #expect(text.contains("<graph id=\"a&lt;b\" edgedefault=\"directed\">"))
        #expect(text.contains("<edge source=\"A&amp;B\" target=\"CDH1\"><data key=\"e0\">0.25</data><data key=\"e1\">1e-300</data></edge>"))
        #expect(text.contains("<edge source=\"ZEB1\" target=\"CDH1\"><data key=\"e0\">-0.5</data></edge>"))
        #expect(!text.contains("A&B"))
    }

    @Test func tablesWriteNAAndCytoscapeEdgeNames() {
        #expect(network.edgeTable(separator: "\t").split(separator: "\n")[1] == "ZEB1\tCDH1\t-0.5\tNA")
        #expect(network.edgeAttributeTable().split(separator: "\n")[1] == "ZEB1 (pd) CDH1\tZEB1\tCDH1\t-0.5\tNA")
        #expect(network.sif() == "ZEB1\tpd\tCDH1\nA&B\tpd\tCDH1\nZEB1\tpd\tA&B\n")
        let quoted = NetworkExport(name: "x", edgeAttributes: ["beta"], edges: [.init(regulator: "A,B", target: "C", values: [1])], regulators: [])
        #expect(quoted.edgeTable(separator: ",").split(separator: "\n")[1] == "\"A,B\",C,1.0")
    }

    @Test func topKeepsTheLargestMagnitudesInOriginalOrder() {
        let top = network.top(2, by: "beta")
        #expect(top.edges.map(\.regulator) == ["ZEB1", "ZEB1"])
        #expect(top.edges.map { $0.values[0] } == [-0.5, 2])
        #expect(network.top(nil, by: "beta") == network)
        #expect(network.top(10, by: "beta") == network)
    }
}

/// XML escaping (exports) and unescaping (the XLSX reader) are inverses, numeric character
/// references included.
@Suite struct XMLTextTests {
    @Test func escapeThenUnescapeIsTheIdentity() {
        for s in ["EGFR & HER2", "<a href=\"x\">'q'</a>", "plain", "ünïcödé ∆", ""] {
            #expect(TextEscaping.xmlUnescaped(TextEscaping.xml(s)) == s)
        }
        #expect(TextEscaping.xmlUnescaped("&#65;&#x42;&amp;C&unknown;") == "AB&C&unknown;")
    }
}
