import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

/// `samplenet effects`: regulators of a target ranked by the change of regulatory effect.
struct Effects: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the regulators of a target by REC, the change of regulatory effect across cell lines.",
        discussion: """
            RE_jk = (beta_jk + sum_l beta_jl beta_lk) * r_j per cell line (paths of length <= 2;
            the intermediate l must be a target of the run, so RE depends on the run's targets);
            REC_jk = max RE - min RE over the run's cell lines (METHOD.md 1.6).
            Example: samplenet effects --run 1 --target CDH1 --top 25
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), parsing: .unconditional, help: "Run id.") var runID: Int
    @Option(help: "Target gene.") var target: String
    @Option(parsing: .unconditional, help: "Show the top N regulators.") var top = 25

    @Option(help: "tsv or json.") var format: OutputFormat = .tsv
    @Option(parsing: .unconditional, help: ArgumentHelp("Only regulators whose direct edge to the target has a modulation q-value (the run's latest finished `samplenet test`) at most this. A q column is shown whenever the run has a finished test.", valueName: "q"))
    var maxQ: Double?
    @Option(help: ModulationQ.effectHelp) var minEffect: Double = ModulationCall.minimumEffect

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        try ModulationQ.validate(maxQ, minEffect: minEffect)
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let record = try cat.run(runID), record.kind == .profile else { throw InputError.usage("no profile run \(runID)") }
            let genes = try cat.genes()
            let byID = Dictionary(uniqueKeysWithValues: genes.map { ($0.id, $0.symbol) })
            guard let symbol = GeneAliases.resolve(target, in: Set(genes.map(\.symbol))), let targetID = genes.first(where: { $0.symbol == symbol })?.id else {
                throw InputError.usage("unknown gene \(target)")
            }
            guard let effects = try RegulatorRanking.rank(catalog: cat, runID: runID, targetID: targetID) else {
                throw InputError.usage("\(symbol) is not a target of run \(runID)")
            }
            let runTargets = try cat.runTargets(runID)
            printNote("\(effects.count) regulators reach \(symbol) in run \(runID) (direct edges and 2-step paths through the run's \(runTargets.count) targets)")
            let tested = maxQ == nil ? try cat.latestModulationQ(runID: runID) : try ModulationQ.required(cat, runID: runID, minEffect: minEffect)
            func q(_ regulator: Int) -> Double? { tested?.q[RegulatorTarget(regulatorID: regulator, targetID: targetID)] }
            var kept = effects
            if let maxQ { kept = effects.filter { (q($0.regulator) ?? 2) <= maxQ } }
            if let tested {
                printNote("q: modulation q-value of the direct edge regulator -> \(symbol) from test \(tested.test.id) (\(tested.test.draws) permutations); NA: not tested")
            }
            let shown = kept.prefix(top)
            if let modulator = record.modulator {
                let signature = try cat.modulatorSignature(name: modulator)
                let flagged = shown.filter { signature[$0.regulator] != nil }.map { "\(byID[$0.regulator] ?? "?") (\(signature[$0.regulator]!))" }
                if signature[targetID] != nil || !flagged.isEmpty {
                    printNote("signature overlap with \(modulator): " + (signature[targetID].map { "the target \(symbol) (\($0))" } ?? "")
                              + (signature[targetID] != nil && !flagged.isEmpty ? "; " : "")
                              + (flagged.isEmpty ? "" : "regulators shown " + flagged.joined(separator: ", "))
                              + "; their REC along it is expected by construction")
                }
            }
            switch format {
            case .json, .ndjson:
                let objects: [[String: Any]] = shown.enumerated().map { rank, e in
                    var object: [String: Any] = ["rank": rank + 1, "regulator": byID[e.regulator] ?? "?", "rec": e.change,
                                                 "re_min": e.perCell.min() ?? 0, "re_max": e.perCell.max() ?? 0, "cells_with_direct_edge": e.directCells]
                    if tested != nil { object["q"] = q(e.regulator) ?? NSNull() }
                    return object
                }
                print(String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            case .tsv, .csv:
                let sep = format == .csv ? "," : "\t"
                print((["rank", "regulator", "rec", "re_min", "re_max", "cells_with_direct_edge"] + (tested == nil ? [] : ["q"])).joined(separator: sep))
                for (rank, e) in shown.enumerated() {
                    let qField = tested == nil ? [] : [q(e.regulator).map(OutputFormat.number) ?? "NA"]
                    print(([String(rank + 1), byID[e.regulator] ?? "?", OutputFormat.number(e.change), OutputFormat.number(e.perCell.min() ?? 0),
                            OutputFormat.number(e.perCell.max() ?? 0), String(e.directCells)] + qField).joined(separator: sep))
                }
            }
        }
    }
}
