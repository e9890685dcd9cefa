/// Expression as genes x cells, row-major: `values[g * cells.count + c]`; NaN = missing.
public struct ExpressionMatrix: Sendable {
    public var genes: [String]
    public var cells: [CellLine]
    public var values: [Double]

    public func value(gene g: Int, cell c: Int) -> Double { values[g * cells.count + c] }
    public func row(_ g: Int) -> ArraySlice<Double> { values[(g * cells.count)..<((g + 1) * cells.count)] }
}

extension Catalog {
    /// Expression of the given genes (default: every gene with expression, by symbol) for
    /// every cell line with expression, in expression-column order.
    public func expression(genes wanted: [String]? = nil) throws -> ExpressionMatrix {
        let cells = try cellLines().filter(\.hasExpression)
        let columnOf = try expressionColumns()
        let order = cells.sorted { (columnOf[$0.id] ?? 0) < (columnOf[$1.id] ?? 0) }
        let s = try connection.prepare("""
            SELECT g.symbol, e.vals FROM expression e JOIN gene g ON g.id = e.gene_id ORDER BY g.symbol
            """)
        let wantedSet = wanted.map(Set.init)
        var byGene: [String: [Double]] = [:]
        var symbols: [String] = []
        while try s.step() {
            let symbol = s.string(0) ?? ""
            if let wantedSet, !wantedSet.contains(symbol) { continue }
            byGene[symbol] = s.doubles(1)
            symbols.append(symbol)
        }
        let genes = wanted ?? symbols
        var values: [Double] = []
        values.reserveCapacity(genes.count * order.count)
        for gene in genes {
            guard let row = byGene[gene] else {
                throw InputError.usage("gene \(gene) has no expression in catalog \(path)")
            }
            for cell in order { values.append(row[columnOf[cell.id] ?? 0]) }
        }
        return ExpressionMatrix(genes: genes, cells: order, values: values)
    }

    /// cell id -> expression column.
    func expressionColumns() throws -> [Int: Int] {
        let s = try connection.prepare("SELECT id, expr_col FROM cell_line WHERE expr_col IS NOT NULL")
        var out: [Int: Int] = [:]
        while try s.step() { out[s.int(0)] = s.int(1) }
        return out
    }
}
