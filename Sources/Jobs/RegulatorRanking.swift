import Catalog
import Compute

/// Regulators of a target ranked by REC (METHOD.md 1.6) from a run in the catalog: the one
/// computation behind `samplenet effects` and the explorer's gene view.
public enum RegulatorRanking {
    /// nil when the gene is not a target of the run.
    public static func rank(catalog: Catalog, runID: Int, targetID: Int) throws -> [RegulatoryEffect.Effect]? {
        let runTargets = Set(try catalog.runTargets(runID).map(\.targetID))
        guard runTargets.contains(targetID) else { return nil }
        let symbols = Dictionary(try catalog.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        let direct = try catalog.edgeRows(runID: runID, targetIDs: [targetID])
        // Two-step paths j -> l -> k in a cell need l's edges in that cell only, and only for
        // the l that regulate k there: a few blocks per cell, not every cell of every l.
        let intermediates = direct.compactMap { e -> (targetID: Int, cellID: Int)? in
            e.regulatorID != targetID && runTargets.contains(e.regulatorID) ? (e.regulatorID, e.cellID) : nil
        }
        let rows = direct + (try catalog.edgeRows(runID: runID, blocks: intermediates))
        let cells = try catalog.runCells(runID)
        let regulatorSymbols = Set(rows.map(\.regulatorID)).compactMap { symbols[$0] }.sorted()
        let expression = try catalog.expression(genes: regulatorSymbols)
        let geneRow = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        let cellColumn = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        return RegulatoryEffect.effects(target: targetID, cells: cells,
            edges: rows.map { .init(cell: $0.cellID, regulator: $0.regulatorID, target: $0.targetID, beta: $0.beta) },
            expression: { j, cell in
                guard let symbol = symbols[j], let g = geneRow[symbol], let c = cellColumn[cell] else { return 0 }
                return expression.value(gene: g, cell: c)
            })
    }
}
