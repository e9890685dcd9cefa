import ArgumentParser
import Catalog
import Jobs
import Foundation

/// `samplenet subnetworks`: a TRIP run's explanatory subnetworks.
struct Subnetworks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a TRIP run's explanatory subnetworks: rank, score, genes, edges with importance and sign.",
        discussion: """
            A subnetwork is a module of the run's top-N edges by importance: a modularity
            community of their gene graph, at most 30 edges (METHOD.md 2.4). Importance is the
            sd over lines of an edge's contribution relative to the lines' mean input (response
            units; logit units for a classification run); the score is the summed importance.
            sign +1: a stronger-than-average edge pushes the prediction up. tsv/csv: one row per edge (genes = the subnetwork's gene
            count); json/ndjson: one object per subnetwork with its gene list.
            Examples:
              samplenet subnetworks --trip 4
              samplenet subnetworks --trip 4 --top 3 --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("trip"), parsing: .unconditional, help: "TRIP run id.") var runID: Int
    @Option(parsing: .unconditional, help: "How many subnetworks.") var top = 10

    func validate() throws { guard top >= 1 else { throw ValidationError("--top must be at least 1") } }
    @Option(help: "tsv, csv, json or ndjson.") var format: OutputFormat = .tsv

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            try requireFinishedTRIP(cat, runID)
            let list = try cat.tripSubnetworks(runID: runID, limit: top)
            let out = OutputBuffer()
            switch format {
            case .tsv, .csv:
                var table = TableWriter(format, columns: ["rank", "score", "genes", "regulator", "target", "importance", "sign"], to: out)
                for s in list {
                    for e in s.edges {
                        table.row([.integer(s.rank), .number(s.score), .integer(s.genes.count), .text(e.regulator), .text(e.target),
                                   .number(e.importance), .integer(e.sign)])
                    }
                }
                table.finish()
            case .json, .ndjson:
                let objects = list.map { s in
                    "{\"rank\":\(s.rank),\"score\":\(OutputFormat.number(s.score)),\"genes\":[\(s.genes.map(TextEscaping.json).joined(separator: ","))],\"edges\":["
                        + s.edges.map { "{\"regulator\":\(TextEscaping.json($0.regulator)),\"target\":\(TextEscaping.json($0.target)),\"importance\":\(OutputFormat.number($0.importance)),\"sign\":\($0.sign)}" }.joined(separator: ",")
                        + "]}"
                }
                out.write(format == .json ? "[" + objects.joined(separator: ",\n") + "]\n" : objects.map { $0 + "\n" }.joined())
                out.flush()
            }
        }
    }
}

/// `samplenet explain`: one cell's largest edge contributions in a TRIP run.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a cell line's top contributing edges in a TRIP run (signed, in modulator units).",
        discussion: """
            Contributions E_i[j,k] are measured from the lines' mean input Xref (METHOD.md 2.4):
            (X_i - Xref) x gradient for a linear TRIP model (exact: they sum to the line's
            prediction minus the prediction at Xref) or integrated gradients from Xref for H > 0.
            Edges the line lacks contribute too (0 differs from the mean); the run keeps each
            line's 100 largest.
            Examples:
              samplenet explain --trip 4 --cell HCC827
              samplenet explain --trip 4 --cell MDA-MB-231 --top 50 --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("trip"), parsing: .unconditional, help: "TRIP run id.") var runID: Int
    @Option(help: "Cell line (key or name).") var cell: String
    @Option(parsing: .unconditional, help: "How many edges (at most 100 are stored per cell).") var top = 20

    func validate() throws { guard top >= 1 else { throw ValidationError("--top must be at least 1") } }
    @Option(help: "tsv, csv, json or ndjson.") var format: OutputFormat = .tsv

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            try requireFinishedTRIP(cat, runID)
            guard let found = try cat.cellLine(named: cell) else { throw InputError.usage("no cell line \(cell)") }
            guard try cat.runCells(runID).contains(found.id) else { throw InputError.usage("cell line \(cell) is not in TRIP run \(runID)") }
            let rows = try cat.tripContributions(runID: runID, cellID: found.id, limit: top)
            if rows.isEmpty { printNote("\(found.key) has an empty network in this run's parent (every fit fell back to intercept-only): nothing contributes") }
            var table = TableWriter(format, columns: ["regulator", "target", "contribution"], to: OutputBuffer())
            for r in rows { table.row([.text(r.regulator), .text(r.target), .number(r.value)]) }
            table.finish()
        }
    }
}

func requireFinishedTRIP(_ catalog: Catalog, _ runID: Int) throws {
    guard let run = try catalog.run(runID) else { throw InputError.usage("no run \(runID) in \(catalog.path)") }
    guard run.kind == .trip else { throw InputError.usage("run \(runID) is a \(run.kind) run, not a TRIP run") }
    guard run.status == .finished else { throw InputError.usage("TRIP run \(runID) is \(run.shownStatus)") }
    announceVerdict(try catalog.tripVerdict(runID: runID), runID: runID)
}

/// Every listing of a TRIP run's explanation says first, on stderr, whether the run found
/// anything beyond its controls; a run without `signal` is flagged, never shown bare.
func announceVerdict(_ verdict: TRIPVerdictRecord?, runID: Int) {
    guard let verdict else {
        printNote("warning: TRIP run \(runID) has no verdict (made before controls existed): these edges are not validated against a shuffled or noise response")
        return
    }
    if verdict.isSignal {
        printNote("TRIP run \(runID): verdict signal (\(verdict.reason))")
    } else {
        printNote("warning: TRIP run \(runID): \(verdict.verdict) (\(verdict.reason)); what follows is not an explanation of the response")
    }
}
