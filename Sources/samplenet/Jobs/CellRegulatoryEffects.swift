import Catalog
import Compute
import Synchronization

/// A cell line's regulatory effects (METHOD.md 1.6) for the explorer's edge list: the same
/// `RegulatoryEffect.cellMatrix` as `trip --input re`, on the cell's own network, restricted
/// to its edges. The regulators' expression is read from the catalog once and kept (about
/// 4 MB for 500 regulators x 1,000 cell lines), so opening a cell costs one pass over its edges.
final class CellRegulatoryEffects: Sendable {
    private struct Cache { var symbols: [Int: String]; var rows: [String: Int]; var columns: [Int: Int]; var expression: ExpressionMatrix }
    private let cache = Mutex<Cache?>(nil)

    func effects(catalog: Catalog, cellID: Int, edges: [EdgeRow]) throws -> [Double] {
        let c = try cache.withLock { cached -> Cache in
            if let cached { return cached }
            let genes = try catalog.genes()
            let expression = try catalog.expression(genes: genes.filter(\.isRegulator).map(\.symbol))
            let made = Cache(symbols: Dictionary(genes.map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a }),
                             rows: Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) }),
                             columns: Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) }),
                             expression: expression)
            cached = made
            return made
        }
        let column = c.columns[cellID]
        struct Pair: Hashable { var regulator: Int, target: Int }
        let present = Set(edges.map { Pair(regulator: $0.regulatorID, target: $0.targetID) })
        let values = RegulatoryEffect.cellMatrix(
            edges: edges.map { .init(cell: cellID, regulator: $0.regulatorID, target: $0.targetID, beta: $0.beta) },
            expression: { j in
                guard let column, let symbol = c.symbols[j], let row = c.rows[symbol] else { return .nan }
                return c.expression.value(gene: row, cell: column)
            },
            keep: { present.contains(Pair(regulator: $0, target: $1)) })
        var byPair: [Pair: Double] = [:]
        for v in values { byPair[Pair(regulator: v.regulator, target: v.target)] = v.value }
        // A pair whose direct and two-step terms cancel has RE 0 (cellMatrix leaves zeros out).
        return edges.map { byPair[Pair(regulator: $0.regulatorID, target: $0.targetID)] ?? 0 }
    }
}
