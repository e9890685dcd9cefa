import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Catalog

/// `samplenet export network` and `export wide` through the real binary: every format read
/// back by an independent parser gives the edges `samplenet edges` prints, to the last bit.
@Suite(.serialized) struct ExportCommandTests {
    /// A small fixed-hyperparameter run (3 targets; ZEB1 is both a regulator and a target, so
    /// two-step paths exist for RE).
    static func profiledCatalog() throws -> String {
        let catalog = try copyOfSampleCatalog()
        let result = try samplenet("profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM,ZEB1", "--regulators", ProfileCommandTests.regulators,
                                   "--catalog", catalog, "--bandwidth", "0.5", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion")
        #expect(result.status == 0, "\(result.stderr)")
        return catalog
    }

    /// "regulator target" -> beta of one cell, from `samplenet edges`.
    static func cellEdges(_ catalog: String, cell: String) throws -> [String: Double] {
        let out = try samplenet("edges", "--run", "1", "--cell", cell, "--catalog", catalog).stdout
        var edges: [String: Double] = [:]
        for line in out.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            edges["\(f[1]) \(f[2])"] = Double(f[3])
        }
        return edges
    }

    /// Collects GraphML nodes and edges with their data, by key id.
    final class GraphMLReader: NSObject, XMLParserDelegate {
        var keys: [String: String] = [:]                  // key id -> attr.name
        var nodes: [String: [String: String]] = [:]
        var edges: [(source: String, target: String, data: [String: String])] = []
        var directed = false
        private var currentKey: String?, text = "", currentNode: String?, currentEdge: (String, String)?, data: [String: String] = [:]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            switch name {
            case "key": keys[attributes["id"] ?? ""] = attributes["attr.name"]
            case "graph": directed = attributes["edgedefault"] == "directed"
            case "node": currentNode = attributes["id"]; data = [:]
            case "edge": currentEdge = (attributes["source"] ?? "", attributes["target"] ?? ""); data = [:]
            case "data": currentKey = attributes["key"]; text = ""
            default: break
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "data": if let k = currentKey, let attribute = keys[k] { data[attribute] = text }
            case "node": if let n = currentNode { nodes[n] = data }
            case "edge": if let e = currentEdge { edges.append((e.0, e.1, data)) }
            default: break
            }
        }
    }

    @Test func graphMLJSONAndTablesCarryTheCellsEdgesExactly() throws {
        let catalog = try Self.profiledCatalog()
        let truth = try Self.cellEdges(catalog, cell: "HCC827")
        #expect(!truth.isEmpty)
        let folder = testScratchFolder.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

        let graphml = folder + "/hcc827.graphml"
        let written = try samplenet("export", "network", "--run", "1", "--cell", "HCC827", "--format", "graphml", "--output", graphml, "--catalog", catalog)
        #expect(written.status == 0, "\(written.stderr)")
        let reader = GraphMLReader()
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: graphml)))
        parser.delegate = reader
        #expect(parser.parse(), "well-formed GraphML")
        #expect(reader.directed)
        #expect(Set(reader.keys.values) == ["regulator", "degree", "out_degree", "in_degree", "beta", "re"])
        var fromGraphML: [String: Double] = [:]
        for e in reader.edges { fromGraphML["\(e.source) \(e.target)"] = Double(e.data["beta"] ?? "") }
        #expect(fromGraphML == truth)
        // Degrees agree with the edges; every regulator node is a catalog regulator.
        for (id, data) in reader.nodes {
            let out = reader.edges.filter { $0.source == id }.count, into = reader.edges.filter { $0.target == id }.count
            #expect(Int(data["out_degree"] ?? "") == out && Int(data["in_degree"] ?? "") == into && Int(data["degree"] ?? "") == out + into)
            if out > 0 { #expect(data["regulator"] == "true") }
        }
        // RE of an edge into a gene with no two-step path is beta x the regulator's expression.
        // CDH1 is not a regulator, so for X -> CDH1 two-step paths run through ZEB1 or VIM only
        // when X -> ZEB1/VIM -> CDH1 exist; edges with no such path must satisfy RE = beta r.
        let expression = try Catalog(path: catalog, mustExist: true).expression(genes: nil)
        let column = try #require(expression.cells.firstIndex { $0.key == "HCC827" })
        let row = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        for e in reader.edges where e.target == "CDH1" {
            let twoStep = ["ZEB1", "VIM"].contains { l in truth["\(e.source) \(l)"] != nil && truth["\(l) CDH1"] != nil }
            if !twoStep, let r = row[e.source], let beta = Double(e.data["beta"] ?? ""), let re = Double(e.data["re"] ?? "") {
                #expect(abs(re - beta * expression.value(gene: r, cell: column)) <= 1e-12 * max(1, abs(re)))
            }
        }

        // Node-link JSON as networkx reads it.
        let json = try samplenet("export", "network", "--run", "1", "--cell", "HCC827", "--format", "json", "--catalog", catalog)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["directed"] as? Bool == true)
        let links = try #require(object["links"] as? [[String: Any]])
        var fromJSON: [String: Double] = [:]
        for l in links { fromJSON["\(l["source"] as? String ?? "") \(l["target"] as? String ?? "")"] = l["beta"] as? Double }
        // (Foundation's JSON reader may round the last bit, so compare to 1e-15 here; the
        // text itself carries the shortest round-trip form, as in every other format.)
        #expect(Set(fromJSON.keys) == Set(truth.keys))
        #expect(truth.allSatisfy { key, beta in abs((fromJSON[key] ?? .nan) - beta) <= 1e-15 * abs(beta) })

        // Cytoscape: SIF plus attribute tables keyed by Cytoscape's edge name.
        let base = folder + "/hcc827"
        #expect(try samplenet("export", "network", "--run", "1", "--cell", "HCC827", "--format", "sif", "--output", base, "--catalog", catalog).status == 0)
        let sif = try String(contentsOfFile: base + ".sif", encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(sif.allSatisfy { $0.count == 3 && $0[1] == "pd" })
        #expect(Set(sif.map { "\($0[0]) \($0[2])" }) == Set(truth.keys))
        let table = try String(contentsOfFile: base + ".edges.tsv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(table[0] == ["name", "regulator", "target", "beta", "re"])
        for f in table.dropFirst() {
            #expect(f[0] == "\(f[1]) (pd) \(f[2])")
            #expect(Double(f[3]) == truth["\(f[1]) \(f[2])"])
        }
        let nodes = try String(contentsOfFile: base + ".nodes.tsv", encoding: .utf8).split(separator: "\n")
        #expect(nodes.first == "name\tregulator\tdegree\tout_degree\tin_degree")
        #expect(nodes.count - 1 == Set(truth.keys.flatMap { $0.split(separator: " ").map(String.init) }).count)

        // --top keeps the strongest edges.
        let top = try samplenet("export", "network", "--run", "1", "--cell", "HCC827", "--top", "5", "--catalog", catalog)
        let kept = top.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(kept.count == min(5, truth.count))
        let fifth = truth.values.map(abs).sorted(by: >)[min(5, truth.count) - 1]
        #expect(kept.allSatisfy { abs(Double($0[2]) ?? 0) >= fifth })
    }

    @Test func wideTableHoldsEveryCellsBetaAndTopKeepsEachCellsStrongest() throws {
        let catalog = try Self.profiledCatalog()
        let wide = try samplenet("export", "wide", "--run", "1", "--catalog", catalog)
        #expect(wide.status == 0, "\(wide.stderr)")
        let lines = wide.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(Array(header.prefix(3)) == ["edge", "regulator", "target"])
        #expect(header.count == 3 + 908)
        // Every non-zero entry is an edge of `samplenet edges`, and the counts match.
        let all = try samplenet("edges", "--run", "1", "--catalog", catalog).stdout.split(separator: "\n").dropFirst()
        var truth: [String: Double] = [:]
        for line in all { let f = line.split(separator: "\t"); truth["\(f[0]) \(f[1]) \(f[2])"] = Double(f[3]) }
        var nonZero = 0
        for row in lines.dropFirst() {
            #expect(row[0] == "\(row[1]):\(row[2])")
            for (c, value) in row.dropFirst(3).enumerated() where value != "0.0" {
                nonZero += 1
                #expect(Double(value) == truth["\(header[3 + c]) \(row[1]) \(row[2])"])
            }
        }
        #expect(nonZero == truth.count)

        // --top 3: each kept row is among the 3 strongest of some cell, and each cell's
        // strongest edge is kept.
        let top = try samplenet("export", "wide", "--run", "1", "--top", "3", "--format", "csv", "--catalog", catalog)
        let kept = Set(top.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
        var byCell: [String: [(String, Double)]] = [:]
        for (key, beta) in truth {
            let f = key.split(separator: " ").map(String.init)
            byCell[f[0], default: []].append(("\(f[1]):\(f[2])", abs(beta)))
        }
        for (_, edges) in byCell {
            let ranked = edges.sorted { $0.1 > $1.1 }
            #expect(kept.contains(ranked[0].0))
        }
        for k in kept {
            let qualifies = byCell.values.contains { edges in
                let sorted = edges.map(\.1).sorted(by: >)
                let threshold = sorted.count <= 3 ? 0 : sorted[2]
                return edges.contains { $0.0 == k && $0.1 >= threshold }
            }
            #expect(qualifies, "\(k) is in no cell's top 3")
        }
    }
}
