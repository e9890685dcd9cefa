import Foundation

/// Text formats of a `NetworkExport`. Numbers are written in the shortest form that reads
/// back to the same double; NaN (unknown) attributes are left out of GraphML and JSON and
/// written as `NA` in tables (R's and pandas' missing value).
extension NetworkExport {
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "NA" : (x > 0 ? "Inf" : "-Inf")) }

    static func xmlEscaped(_ s: String) -> String { TextEscaping.xml(s) }
    static func jsonString(_ s: String) -> String { TextEscaping.json(s) }

    /// GraphML (directed; yEd, Gephi, Cytoscape, igraph's read_graph(format = "graphml"),
    /// networkx.read_graphml). Node keys: regulator (boolean), degree, out_degree, in_degree;
    /// edge keys: one double per edge attribute.
    public func graphML() -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="n0" for="node" attr.name="regulator" attr.type="boolean"/>
              <key id="n1" for="node" attr.name="degree" attr.type="int"/>
              <key id="n2" for="node" attr.name="out_degree" attr.type="int"/>
              <key id="n3" for="node" attr.name="in_degree" attr.type="int"/>

            """
        for (i, name) in edgeAttributes.enumerated() {
            text += "  <key id=\"e\(i)\" for=\"edge\" attr.name=\"\(Self.xmlEscaped(name))\" attr.type=\"double\"/>\n"
        }
        text += "  <graph id=\"\(Self.xmlEscaped(name))\" edgedefault=\"directed\">\n"
        for node in nodes {
            text += "    <node id=\"\(Self.xmlEscaped(node.id))\"><data key=\"n0\">\(node.isRegulator)</data>"
                + "<data key=\"n1\">\(node.degree)</data><data key=\"n2\">\(node.outDegree)</data><data key=\"n3\">\(node.inDegree)</data></node>\n"
        }
        for edge in edges {
            text += "    <edge source=\"\(Self.xmlEscaped(edge.regulator))\" target=\"\(Self.xmlEscaped(edge.target))\">"
            for (i, value) in edge.values.enumerated() where !value.isNaN { text += "<data key=\"e\(i)\">\(Self.number(value))</data>" }
            text += "</edge>\n"
        }
        return text + "  </graph>\n</graphml>\n"
    }

    /// Cytoscape's simple interaction format: `REGULATOR<TAB>pd<TAB>TARGET` per edge ("pd":
    /// protein -> DNA, Cytoscape's code for transcriptional regulation).
    public func sif() -> String {
        edges.map { "\($0.regulator)\tpd\t\($0.target)\n" }.joined()
    }

    /// The edge table for Cytoscape (File > Import > Table from File, key column `name`,
    /// which is how Cytoscape names SIF edges: "REGULATOR (pd) TARGET").
    public func edgeAttributeTable() -> String {
        var text = (["name", "regulator", "target"] + edgeAttributes).joined(separator: "\t") + "\n"
        for e in edges {
            text += (["\(e.regulator) (pd) \(e.target)", e.regulator, e.target] + e.values.map(Self.number)).joined(separator: "\t") + "\n"
        }
        return text
    }

    /// The node table for Cytoscape (key column `name`).
    public func nodeAttributeTable() -> String {
        var text = "name\tregulator\tdegree\tout_degree\tin_degree\n"
        for n in nodes { text += "\(n.id)\t\(n.isRegulator)\t\(n.degree)\t\(n.outDegree)\t\(n.inDegree)\n" }
        return text
    }

    /// A flat edge table (tsv or csv): regulator, target, then the edge attributes.
    public func edgeTable(separator: String) -> String {
        func field(_ s: String) -> String { separator == "," ? TextEscaping.csvField(s) : s }
        var text = (["regulator", "target"] + edgeAttributes).map(field).joined(separator: separator) + "\n"
        for e in edges { text += ([field(e.regulator), field(e.target)] + e.values.map(Self.number)).joined(separator: separator) + "\n" }
        return text
    }

    /// Node-link JSON as networkx reads it (`networkx.node_link_graph(json.load(f), edges="links")`)
    /// and close to what Cytoscape.js and D3 expect.
    public func nodeLinkJSON() -> String {
        var text = "{\"directed\": true, \"multigraph\": false, \"graph\": {\"name\": \(Self.jsonString(name))},\n \"nodes\": ["
        text += nodes.map { n in
            "\n  {\"id\": \(Self.jsonString(n.id)), \"regulator\": \(n.isRegulator), \"degree\": \(n.degree), "
                + "\"out_degree\": \(n.outDegree), \"in_degree\": \(n.inDegree)}"
        }.joined(separator: ",")
        text += "],\n \"links\": ["
        text += edges.map { e in
            var members = ["\"source\": \(Self.jsonString(e.regulator))", "\"target\": \(Self.jsonString(e.target))"]
            for (name, value) in zip(edgeAttributes, e.values) where !value.isNaN && value.isFinite {
                members.append("\(Self.jsonString(name)): \(Self.number(value))")
            }
            return "\n  {" + members.joined(separator: ", ") + "}"
        }.joined(separator: ",")
        return text + "]}\n"
    }
}
