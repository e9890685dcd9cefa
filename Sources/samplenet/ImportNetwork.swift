import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

/// `samplenet import network`: per-cell networks from an edge table become a run, so
/// exports round-trip (`samplenet edges` of the new run prints what was exported) and
/// networks estimated elsewhere can be browsed and explained with TRIP.
struct ImportNetwork: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Import per-cell networks (an edge table) as a new run.",
        discussion: """
            Layouts (tab or comma separated, gzip or not; detected from the header):
              long   columns cell (or cell_line), regulator, target, beta, in any order; other
                     columns are ignored. `samplenet edges` writes this; --cell names the line
                     of a single line's table (`export network --cell X`).
              wide   edge, regulator, target, then one beta column per cell line, 0 where the
                     edge is absent (`export wide`).
            The run's cell lines are those with expression and a value of --modulator, in
            modulator order (as `samplenet profile` would choose them); an edge in another line,
            an unknown gene, a non-numeric beta or a repeated edge is an error naming the file
            and line, and changes nothing. The run records the file and its SHA-256; it has no
            fitted hyperparameters, so it cannot be resumed and `export inputs` refuses it.
            Examples:
              samplenet edges --run 1 > run1.tsv && samplenet import network run1.tsv --modulator gefitinib
              samplenet import network networks_wide.tsv --modulator emt --dry-run
            """)
    @OptionGroup var catalog: CatalogOptions
    @Flag(help: "Print what would be imported; change nothing.") var dryRun = false
    @Argument(help: "Edge table.") var file: String
    @Option(help: "Modulator whose run this is (orders the cell lines).") var modulator: String
    @Option(help: "The cell line of a single line's table without a cell column.") var cell: String?

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.open()
            guard let m = try cat.modulator(named: modulator) else {
                throw InputError.usage("no modulator named \(modulator); the catalog has: \(try cat.modulators().map(\.name).joined(separator: ", "))")
            }
            let table = try NetworkReader.read(path: file, catalog: cat, cell: cell)
            guard !table.edges.isEmpty else {
                throw InputError.badData(file: file, line: nil, problem: "has no edges (a header only, or every beta 0): nothing to import")
            }
            let values = try cat.modulatorValues(m).values
            let (runCells, skipped) = try modulatorRunCells(cat, values: values)
            let inRun = Set(runCells.map(\.id))
            if let outside = table.edges.first(where: { !inRun.contains($0.cellID) }) {
                let name = try cat.cellLines().first { $0.id == outside.cellID }?.name ?? "?"
                throw InputError.usage("\(file): cell line \(name) has no \(modulator) value or no expression, so it is not in a \(modulator) run")
            }
            var targets: [Int] = [], seenTargets = Set<Int>()
            for e in table.edges where seenTargets.insert(e.targetID).inserted { targets.append(e.targetID) }
            let summary = "\(dryRun ? "would import" : "imported") \(table.edges.count) edges into \(targets.count) targets "
                + "in \(Set(table.edges.map(\.cellID)).count) of \(runCells.count) cell lines (\(table.layout.rawValue) table)"
            for note in table.notes { printNote(note) }           // after every check: a refusal stays one line
            if dryRun { printNote(summary); return }
            let digest = try SHA256.file(file)
            let parameters = try sortedKeysJSON(ImportedNetworkParameters(source: file, sha256: digest, layout: table.layout.rawValue,
                                                                           modulator: modulator))
            let standardised = KernelWeights.standardise(runCells.map { values[$0.id]! }) ?? runCells.map { _ in 0 }
            let byTarget = Dictionary(grouping: table.edges, by: \.targetID)
            // One transaction: the run, its targets and every network, or nothing.
            let runID = try cat.write { () -> Int in
                let id = try cat.createRun(kind: .profile, modulatorID: m.id, parametersJSON: parameters, dataHash: "sha256:\(digest)",
                                           cells: zip(runCells, standardised).map { ($0.id, $1) }, targetIDs: targets, cellsSkipped: skipped)
                for target in targets {
                    try cat.saveTarget(runID: id, targetID: target, bandwidth: .nan, cv: nil, fits: [], edges: byTarget[target] ?? [])
                }
                try cat.setRunStatus(id, status: .finished, message: "imported from \(file)")
                try cat.logImport(kind: "network", source: file, sha256: digest, summary: summary)
                return id
            }
            writeLine(String(runID))
            printNote(summary + " as run \(runID)")
        }
    }
}

/// What an imported run records instead of NetworkProfiler's parameters.
struct ImportedNetworkParameters: Codable {
    var method = "imported"
    var source: String
    var sha256: String
    var layout: String
    var modulator: String

    /// True for a run made by `import network`.
    static func isImported(_ json: String) -> Bool {
        (try? JSONDecoder().decode(ImportedNetworkParameters.self, from: Data(json.utf8)))?.method == "imported"
    }
}
