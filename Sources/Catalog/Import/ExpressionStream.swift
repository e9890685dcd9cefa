import Foundation

/// One gene's row of an expression file, in the file's cell order (NaN = missing).
public struct ExpressionRow: Sendable {
    public var symbol: String
    public var values: [Double]
    /// A later row of a symbol already given that wins the duplicate rule (GDSC RMA: larger
    /// variance across cell lines): it replaces the earlier one.
    public var replacesEarlier: Bool
}

/// An expression file read row by row, in bounded memory: the header (layout, cell
/// columns) at once, then one gene row at a time, so a 300 MB GDSC file never sits in
/// memory as a whole. The layouts are those of `ExpressionReader`. DepMap files (rows are
/// cells) have to be transposed, so they are read whole first.
public final class ExpressionStream {
    public let path: String
    /// Cell columns, in file order (GDSC RMA: `COSMIC_<id>`).
    public private(set) var cellNames: [String] = []
    /// COSMIC ID of each column where the file gives one.
    public private(set) var cellCosmicIDs: [Int?] = []
    /// What was dropped or resolved; complete once `forEachRow` has returned.
    public private(set) var notes: [String] = []

    private enum Layout {
        /// Rows are genes: symbol, `skip` ignored fields, values.
        case genes(delimiter: Delimiter, fieldCount: Int, skip: Int, dropEmptySymbols: Bool, resolveDuplicates: Bool, promisedRows: Int?)
        case transposed(ExpressionTable)
    }
    private let reader: LineReader
    private var layout: Layout

    /// `progress` gets the fraction of the file read from disk, as the bytes are read (a
    /// DepMap file is read whole here, in `init`; rows without a symbol are read but not kept).
    public init(path: String, orientation: ExpressionOrientation = .auto, models: [String: ExpressionReader.Model] = [:],
                progress: ((Double) -> Void)? = nil) throws {
        self.path = path
        reader = try LineReader(path: path)
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if let progress, size > 0 {
            reader.onRead = { offset in progress(min(1, Double(offset) / Double(size))) }
        }
        layout = .transposed(ExpressionTable(cellNames: [], genes: [], values: []))
        guard let first = try reader.nextLine() else {
            throw InputError.badData(file: path, line: 1, problem: "file is empty; expected a header `GENE<TAB>cell keys...`")
        }
        if first.hasPrefix("#1.2") { try readGCTHeader(); return }
        let delimiter = Delimiter.detect(header: first)
        guard let header = delimiter.split(first), header.count >= 2 else {
            throw InputError.badData(file: path, line: 1, problem: "expected a delimited header with at least two columns, found \"\(first.prefix(40))\"")
        }
        let upper = header.map { $0.uppercased() }
        if upper[0] == "GENE_SYMBOLS" && upper[1] == "GENE_TITLE" && header.dropFirst(2).allSatisfy({ $0.hasPrefix("DATA.") }) {
            cellCosmicIDs = try header.dropFirst(2).enumerated().map { offset, name in
                guard let id = Int(name.dropFirst(5)) else {
                    throw InputError.badData(file: path, line: 1, problem: "column \(offset + 3): \"\(name)\" has no COSMIC ID")
                }
                return id
            }
            cellNames = cellCosmicIDs.map { "COSMIC_\($0!)" }
            try ExpressionReader.checkCells(cellNames, path: path, firstColumn: 3)
            layout = .genes(delimiter: delimiter, fieldCount: header.count, skip: 1, dropEmptySymbols: true, resolveDuplicates: true, promisedRows: nil)
            return
        }
        var orient = orientation
        if orient == .auto {
            if ExpressionImporter.geneHeaders.contains(upper[0]) { orient = .genesByCells }
            else if header.dropFirst().allSatisfy({ ExpressionReader.entrezSuffixed($0) != nil }) { orient = .cellsByGenes }
            else {
                throw InputError.badData(file: path, line: 1, problem: "expected a header starting with GENE (genes x cells) or gene columns "
                    + "like `SYMBOL (EntrezID)` (cells x genes), found \"\(first.prefix(40))\"; or pass --orient genes-by-cells|cells-by-genes")
            }
        }
        if orient == .genesByCells {
            cellNames = Array(header.dropFirst())
            cellCosmicIDs = cellNames.map { _ in nil }
            try ExpressionReader.checkCells(cellNames, path: path, firstColumn: 2)
            layout = .genes(delimiter: delimiter, fieldCount: header.count, skip: 0, dropEmptySymbols: false, resolveDuplicates: false, promisedRows: nil)
            return
        }
        let table = try ExpressionReader.cellsByGenes(reader, path: path, delimiter: delimiter, header: header, models: models)
        cellNames = table.cellNames
        cellCosmicIDs = table.cellCosmicIDs
        layout = .transposed(table)
    }

    private func readGCTHeader() throws {
        guard let dims = try reader.nextLine(), let header = try reader.nextLine() else {
            throw InputError.badData(file: path, line: reader.lineNumber, problem: "GCT 1.2 needs a dimensions line and a header after #1.2")
        }
        let size = dims.split(separator: "\t").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard size.count >= 2 else { throw InputError.badData(file: path, line: 2, problem: "GCT dimensions line should be `rows<TAB>columns`, found \"\(dims.prefix(30))\"") }
        let fields = header.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == size[1] + 2, fields[0].uppercased() == "NAME", fields[1].uppercased() == "DESCRIPTION" else {
            throw InputError.badData(file: path, line: 3, problem: "GCT header should be `Name<TAB>Description` and \(size[1]) sample columns")
        }
        cellNames = Array(fields.dropFirst(2))
        cellCosmicIDs = cellNames.map { _ in nil }
        try ExpressionReader.checkCells(cellNames, path: path, firstColumn: 3)
        layout = .genes(delimiter: .tab, fieldCount: fields.count, skip: 1, dropEmptySymbols: false, resolveDuplicates: false, promisedRows: size[0])
    }

    /// Calls `body` for every gene row, in file order. Errors name the file and line.
    public func forEachRow(_ body: (ExpressionRow) throws -> Void) throws {
        switch layout {
        case let .transposed(table):
            notes = table.notes
            let width = table.cellNames.count
            for (g, gene) in table.genes.enumerated() {
                try body(ExpressionRow(symbol: gene, values: Array(table.values[(g * width)..<((g + 1) * width)]), replacesEarlier: false))
            }
        case let .genes(delimiter, fieldCount, skip, dropEmptySymbols, resolveDuplicates, promisedRows):
            try geneRows(delimiter: delimiter, fieldCount: fieldCount, skip: skip, dropEmptySymbols: dropEmptySymbols,
                         resolveDuplicates: resolveDuplicates, promisedRows: promisedRows, body)
        }
    }

    private func geneRows(delimiter: Delimiter, fieldCount: Int, skip: Int, dropEmptySymbols: Bool, resolveDuplicates: Bool,
                          promisedRows: Int?, _ body: (ExpressionRow) throws -> Void) throws {
        /// Per symbol: where it was first seen and the variance of the row kept.
        var kept: [String: (line: Int, variance: Double)] = [:]
        var emptySymbols = 0, duplicates = 0, rows = 0
        var caseClashes = NameRules.CaseClashes()
        let width = cellNames.count
        var parsed = [Double](repeating: .nan, count: width)
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let row = delimiter.split(line) else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "unterminated quote") }
            guard row.count == fieldCount else {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "expected \(fieldCount) \(delimiter == .tab ? "tab" : "comma")-separated fields, found \(row.count) (truncated or malformed row)")
            }
            let symbol = row[0]
            if symbol.isEmpty {
                if dropEmptySymbols { emptySymbols += 1; continue }
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "empty gene symbol")
            }
            try NameRules.check(symbol, what: "gene symbol", file: path, line: reader.lineNumber)
            for c in 0..<width {
                switch NumericField.parse(row[1 + skip + c]) {
                case let .value(v): parsed[c] = v
                case .missing: parsed[c] = .nan
                case .invalid:
                    throw InputError.badData(file: path, line: reader.lineNumber,
                        problem: "column \(2 + skip + c) (cell \(cellNames[c])): \"\(row[1 + skip + c].prefix(30))\" is not a number")
                }
            }
            rows += 1
            let variance = resolveDuplicates ? ExpressionReader.variance(parsed) : 0
            if let previous = kept[symbol] {
                guard resolveDuplicates else {
                    throw InputError.badData(file: path, line: reader.lineNumber, problem: "duplicate gene \(symbol) (first on line \(previous.line))")
                }
                duplicates += 1
                if variance > previous.variance {
                    kept[symbol] = (previous.line, variance)
                    try body(ExpressionRow(symbol: symbol, values: parsed, replacesEarlier: true))
                }
                continue
            }
            kept[symbol] = (reader.lineNumber, variance)
            caseClashes.add(symbol)
            try body(ExpressionRow(symbol: symbol, values: parsed, replacesEarlier: false))
        }
        guard rows > 0 else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "no gene rows after the header") }
        if let promisedRows, rows != promisedRows {
            throw InputError.badData(file: path, line: nil, problem: "GCT dimensions promise \(promisedRows) rows, the file has \(rows) (truncated?)")
        }
        if emptySymbols > 0 { notes.append("\(emptySymbols) rows without a gene symbol dropped") }
        if let note = caseClashes.note { notes.append(note) }
        if duplicates > 0 { notes.append("\(duplicates) rows repeat a gene symbol: kept the row with the largest variance across cell lines") }
    }
}
