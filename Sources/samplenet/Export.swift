import ArgumentParser
import Catalog
import Jobs
import Foundation

/// `samplenet export ...`: results and inputs in formats other tools read.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a run's data for other tools.",
        subcommands: [ExportNetwork.self, ExportWide.self, ExportInputs.self])
}

/// The exact input of a profile run, so that any other implementation (R, Python) can be
/// run on the same numbers.
struct ExportInputs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inputs",
        abstract: "Write a profile run's input: cells in run order, modulator, regulators and targets.",
        discussion: """
            TSV with a header `cell<TAB>modulator<TAB>genes...`, one row per cell line of the run in
            modulator order; the modulator is the raw value (standardise it over these rows with
            the population sd to get what the run used). A second header line starting with
            `#role` marks each gene column as regulator, target or both. Numbers read back exactly.
            Example: samplenet export inputs --run 1 --output run1-inputs.tsv
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), help: "Run id.") var runID: Int
    @Option(help: "Output file (default: stdout).") var output: String?

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let record = try cat.run(runID), record.kind == .profile else { throw InputError.usage("no profile run \(runID)") }
            guard !ImportedNetworkParameters.isImported(record.parametersJSON) else {
                throw InputError.usage("run \(runID) was imported from an edge table: it has no inputs to export")
            }
            let parameters = try ProfileParameters.decode(record.parametersJSON)
            let data = try ProfileData.load(catalog: cat, parameters: parameters)
            if data.dataHash != record.dataHash {
                printNote("warning: the catalog's data changed since run \(runID); writing the current data")
            }
            var genes: [String] = parameters.regulators
            let regulatorSet = Set(parameters.regulators)
            for t in parameters.targets where !regulatorSet.contains(t) { genes.append(t) }
            let targetSet = Set(parameters.targets)
            var text = "cell\tmodulator\t" + genes.joined(separator: "\t") + "\n"
            text += "#role\t-\t" + genes.map { regulatorSet.contains($0) && targetSet.contains($0) ? "both" : (regulatorSet.contains($0) ? "regulator" : "target") }
                .joined(separator: "\t") + "\n"
            let regulatorColumn = Dictionary(uniqueKeysWithValues: parameters.regulators.enumerated().map { ($1, $0) })
            let targetColumn = Dictionary(uniqueKeysWithValues: parameters.targets.enumerated().map { ($1, $0) })
            for (i, cell) in data.cells.enumerated() {
                var fields = [cell.key, OutputFormat.number(data.modulatorValues[i])]
                for g in genes {
                    let v = regulatorColumn[g].map { data.regulators[i, $0] } ?? data.targets[i, targetColumn[g]!]
                    fields.append(OutputFormat.number(v))
                }
                text += fields.joined(separator: "\t") + "\n"
            }
            if let output {
                try write(text, to: output)
                printNote("wrote \(data.cells.count) cells x \(genes.count) genes to \(output)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
