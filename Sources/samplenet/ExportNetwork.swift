import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

/// File formats of `samplenet export network`.
enum NetworkFormat: String, ExpressibleByArgument, CaseIterable {
    case tsv, csv, json, graphml, sif
}

/// `samplenet export network`: one cell line's network, or one TRIP subnetwork, for
/// Cytoscape, Gephi, igraph, networkx, R or pandas.
struct ExportNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Write one cell line's network or one TRIP subnetwork as TSV/CSV, JSON, GraphML or Cytoscape SIF.",
        discussion: """
            Edges are regulator -> target. Edge attributes: a cell's network has beta (original
            scale) and re, the regulatory effect in that cell (METHOD.md 1.6: paths of length <= 2
            through the run's targets, times the regulator's expression); a TRIP subnetwork has
            importance (mean |contribution|, modulator units) and sign, plus beta and re when
            --cell is also given (NA where the cell has no such edge). Node attributes: regulator
            (a candidate regulator of the catalog), degree, out_degree, in_degree.

            Formats:
              tsv, csv   one edge per line: regulator, target, attributes (NA = missing).
              json       node-link JSON: networkx.node_link_graph(json.load(f), edges="links").
              graphml    GraphML, directed, typed attributes (Cytoscape, Gephi, yEd, igraph).
              sif        Cytoscape: BASE.sif (REGULATOR pd TARGET), BASE.edges.tsv (key column
                         `name` = "REGULATOR (pd) TARGET") and BASE.nodes.tsv (key `name`);
                         import the .sif, then both tables (File > Import > Table from File).
            --top K keeps the K edges with the largest |beta| (|importance| for a subnetwork).

            Examples:
              samplenet export network --run 1 --cell HCC827 --format graphml --output hcc827.graphml
              samplenet export network --run 1 --cell HCC827 --top 200 --format sif --output hcc827
              samplenet export network --trip 2 --rank 1 --format json --output subnetwork1.json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), parsing: .unconditional, help: "Profile run id (with --cell).") var runID: Int?
    @Option(help: "Cell line (key or name).") var cell: String?
    @Option(name: .customLong("trip"), parsing: .unconditional, help: "TRIP run id (with --rank).") var tripID: Int?
    @Option(parsing: .unconditional, help: "Subnetwork rank (1 = most important).") var rank: Int?
    @Option(parsing: .unconditional, help: "Keep the K strongest edges.") var top: Int?
    @Option(help: "tsv, csv, json, graphml or sif.") var format: NetworkFormat = .tsv
    @Option(help: "Output file (sif: the base name of three files; other formats: default stdout).") var output: String?
    @Option(parsing: .unconditional, help: ModulationQ.help) var maxQ: Double?
    @Option(help: ModulationQ.effectHelp) var minEffect: Double = ModulationCall.minimumEffect

    func validate() throws {
        if tripID == nil && (runID == nil || cell == nil) { throw ValidationError("give --run and --cell, or --trip and --rank") }
        if tripID != nil && rank == nil { throw ValidationError("--trip needs --rank") }
        if format == .sif && output == nil { throw ValidationError("--format sif writes three files: give --output BASE") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        if let rank, rank < 1 { throw ValidationError("--rank must be at least 1") }
        if maxQ != nil && tripID != nil { throw ValidationError("--max-q applies to a cell's network (--run and --cell)") }
        try ModulationQ.validate(maxQ, minEffect: minEffect)
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            var network = try NetworkLoader(catalog: cat).load(runID: runID, cell: cell, tripID: tripID, rank: rank)
            if let maxQ, let runID { network = try Self.filtered(network, maxQ: maxQ, q: ModulationQ.required(cat, runID: runID, minEffect: minEffect).q, genes: cat.genes()) }
            network = network.top(top, by: tripID != nil ? "importance" : "beta")
            switch format {
            case .tsv: try emit(network.edgeTable(separator: "\t"))
            case .csv: try emit(network.edgeTable(separator: ","))
            case .json: try emit(network.nodeLinkJSON())
            case .graphml: try emit(network.graphML())
            case .sif:
                let base = output!
                for (suffix, text) in [(".sif", network.sif()), (".edges.tsv", network.edgeAttributeTable()), (".nodes.tsv", network.nodeAttributeTable())] {
                    try write(text, to: base + suffix)
                }
                printNote("wrote \(network.edges.count) edges, \(network.nodes.count) nodes: \(base).sif, \(base).edges.tsv, \(base).nodes.tsv")
            }
        }
    }

    /// The edges whose modulation q is at most `maxQ`, with q as a further edge attribute.
    static func filtered(_ network: NetworkExport, maxQ: Double, q: [RegulatorTarget: Double], genes: [Gene]) -> NetworkExport {
        let ids = Dictionary(genes.map { ($0.symbol, $0.id) }, uniquingKeysWith: { a, _ in a })
        var out = network
        out.edgeAttributes.append("q")
        out.edges = network.edges.compactMap { e in
            guard let r = ids[e.regulator], let t = ids[e.target], let value = q[RegulatorTarget(regulatorID: r, targetID: t)], value <= maxQ else {
                return nil
            }
            var kept = e
            kept.values.append(value)
            return kept
        }
        return out
    }

    private func emit(_ text: String) throws {
        guard let output else { FileHandle.standardOutput.write(Data(text.utf8)); return }
        try write(text, to: output)
        printNote("wrote \(output)")
    }
}

/// Writes a whole file atomically (a failed write leaves no half file behind).
func write(_ text: String, to path: String) throws {
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
        throw InputError.missing(file: path, problem: "cannot write: \(error.localizedDescription)")
    }
}

/// Builds `NetworkExport`s from the catalog: a cell's network with beta and RE, a TRIP
/// subnetwork with importance and sign (and the cell's beta and RE when a cell is named).
struct NetworkLoader {
    let catalog: Catalog

    func load(runID: Int?, cell: String?, tripID: Int?, rank: Int?) throws -> NetworkExport {
        let genes = try catalog.genes()
        let regulators = Set(genes.filter(\.isRegulator).map(\.symbol))
        let cellLine = try cell.map { name -> CellLine in
            guard let found = try catalog.cellLine(named: name) else { throw InputError.usage("no cell line \(name)") }
            return found
        }
        var profileRun = runID
        var subnetwork: NamedSubnetwork?
        if let tripID, let rank {
            guard let record = try catalog.run(tripID), record.kind == .trip else { throw InputError.usage("no TRIP run \(tripID)") }
            guard let found = try catalog.tripSubnetworks(runID: tripID, limit: rank).first(where: { $0.rank == rank }) else {
                throw InputError.usage("TRIP run \(tripID) has no subnetwork of rank \(rank)")
            }
            subnetwork = found
            profileRun = profileRun ?? record.parentRunID
        }
        var cellValues: [String: (beta: Double, re: Double)] = [:]
        if let cellLine {
            guard let profileRun, let record = try catalog.run(profileRun), record.kind == .profile else {
                throw InputError.usage("no profile run \(runID.map(String.init) ?? "for TRIP run \(tripID ?? 0)")")
            }
            guard try catalog.runCells(profileRun).contains(cellLine.id) else {
                throw InputError.usage("\(cellLine.name) is not among the cell lines of run \(profileRun) (no modulator value?)")
            }
            cellValues = try cellNetwork(runID: profileRun, cell: cellLine, genes: genes)
        }
        func key(_ regulator: String, _ target: String) -> String { regulator + "\u{1}" + target }
        if let subnetwork, let tripID, let rank {
            let withCell = cellLine != nil
            let edges = subnetwork.edges.map { e -> NetworkExport.Edge in
                let values = cellValues[key(e.regulator, e.target)]
                return NetworkExport.Edge(regulator: e.regulator, target: e.target,
                                          values: [e.importance, Double(e.sign)] + (withCell ? [values?.beta ?? .nan, values?.re ?? .nan] : []))
            }
            return NetworkExport(name: "TRIP run \(tripID), subnetwork \(rank)" + (cellLine.map { ", cell \($0.name)" } ?? ""),
                                 edgeAttributes: ["importance", "sign"] + (withCell ? ["beta", "re"] : []), edges: edges, regulators: regulators)
        }
        let edges = cellValues.map { pair, v -> NetworkExport.Edge in
            let parts = pair.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            return NetworkExport.Edge(regulator: parts[0], target: parts[1], values: [v.beta, v.re])
        }.sorted { ($0.regulator, $0.target) < ($1.regulator, $1.target) }
        return NetworkExport(name: "run \(profileRun ?? 0), cell \(cellLine?.name ?? "")", edgeAttributes: ["beta", "re"],
                             edges: edges, regulators: regulators)
    }

    /// A cell's edges keyed by "regulator\u{1}target" with beta and RE (METHOD.md 1.6), RE
    /// by the same code as the explorer's edge list.
    private func cellNetwork(runID: Int, cell: CellLine, genes: [Gene]) throws -> [String: (beta: Double, re: Double)] {
        let symbols = Dictionary(uniqueKeysWithValues: genes.map { ($0.id, $0.symbol) })
        let rows = try catalog.cellEdgeRows(runID: runID, cellID: cell.id)
        let effects = try CellRegulatoryEffects().effects(catalog: catalog, cellID: cell.id, edges: rows)
        var out: [String: (beta: Double, re: Double)] = [:]
        for (row, re) in zip(rows, effects) {
            guard let r = symbols[row.regulatorID], let t = symbols[row.targetID] else { continue }
            out[r + "\u{1}" + t] = (row.beta, re)
        }
        return out
    }
}
