/// A genes x cells expression table as parsed from a file (header `GENE` + cell keys).
public struct ExpressionTable: Sendable {
    public var cellNames: [String]
    public var genes: [String]
    /// Row-major genes x cells; NaN = missing.
    public var values: [Double]
}

/// Imports a genes x cells TSV (optionally gzipped): header `GENE<TAB>cell...`, one row per
/// gene. The file defines the catalog's expression matrix: it replaces any previous one,
/// creating cell lines and genes it names. Duplicate genes or cells are errors.
public enum ExpressionImporter {
    static let geneHeaders: Set<String> = ["GENE", "GENE_SYMBOL", "GENE_SYMBOLS", "SYMBOL", "GENES"]

    public static func parse(path: String) throws -> ExpressionTable {
        let reader = try LineReader(path: path)
        guard let header = try reader.nextLine() else {
            throw InputError.badData(file: path, line: 1, problem: "file is empty; expected a header `GENE<TAB>cell keys...`")
        }
        let fields = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 2, geneHeaders.contains(fields[0].uppercased()) else {
            throw InputError.badData(file: path, line: 1,
                problem: "expected a tab-separated header starting with GENE, found \"\(header.prefix(40))\"")
        }
        let cellNames = Array(fields.dropFirst())
        var seenCells: [String: Int] = [:]
        for (offset, name) in cellNames.enumerated() {
            let key = CellKey.normalise(name)
            guard !key.isEmpty else {
                throw InputError.badData(file: path, line: 1, problem: "column \(offset + 2): empty cell-line name")
            }
            if let first = seenCells[key] {
                throw InputError.badData(file: path, line: 1,
                    problem: "duplicate cell line \(key) in columns \(first + 2) and \(offset + 2)")
            }
            seenCells[key] = offset
        }
        var genes: [String] = []
        var seenGenes: [String: Int] = [:]
        var values: [Double] = []
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            let row = line.split(separator: "\t", omittingEmptySubsequences: false)
            let symbol = row[0].trimmingSpaces
            guard row.count == fields.count else {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "expected \(fields.count) tab-separated fields, found \(row.count) (truncated or malformed row)")
            }
            guard !symbol.isEmpty else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "empty gene symbol")
            }
            if let first = seenGenes[symbol] {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "duplicate gene \(symbol) (first on line \(first))")
            }
            seenGenes[symbol] = reader.lineNumber
            genes.append(symbol)
            for column in 1..<row.count {
                switch NumericField.parse(row[column].trimmingSpaces) {
                case let .value(v): values.append(v)
                case .missing: values.append(.nan)
                case .invalid:
                    throw InputError.badData(file: path, line: reader.lineNumber,
                        problem: "column \(column + 1) (cell \(cellNames[column - 1])): \"\(row[column].prefix(30))\" is not a number")
                }
            }
        }
        guard !genes.isEmpty else {
            throw InputError.badData(file: path, line: reader.lineNumber, problem: "no gene rows after the header")
        }
        return ExpressionTable(cellNames: cellNames, genes: genes, values: values)
    }

    /// Parses `path` and, unless `dryRun`, replaces the catalog's expression matrix.
    public static func run(path: String, into catalog: Catalog, dryRun: Bool = false) throws -> ImportReport {
        let table = try parse(path: path)
        let existing = Dictionary(uniqueKeysWithValues: try catalog.cellLines().map { ($0.key, $0) })
        let newCells = table.cellNames.filter { existing[CellKey.normalise($0)] == nil }
        let missingValues = table.values.filter(\.isNaN).count
        var report = ImportReport(summary:
            "\(dryRun ? "would import" : "imported") \(table.genes.count) genes x \(table.cellNames.count) cell lines "
            + "(\(table.cellNames.count - newCells.count) known, \(newCells.count) new cell lines; \(missingValues) missing values)")
        let incoming = Set(table.cellNames.map(CellKey.normalise))
        let dropped = existing.values.filter { $0.hasExpression && !incoming.contains($0.key) }
        if !dropped.isEmpty {
            report.notes.append("\(dropped.count) cell lines lose their expression (not in this file)")
        }
        if dryRun { return report }
        let digest = try SHA256.file(path)
        try catalog.write {
            let c = catalog.connection
            try c.execute("UPDATE cell_line SET expr_col = NULL; DELETE FROM expression;")
            let insertCell = try c.prepare("INSERT INTO cell_line (key, name, expr_col) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET expr_col = excluded.expr_col")
            for (column, name) in table.cellNames.enumerated() {
                try insertCell.run([.text(CellKey.normalise(name)), .text(name), .integer(Int64(column))])
            }
            let insertGene = try c.prepare("INSERT INTO gene (symbol) VALUES (?) ON CONFLICT(symbol) DO NOTHING")
            let geneID = try c.prepare("SELECT id FROM gene WHERE symbol = ?")
            let insertValues = try c.prepare("INSERT INTO expression (gene_id, vals) VALUES (?, ?)")
            let width = table.cellNames.count
            for (g, symbol) in table.genes.enumerated() {
                try insertGene.run([.text(symbol)])
                try geneID.bind([.text(symbol)])
                guard try geneID.step() else { throw InputError.badData(file: path, line: nil, problem: "gene \(symbol) vanished") }
                let id = geneID.int(0)
                try insertValues.bind([.integer(Int64(id))])
                try insertValues.bindDoubles(Array(table.values[(g * width)..<((g + 1) * width)]), at: 2)
                while try insertValues.step() {}
            }
            try c.run("INSERT INTO meta (key, value) VALUES ('expression_source', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      [.text("\(path) sha256:\(digest)")])
            try catalog.logImport(kind: "expression", source: path, sha256: digest, summary: report.summary)
        }
        return report
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
