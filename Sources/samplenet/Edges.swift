import ArgumentParser
import Catalog
import Compute
import Foundation

/// `samplenet edges`: a run's per-cell edges.
struct Edges: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the edges of a run: cell, regulator, target, beta.",
        discussion: """
            Rows are sorted by cell key, regulator, target; numbers are printed in the shortest
            form that reads back to the same double. tsv and csv have a header line; json is one
            array; ndjson is one object per line (for large outputs).
            Examples:
              samplenet edges --run 1 --target CDH1
              samplenet edges --run 1 --cell MDAMB231 --format json
              samplenet edges --run 1 --target CDH1 --max-q 0.1
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), parsing: .unconditional, help: "Run id.") var runID: Int
    @Option(help: "Only this cell line (key or name).") var cell: String?
    @Option(help: "Only edges into this gene.") var target: String?
    @Option(help: "Only edges from this gene.") var regulator: String?
    @Option(help: "tsv, csv, json or ndjson.") var format: OutputFormat = .tsv
    @Option(parsing: .unconditional, help: ModulationQ.help) var maxQ: Double?
    @Option(help: ModulationQ.effectHelp) var minEffect: Double = ModulationCall.minimumEffect

    func validate() throws { try ModulationQ.validate(maxQ, minEffect: minEffect) }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard try cat.run(runID) != nil else { throw InputError.usage("no run \(runID) in \(cat.path)") }
            let cellID = try cell.map { name -> Int in
                guard let found = try cat.cellLine(named: name) else { throw InputError.usage("no cell line \(name)") }
                return found.id
            }
            let genes = Dictionary(uniqueKeysWithValues: try cat.genes().map { ($0.symbol, $0.id) })
            func gene(_ symbol: String?) throws -> Int? {
                guard let symbol else { return nil }
                guard let resolved = GeneAliases.resolve(symbol, in: Set(genes.keys)) else { throw InputError.usage("unknown gene \(symbol)") }
                return genes[resolved]
            }
            // (regulator, target) -> q of the latest finished test, when filtering on q.
            var qValues: [String: Double]?
            if maxQ != nil {
                let tested = try ModulationQ.required(cat, runID: runID, minEffect: minEffect)
                let symbols = Dictionary(genes.map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                qValues = Dictionary(tested.q.map { ("\(symbols[$0.key.regulatorID] ?? "")\t\(symbols[$0.key.targetID] ?? "")", $0.value) },
                                     uniquingKeysWith: { a, _ in a })
            }
            var table = TableWriter(format, columns: ["cell", "regulator", "target", "beta"] + (maxQ == nil ? [] : ["q"]), to: OutputBuffer())
            try cat.edges(runID: runID, cellID: cellID, targetID: try gene(target), regulatorID: try gene(regulator)) { e in
                guard let maxQ, let qValues else {
                    table.row([.text(e.cell), .text(e.regulator), .text(e.target), .number(e.beta)])
                    return
                }
                guard let q = qValues["\(e.regulator)\t\(e.target)"], q <= maxQ else { return }
                table.row([.text(e.cell), .text(e.regulator), .text(e.target), .number(e.beta), .number(q)])
            }
            table.finish()
        }
    }
}
