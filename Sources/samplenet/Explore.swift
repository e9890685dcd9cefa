import ArgumentParser
import Catalog
import TUI

/// `samplenet explore`: the full-screen explorer (the default command).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the explorer (keyboard-driven; ? lists the keys).",
        discussion: "Respects NO_COLOR. Example: samplenet explore --catalog var/sample.sqlite")
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "Modulator to show first.") var modulator: String?

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.open()
            explorerEffects.prefetch(catalogPath: cat.path)
            let status = try Explorer.run(catalog: cat, initialModulator: modulator, ranker: explorerRanker, cellEffects: explorerCellEffects)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// The explorer's gene view ranks regulators by REC with the same code as `samplenet effects`.
let explorerRanker: RegulatorRanker = { catalog, runID, targetID in
    try RegulatorRanking.rank(catalog: catalog, runID: runID, targetID: targetID)?.map {
        RankedRegulator(regulatorID: $0.regulator, rec: $0.change, directCells: $0.directCells)
    }
}

/// Per-cell RE for the explorer's edge list, with the regulators' expression cached.
let explorerEffects = CellRegulatoryEffects()
let explorerCellEffects: CellEffects = { catalog, _, cellID, edges in
    try explorerEffects.effects(catalog: catalog, cellID: cellID, edges: edges)
}
