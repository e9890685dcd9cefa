import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

/// `samplenet export wide`: every cell's network side by side, one row per edge.
struct ExportWide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wide",
        abstract: "Write a run's networks as one wide table: regulator:target rows x cell-line columns of beta.",
        discussion: """
            Columns: `edge` ("REGULATOR:TARGET"), `regulator`, `target`, then one column per cell
            line of the run in modulator order (cell keys); 0 where the cell has no such edge.
            Rows: every edge non-zero in at least one cell, by target then regulator; with
            --top K only edges among some cell's K largest |beta| (ties at the K-th included).
            Streams one target at a time. Reads straight into R or pandas:
              read.delim("wide.tsv", row.names = 1)     pandas.read_csv("wide.tsv", sep="\\t", index_col=0)
            Example: samplenet export wide --run 1 --top 100 --output run1-wide.tsv
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), parsing: .unconditional, help: "Profile run id.") var runID: Int
    @Option(parsing: .unconditional, help: "Keep edges in some cell's top K by |beta|.") var top: Int?
    @Option(help: "tsv or csv.") var format: OutputFormat = .tsv
    @Option(help: "Output file (default: stdout).") var output: String?
    @Option(parsing: .unconditional, help: ModulationQ.help) var maxQ: Double?
    @Option(help: ModulationQ.effectHelp) var minEffect: Double = ModulationCall.minimumEffect

    func validate() throws {
        if format == .json || format == .ndjson { throw ValidationError("the wide table is tsv or csv") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
        try ModulationQ.validate(maxQ, minEffect: minEffect)
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let record = try cat.run(runID), record.kind == .profile else { throw InputError.usage("no profile run \(runID)") }
            let symbols = Dictionary(uniqueKeysWithValues: try cat.genes().map { ($0.id, $0.symbol) })
            let keys = Dictionary(uniqueKeysWithValues: try cat.cellLines().map { ($0.id, $0.key) })
            let cells = try cat.runCells(runID)
            let column = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
            let targets = try cat.runTargets(runID).filter(\.finished).map(\.targetID)
                .sorted { (symbols[$0] ?? "") < (symbols[$1] ?? "") }
            let thresholds = try top.map { k in try Self.topThresholds(cat, runID: runID, targets: targets, column: column, k: k) }
            let q = try maxQ.map { _ in try ModulationQ.required(cat, runID: runID, minEffect: minEffect).q }
            let separator = format == .csv ? "," : "\t"
            let sink = try OutputBuffer(path: output)
            sink.write((["edge", "regulator", "target"] + (q == nil ? [] : ["q"]) + cells.map { keys[$0] ?? "" }).joined(separator: separator) + "\n")
            var rows = 0
            for target in targets {
                var byRegulator: [Int: [Double]] = [:]
                for e in try cat.edgeRows(runID: runID, targetIDs: [target]) {
                    guard let c = column[e.cellID] else { continue }
                    byRegulator[e.regulatorID, default: [Double](repeating: 0, count: cells.count)][c] = e.beta
                }
                let targetSymbol = symbols[target] ?? ""
                for regulator in byRegulator.keys.sorted(by: { (symbols[$0] ?? "") < (symbols[$1] ?? "") }) {
                    let betas = byRegulator[regulator]!
                    if let thresholds, !betas.indices.contains(where: { betas[$0] != 0 && abs(betas[$0]) >= thresholds[$0] }) { continue }
                    var qField: [String] = []
                    if let q, let maxQ {
                        guard let value = q[RegulatorTarget(regulatorID: regulator, targetID: target)], value <= maxQ else { continue }
                        qField = [OutputFormat.number(value)]
                    }
                    let regulatorSymbol = symbols[regulator] ?? ""
                    sink.write(([regulatorSymbol + ":" + targetSymbol, regulatorSymbol, targetSymbol] + qField + betas.map(OutputFormat.number))
                        .joined(separator: separator) + "\n")
                    rows += 1
                }
            }
            try sink.close()
            printNote("\(rows) edges x \(cells.count) cell lines" + (output.map { " written to \($0)" } ?? ""))
        }
    }

    /// Per cell (by column), the K-th largest |beta| over all its edges (0 when it has fewer).
    static func topThresholds(_ cat: Catalog, runID: Int, targets: [Int], column: [Int: Int], k: Int) throws -> [Double] {
        var magnitudes = [[Double]](repeating: [], count: column.count)
        for target in targets {
            for e in try cat.edgeRows(runID: runID, targetIDs: [target]) {
                if let c = column[e.cellID] { magnitudes[c].append(abs(e.beta)) }
            }
        }
        return magnitudes.map { values in values.count <= k ? 0 : values.sorted(by: >)[k - 1] }
    }
}
