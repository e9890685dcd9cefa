/// Per-cell networks read back from the tables SampleNet writes, so a run can be moved
/// between catalogs or rebuilt from a colleague's file:
/// - long: a header with `cell` (or `cell_line`), `regulator`, `target` and `beta` columns in
///   any order, other columns ignored (`samplenet edges`, `export network` with a cell
///   column, or any R/pandas table of that shape); `--cell` supplies the cell for a file
///   without that column (`export network --cell X`);
/// - wide: `edge, regulator, target, <cell>...` with one beta per cell, 0 where the edge is
///   absent (`export wide`).
/// Tab or comma separated, gzip or not. Cells are matched by name key, genes by symbol (or
/// alias); an unknown cell or gene, a non-numeric or missing beta, a self-edge or a repeated
/// (cell, regulator, target) is an error naming the file and line. Regulators outside the
/// catalog's regulator set are kept (a run may name its own with --regulators) and reported.
public enum NetworkReader {
    public struct Table: Sendable {
        public enum Layout: String, Sendable { case long, wide }
        public var layout: Layout
        /// Non-zero edges, in file order.
        public var edges: [EdgeRow]
        /// Warnings for the import report.
        public var notes: [String] = []
    }

    public static func read(path: String, catalog: Catalog, cell fixedCell: String? = nil) throws -> Table {
        let reader = try LineReader(path: path)
        guard let first = try reader.nextLine() else { throw InputError.badData(file: path, line: 1, problem: "file is empty") }
        let delimiter = Delimiter.detect(header: first)
        guard let headerFields = delimiter.split(first) else {
            throw InputError.badData(file: path, line: 1, problem: "unterminated quote in the header")
        }
        let header = headerFields.map { $0.lowercased() }
        let cells = try catalog.cellLines()
        let cellByKey = Dictionary(cells.map { ($0.key, $0.id) }, uniquingKeysWith: { a, _ in a })
        let genes = try catalog.genes()
        let geneID = Dictionary(genes.map { ($0.symbol, $0.id) }, uniquingKeysWith: { a, _ in a })
        let known = Set(geneID.keys)
        func cell(_ name: String, line: Int) throws -> Int {
            guard let id = cellByKey[CellKey.normalise(name)] else {
                throw InputError.badData(file: path, line: line, problem: "unknown cell line \(name) (not in the catalog)")
            }
            return id
        }
        func gene(_ symbol: String, line: Int) throws -> Int {
            guard let resolved = GeneAliases.resolve(symbol, in: known), let id = geneID[resolved] else {
                throw InputError.badData(file: path, line: line, problem: "unknown gene \(symbol) (not in the catalog)")
            }
            return id
        }
        var edges: [EdgeRow] = []
        var seen: [EdgeKey: Int] = [:]
        let regulatorSet = Set(genes.filter(\.isRegulator).map(\.id))
        var outsideRegulators = Set<Int>()
        func notes() -> [String] {
            guard !outsideRegulators.isEmpty else { return [] }
            let names = genes.filter { outsideRegulators.contains($0.id) }.map(\.symbol).sorted()
            return ["warning: \(names.count) regulator\(names.count == 1 ? " is" : "s are") not in the catalog's regulator set (\(names.prefix(5).joined(separator: ", "))\(names.count > 5 ? ", ..." : "")); imported as given"]
        }
        func add(_ edge: EdgeRow, line: Int) throws {
            if edge.regulatorID == edge.targetID {
                throw InputError.badData(file: path, line: line, problem: "a self-edge (regulator and target are the same gene); a NetworkProfiler network has none")
            }
            if !regulatorSet.isEmpty && !regulatorSet.contains(edge.regulatorID) { outsideRegulators.insert(edge.regulatorID) }
            let key = EdgeKey(cell: edge.cellID, regulator: edge.regulatorID, target: edge.targetID)
            if let first = seen[key] {
                throw InputError.badData(file: path, line: line, problem: "the same cell line, regulator and target as line \(first)")
            }
            seen[key] = line
            edges.append(edge)
        }
        func beta(_ text: String, line: Int, column: Int) throws -> Double? {
            switch NumericField.parse(text) {
            case let .value(v): return v == 0 ? nil : v
            case .missing:
                throw InputError.badData(file: path, line: line, problem: "column \(column): missing beta \"\(text)\" (write 0 for an edge absent from a cell line)")
            case .invalid: throw InputError.badData(file: path, line: line, problem: "column \(column): \"\(text.prefix(30))\" is not a number")
            }
        }
        func fields(_ line: String) throws -> [String] {
            guard let row = delimiter.split(line), row.count == header.count else {
                throw InputError.badData(file: path, line: reader.lineNumber,
                                         problem: "expected \(header.count) fields (truncated or malformed row)")
            }
            return row
        }

        if header.count >= 4, Array(header.prefix(3)) == ["edge", "regulator", "target"] {
            let columns = try header.indices.dropFirst(3).map { try cell(headerFields[$0], line: 1) }
            while let line = try reader.nextLine() {
                if line.isEmpty { continue }
                let row = try fields(line), n = reader.lineNumber
                let regulator = try gene(row[1], line: n), target = try gene(row[2], line: n)
                for (offset, cellID) in columns.enumerated() {
                    if let b = try beta(row[3 + offset], line: n, column: 4 + offset) {
                        try add(EdgeRow(cellID: cellID, regulatorID: regulator, targetID: target, beta: b), line: n)
                    }
                }
            }
            return Table(layout: .wide, edges: edges, notes: notes())
        }
        let cellColumn = header.firstIndex(of: "cell") ?? header.firstIndex(of: "cell_line")
        guard let r = header.firstIndex(of: "regulator"), let t = header.firstIndex(of: "target"), let b = header.firstIndex(of: "beta"),
              cellColumn != nil || fixedCell != nil else {
            throw InputError.badData(file: path, line: 1, problem: "expected a long edge table (cell, regulator, target, beta columns; "
                + "--cell for a single line's table) or a wide one (edge, regulator, target, then one column per cell line)")
        }
        let fixedID = try fixedCell.map { try cell($0, line: 1) }
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            let row = try fields(line), n = reader.lineNumber
            let cellID = try cellColumn.map { try cell(row[$0], line: n) } ?? fixedID!
            if let value = try beta(row[b], line: n, column: b + 1) {
                try add(EdgeRow(cellID: cellID, regulatorID: try gene(row[r], line: n), targetID: try gene(row[t], line: n), beta: value), line: n)
            }
        }
        return Table(layout: .long, edges: edges, notes: notes())
    }

    private struct EdgeKey: Hashable { var cell: Int, regulator: Int, target: Int }
}
