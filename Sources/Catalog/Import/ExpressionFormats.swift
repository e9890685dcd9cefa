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

    public static func read(path: String, orientation: ExpressionOrientation = .auto, models: [String: Model] = [:]) throws -> ExpressionTable {
        let reader = try LineReader(path: path)
        guard let first = try reader.nextLine() else {
            throw InputError.badData(file: path, line: 1, problem: "file is empty; expected a header `GENE<TAB>cell keys...`")
        }
        if first.hasPrefix("#1.2") { return try gct(reader, path: path) }
        let delimiter = Delimiter.detect(header: first)
        guard let header = delimiter.split(first), header.count >= 2 else {
            throw InputError.badData(file: path, line: 1, problem: "expected a delimited header with at least two columns, found \"\(first.prefix(40))\"")
        }
        let upper = header.map { $0.uppercased() }
        if upper[0] == "GENE_SYMBOLS" && upper[1] == "GENE_TITLE" && header.dropFirst(2).allSatisfy({ $0.hasPrefix("DATA.") }) {
            return try genesByCells(reader, path: path, delimiter: delimiter, header: header, skip: 1, dropEmptySymbols: true, resolveDuplicates: true,
                                    cellNames: header.dropFirst(2).map { String($0.dropFirst(5)) }, cosmicColumns: true)
        }
        var orient = orientation
        if orient == .auto {
            if ExpressionImporter.geneHeaders.contains(upper[0]) { orient = .genesByCells }
            else if header.dropFirst().allSatisfy({ entrezSuffixed($0) != nil }) { orient = .cellsByGenes }
            else {
                throw InputError.badData(file: path, line: 1, problem: "expected a header starting with GENE (genes x cells) or gene columns "
                    + "like `SYMBOL (EntrezID)` (cells x genes), found \"\(first.prefix(40))\"; or pass --orient genes-by-cells|cells-by-genes")
            }
        }
        if orient == .genesByCells {
            return try genesByCells(reader, path: path, delimiter: delimiter, header: header, skip: 0, dropEmptySymbols: false, resolveDuplicates: false,
                                    cellNames: Array(header.dropFirst()), cosmicColumns: false)
        }
        return try cellsByGenes(reader, path: path, delimiter: delimiter, header: header, models: models)
    }

    /// "TSPAN6 (7105)" -> "TSPAN6"; nil when the field has no such suffix.
    static func entrezSuffixed(_ field: String) -> String? {
        guard field.hasSuffix(")"), let open = field.lastIndex(of: "("), open > field.startIndex else { return nil }
        let digits = field[field.index(after: open)..<field.index(before: field.endIndex)]
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return String(field[..<open]).trimmingCharacters(in: .whitespaces)
    }

    private static func gct(_ reader: LineReader, path: String) throws -> ExpressionTable {
        guard let dims = try reader.nextLine(), let header = try reader.nextLine() else {
            throw InputError.badData(file: path, line: reader.lineNumber, problem: "GCT 1.2 needs a dimensions line and a header after #1.2")
        }
        let size = dims.split(separator: "\t").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard size.count >= 2 else { throw InputError.badData(file: path, line: 2, problem: "GCT dimensions line should be `rows<TAB>columns`, found \"\(dims.prefix(30))\"") }
        let fields = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == size[1] + 2, fields[0].uppercased() == "NAME", fields[1].uppercased() == "DESCRIPTION" else {
            throw InputError.badData(file: path, line: 3, problem: "GCT header should be `Name<TAB>Description` and \(size[1]) sample columns")
        }
        let table = try genesByCells(reader, path: path, delimiter: .tab, header: fields, skip: 1, dropEmptySymbols: false, resolveDuplicates: false,
                                     cellNames: Array(fields.dropFirst(2)), cosmicColumns: false)
        guard table.genes.count == size[0] else {
            throw InputError.badData(file: path, line: nil, problem: "GCT dimensions promise \(size[0]) rows, the file has \(table.genes.count) (truncated?)")
        }
        return table
    }

    /// Rows are genes; the first field the symbol, then `skip` ignored fields, then values.
    private static func genesByCells(_ reader: LineReader, path: String, delimiter: Delimiter, header: [String], skip: Int,
                                     dropEmptySymbols: Bool, resolveDuplicates: Bool, cellNames: [String], cosmicColumns: Bool) throws -> ExpressionTable {
        var cosmic: [Int?] = []
        if cosmicColumns {
            cosmic = try cellNames.enumerated().map { offset, name in
                guard let id = Int(name) else {
                    throw InputError.badData(file: path, line: 1, problem: "column \(offset + 3): \"DATA.\(name)\" has no COSMIC ID")
                }
                return id
            }
        }
        let names = cosmicColumns ? cellNames.map { "COSMIC_\($0)" } : cellNames
        try checkCells(names, path: path, firstColumn: 2 + skip)
        var genes: [String] = [], values: [Double] = []
        var rowOf: [String: (row: Int, line: Int, variance: Double)] = [:]
        var emptySymbols = 0, duplicates = 0
        let width = names.count
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let row = delimiter.split(line) else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "unterminated quote") }
            guard row.count == header.count else {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "expected \(header.count) \(delimiter == .tab ? "tab" : "comma")-separated fields, found \(row.count) (truncated or malformed row)")
            }
            let symbol = row[0]
            if symbol.isEmpty {
                if dropEmptySymbols { emptySymbols += 1; continue }
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "empty gene symbol")
            }
            var parsed = [Double](repeating: .nan, count: width)
            for c in 0..<width {
                switch NumericField.parse(row[1 + skip + c]) {
                case let .value(v): parsed[c] = v
                case .missing: break
                case .invalid:
                    throw InputError.badData(file: path, line: reader.lineNumber,
                        problem: "column \(2 + skip + c) (cell \(names[c])): \"\(row[1 + skip + c].prefix(30))\" is not a number")
                }
            }
            let variance = resolveDuplicates ? Self.variance(parsed) : 0
            if let previous = rowOf[symbol] {
                guard resolveDuplicates else {
                    throw InputError.badData(file: path, line: reader.lineNumber, problem: "duplicate gene \(symbol) (first on line \(previous.line))")
                }
                duplicates += 1
                if variance > previous.variance {
                    values.replaceSubrange((previous.row * width)..<((previous.row + 1) * width), with: parsed)
                    rowOf[symbol] = (previous.row, reader.lineNumber, variance)
                }
                continue
            }
            rowOf[symbol] = (genes.count, reader.lineNumber, variance)
            genes.append(symbol)
            values += parsed
        }
        guard !genes.isEmpty else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "no gene rows after the header") }
        var notes: [String] = []
        if emptySymbols > 0 { notes.append("\(emptySymbols) rows without a gene symbol dropped") }
        if duplicates > 0 { notes.append("\(duplicates) rows repeat a gene symbol: kept the row with the largest variance across cell lines") }
        return ExpressionTable(cellNames: names, genes: genes, values: values, cellCosmicIDs: cosmic.isEmpty ? names.map { _ in nil } : cosmic, notes: notes)
    }

    /// Rows are cells (DepMap): read whole, then transposed to genes x cells.
    private static func cellsByGenes(_ reader: LineReader, path: String, delimiter: Delimiter, header: [String], models: [String: Model]) throws -> ExpressionTable {
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

    private static func checkCells(_ names: [String], path: String, firstColumn: Int?) throws {
        var seen: [String: Int] = [:]
        for (offset, name) in names.enumerated() {
            let key = CellKey.normalise(name)
            let line = firstColumn == nil ? offset + 2 : 1
            guard !key.isEmpty else {
                throw InputError.badData(file: path, line: line, problem: firstColumn.map { "column \($0 + offset)" } ?? "row \(line)" + ": empty cell-line name")
            }
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
