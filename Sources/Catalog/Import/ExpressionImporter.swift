/// A genes x cells expression table as parsed from a file (header `GENE` + cell keys).
public struct ExpressionTable: Sendable {
    public var cellNames: [String]
    public var genes: [String]
    /// Row-major genes x cells; NaN = missing.
    public var values: [Double]
    /// COSMIC ID of each column where the file gives one (GDSC RMA, DepMap with Model.csv).
    public var cellCosmicIDs: [Int?] = []
    /// What the reader dropped or resolved, for the import report.
    public var notes: [String] = []
}

/// Imports a genes x cells TSV (optionally gzipped): header `GENE<TAB>cell...`, one row per
/// gene. The file defines the catalog's expression matrix: it replaces any previous one,
/// creating cell lines and genes it names. Duplicate genes or cells are errors.
public enum ExpressionImporter {
    static let geneHeaders: Set<String> = ["GENE", "GENE_SYMBOL", "GENE_SYMBOLS", "SYMBOL", "GENES"]

    public static func parse(path: String, orientation: ExpressionOrientation = .auto,
                             models: [String: ExpressionReader.Model] = [:]) throws -> ExpressionTable {
        try ExpressionReader.read(path: path, orientation: orientation, models: models)
    }

    /// Streams `path` and, unless `dryRun`, replaces the catalog's expression matrix, row by
    /// row inside one transaction (bounded memory: one row at a time; an error anywhere
    /// rolls everything back). `progress` gets the fraction of the file read from disk, as it is read.
    public static func run(path: String, into catalog: Catalog, dryRun: Bool = false, orientation: ExpressionOrientation = .auto,
                           models: [String: ExpressionReader.Model] = [:], progress: ((Double) -> Void)? = nil) throws -> ImportReport {
        let stream = try ExpressionStream(path: path, orientation: orientation, models: models, progress: progress)
        let cells = try catalog.cellLines()
        let existing = Dictionary(uniqueKeysWithValues: cells.map { ($0.key, $0) })
        let byCosmic = Dictionary(cells.compactMap { c in c.cosmicID.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        let names = stream.cellNames
        let cosmicOf = stream.cellCosmicIDs.count == names.count ? stream.cellCosmicIDs : names.map { _ in nil }
        // A column is a known cell line by COSMIC ID where both have one, else by name key.
        let matched: [CellLine?] = zip(names, cosmicOf).map { name, cosmic in
            cosmic.flatMap { byCosmic[$0] } ?? existing[CellKey.normalise(name)]
        }
        let newCells = zip(names, matched).filter { $0.1 == nil }.map(\.0)
        /// Missing values of the row kept for each gene (a winning duplicate replaces its count).
        var missingOf: [String: Int] = [:], missingValues = 0
        func count(_ row: ExpressionRow) {
            let missing = row.values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
            missingValues += missing - (missingOf[row.symbol] ?? 0)
            missingOf[row.symbol] = missing
        }
        func report() -> ImportReport {
            var report = ImportReport(summary:
                "\(dryRun ? "would import" : "imported") \(missingOf.count) genes x \(names.count) cell lines "
                + "(\(names.count - newCells.count) known, \(newCells.count) new cell lines; \(missingValues) missing values)")
            report.notes += stream.notes
            let incoming = Set(zip(names, matched).map { $0.1?.key ?? CellKey.normalise($0.0) })
            let dropped = existing.values.filter { $0.hasExpression && !incoming.contains($0.key) }
            if !dropped.isEmpty { report.notes.append("\(dropped.count) cell lines lose their expression (not in this file)") }
            return report
        }
        if dryRun {
            try stream.forEachRow(count)
            progress?(1)
            return report()
        }
        let digest = try SHA256.file(path)
        var result = ImportReport(summary: "")
        try catalog.write {
            let c = catalog.connection
            try c.execute("UPDATE cell_line SET expr_col = NULL; DELETE FROM expression;")
            let insertCell = try c.prepare("INSERT INTO cell_line (key, name, expr_col, cosmic_id) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET expr_col = excluded.expr_col")
            let setColumn = try c.prepare("UPDATE cell_line SET expr_col = ? WHERE id = ?")
            for (column, name) in names.enumerated() {
                if let known = matched[column] {
                    try setColumn.run([.integer(Int64(column)), .integer(Int64(known.id))])
                } else {
                    try insertCell.run([.text(CellKey.normalise(name)), .text(name), .integer(Int64(column)),
                                        cosmicOf[column].map { .integer(Int64($0)) } ?? .null])
                }
            }
            let insertGene = try c.prepare("INSERT INTO gene (symbol) VALUES (?) ON CONFLICT(symbol) DO NOTHING")
            let geneID = try c.prepare("SELECT id FROM gene WHERE symbol = ?")
            // A later duplicate that wins the rule overwrites the row it beat.
            let upsertValues = try c.prepare("INSERT INTO expression (gene_id, vals) VALUES (?, ?) ON CONFLICT(gene_id) DO UPDATE SET vals = excluded.vals")
            try stream.forEachRow { row in
                count(row)
                try insertGene.run([.text(row.symbol)])
                try geneID.bind([.text(row.symbol)])
                guard try geneID.step() else { throw InputError.badData(file: path, line: nil, problem: "gene \(row.symbol) vanished") }
                let id = geneID.int(0)
                try upsertValues.bind([.integer(Int64(id))])
                try upsertValues.bindDoubles(row.values, at: 2)
                while try upsertValues.step() {}
            }
            result = report()
            try c.run("INSERT INTO meta (key, value) VALUES ('expression_source', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                      [.text("\(path) sha256:\(digest)")])
            try catalog.logImport(kind: "expression", source: path, sha256: digest, summary: result.summary)
        }
        progress?(1)
        return result
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
