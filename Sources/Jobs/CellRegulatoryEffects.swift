import Catalog
import Compute
import Foundation
import Synchronization

/// A cell line's regulatory effects (METHOD.md 1.6) for the explorer's edge list:
/// `RegulatoryEffect.edgeEffects` on the cell's own network (tested equal to the `cellMatrix`
/// of `trip --input re` on the edges). The expression matrix is read from the catalog once and kept (8 bytes per
/// gene and cell line: ~9 MB for the sample's 1,200 genes), so opening a cell costs one pass
/// over its edges.
public final class CellRegulatoryEffects: Sendable {
    private struct Cache { var symbols: [Int: String]; var rows: [String: Int]; var columns: [Int: Int]; var expression: ExpressionMatrix }
    private let cache = Mutex<Cache?>(nil)

    public init() {}

    /// Drops the cached expression (after `import expression` replaced the matrix); the next
    /// call reads it again.
    public func invalidate() { cache.withLock { $0 = nil } }

    /// Fills the cache from its own read-only connection on a background thread, so the
    /// first cell the user opens does not wait for it (the UI thread's connection is not
    /// shared). A later `effects` call waits for the fill only if it is still running.
    public func prefetch(catalogPath: String) {
        Thread { [self] in
            guard let catalog = try? Catalog(path: catalogPath, mustExist: true, readOnly: true) else { return }
            _ = try? cached(catalog)
        }.start()
    }

    /// Fills the cache now (the latency benchmark times it apart from the keystrokes).
    public func warm(_ catalog: Catalog) throws { _ = try cached(catalog) }

    private func cached(_ catalog: Catalog) throws -> Cache {
        try cache.withLock { cached -> Cache in
            if let cached { return cached }
            let genes = try catalog.genes()
            // Every gene, not just those flagged as regulators: `profile --regulators` may name others.
            let expression = try catalog.expression(genes: nil)
            let made = Cache(symbols: Dictionary(genes.map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a }),
                             rows: Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) }),
                             columns: Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) }),
                             expression: expression)
            cached = made
            return made
        }
    }

    public func effects(catalog: Catalog, cellID: Int, edges: [EdgeRow]) throws -> [Double] {
        let c = try cached(catalog)
        let column = c.columns[cellID]
        return RegulatoryEffect.edgeEffects(
            edges: edges.map { .init(cell: cellID, regulator: $0.regulatorID, target: $0.targetID, beta: $0.beta) },
            expression: { j in
                guard let column, let symbol = c.symbols[j], let row = c.rows[symbol] else { return .nan }
                return c.expression.value(gene: row, cell: column)
            })
    }
}
