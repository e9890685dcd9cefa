import Foundation

/// Orientation of a plain expression table.
public enum ExpressionOrientation: String, Sendable, CaseIterable {
    /// Detect: a first header field GENE/SYMBOL/... means genes x cells; gene-like column
    /// headers ("SYMBOL (EntrezID)") mean cells x genes.
    case auto
    case genesByCells = "genes-by-cells"
    case cellsByGenes = "cells-by-genes"
}

/// Reads the expression layouts biologists download into one `ExpressionTable`:
/// - plain TSV/CSV, genes x cells (header `GENE` + cell names) or cells x genes (first
///   column the cell, then one column per gene), gzip or not;
/// - GDSC `Cell_line_RMA_proc_basalExp.txt`: `GENE_SYMBOLS<TAB>GENE_title<TAB>DATA.<COSMIC_ID>...`
///   (rows without a symbol dropped; several rows of one symbol: the one with the largest
///   variance across cell lines is kept, the usual rule for probe sets; both counted);
/// - GCT 1.2 (`#1.2`, a dimensions line, `Name<TAB>Description<TAB>samples...`);
/// - DepMap `OmicsExpression...TPMLogp1...csv`: rows = ModelID, columns `SYMBOL (EntrezID)`
///   (the Entrez suffix is dropped); `models` (DepMap's Model.csv) turns ModelIDs into cell
///   line names and COSMIC IDs.
public enum ExpressionReader {
    /// A DepMap model: its name and COSMIC ID, from Model.csv.
    public struct Model: Sendable { public var name: String; public var cosmicID: Int? }

    /// The whole table in memory (tests, small files). Imports stream instead (`ExpressionStream`).
    public static func read(path: String, orientation: ExpressionOrientation = .auto, models: [String: Model] = [:]) throws -> ExpressionTable {
        let stream = try ExpressionStream(path: path, orientation: orientation, models: models)
        var genes: [String] = [], values: [Double] = [], rowOf: [String: Int] = [:]
        let width = stream.cellNames.count
        try stream.forEachRow { row in
            if row.replacesEarlier, let r = rowOf[row.symbol] {
                values.replaceSubrange((r * width)..<((r + 1) * width), with: row.values)
            } else {
                rowOf[row.symbol] = genes.count
                genes.append(row.symbol)
                values += row.values
            }
        }
        return ExpressionTable(cellNames: stream.cellNames, genes: genes, values: values, cellCosmicIDs: stream.cellCosmicIDs, notes: stream.notes)
    }

    /// "TSPAN6 (7105)" -> "TSPAN6"; nil when the field has no such suffix.
    static func entrezSuffixed(_ field: String) -> String? {
        guard field.hasSuffix(")"), let open = field.lastIndex(of: "("), open > field.startIndex else { return nil }
        let digits = field[field.index(after: open)..<field.index(before: field.endIndex)]
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return String(field[..<open]).trimmingCharacters(in: .whitespaces)
    }

    /// Rows are cells (DepMap): read whole, then transposed to genes x cells.
    static func cellsByGenes(_ reader: LineReader, path: String, delimiter: Delimiter, header: [String], models: [String: Model]) throws -> ExpressionTable {
        let genes = header.dropFirst().map { entrezSuffixed($0) ?? $0 }
        var seen: [String: Int] = [:]
        for (offset, gene) in genes.enumerated() {
            guard !gene.isEmpty else { throw InputError.badData(file: path, line: 1, problem: "column \(offset + 2): empty gene name") }
            if let first = seen[gene] { throw InputError.badData(file: path, line: 1, problem: "duplicate gene \(gene) in columns \(first + 2) and \(offset + 2)") }
            seen[gene] = offset
        }
        var names: [String] = [], cosmic: [Int?] = [], rows: [[Double]] = []
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let row = delimiter.split(line), row.count == header.count else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected \(header.count) fields (truncated or malformed row)")
            }
            let model = models[row[0]]
            names.append(model?.name ?? row[0])
            cosmic.append(model?.cosmicID)
            rows.append(try row.dropFirst().enumerated().map { c, text in
                switch NumericField.parse(text) {
                case let .value(v): return v
                case .missing: return .nan
                case .invalid:
                    throw InputError.badData(file: path, line: reader.lineNumber, problem: "column \(c + 2) (gene \(genes[c])): \"\(text.prefix(30))\" is not a number")
                }
            })
        }
        guard !rows.isEmpty else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "no cell rows after the header") }
        try checkCells(names, path: path, firstColumn: nil)
        var values = [Double](repeating: .nan, count: genes.count * names.count)
        for (c, row) in rows.enumerated() { for g in genes.indices { values[g * names.count + c] = row[g] } }
        var notes: [String] = []
        if !models.isEmpty { notes.append("\(cosmic.compactMap { $0 }.count) of \(names.count) models named from the model table") }
        return ExpressionTable(cellNames: names, genes: genes, values: values, cellCosmicIDs: cosmic, notes: notes)
    }

    static func checkCells(_ names: [String], path: String, firstColumn: Int?) throws {
        var seen: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            let key = CellKey.normalise(name)
            let line = firstColumn == nil ? offset + 2 : 1
            guard !key.isEmpty else {
                throw InputError.badData(file: path, line: line, problem: firstColumn.map { "column \($0 + offset)" } ?? "row \(line)" + ": empty cell-line name")
            }
            try NameRules.check(name, what: "cell-line name", file: path, line: line)
            if let first = seen[key] {
                let places = firstColumn.map { "columns \($0 + first) and \($0 + offset)" } ?? "rows \(first + 2) and \(line)"
                throw InputError.badData(file: path, line: line, problem: "duplicate cell line \(key) in \(places)")
            }
            seen[key] = offset
        }
    }

    static func variance(_ x: [Double]) -> Double {
        let present = x.filter { !$0.isNaN }
        guard present.count > 1 else { return 0 }
        let mean = present.reduce(0, +) / Double(present.count)
        return present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(present.count)
    }

    /// DepMap's Model.csv: ModelID -> (CellLineName, COSMICID).
    public static func models(path: String) throws -> [String: Model] {
        let reader = try LineReader(path: path)
        guard let first = try reader.nextLine(), let header = Delimiter.comma.split(first) else {
            throw InputError.badData(file: path, line: 1, problem: "file is empty")
        }
        let upper = header.map { $0.uppercased() }
        guard let id = upper.firstIndex(of: "MODELID"), let name = upper.firstIndex(of: "CELLLINENAME") ?? upper.firstIndex(of: "STRIPPEDCELLLINENAME") else {
            throw InputError.badData(file: path, line: 1, problem: "a DepMap Model.csv needs ModelID and CellLineName columns")
        }
        let cosmic = upper.firstIndex(of: "COSMICID")
        var out: [String: Model] = [:]
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let f = Delimiter.comma.split(line), f.count == header.count else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected \(header.count) fields (truncated or malformed row)")
            }
            out[f[id]] = Model(name: f[name], cosmicID: cosmic.flatMap { Double(f[$0]).map { Int($0) } })
        }
        return out
    }
}
