/// Rows of fields from a delimited text file or a spreadsheet, so one importer reads both.
/// `lineNumber` is the row last returned (1-based; the header is 1; a spreadsheet's own row
/// number), for error messages.
protocol RowSource: AnyObject {
    var lineNumber: Int { get }
    /// The next non-empty row, or nil at the end.
    func nextRow() throws -> [String]?
}

/// A tab- or comma-separated file (gzip or not), the delimiter detected from its header.
final class DelimitedRows: RowSource {
    private let reader: LineReader
    private var delimiter: Delimiter?
    var lineNumber: Int { reader.lineNumber }

    init(path: String) throws { reader = try LineReader(path: path) }

    func nextRow() throws -> [String]? {
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            let d = delimiter ?? Delimiter.detect(header: line)
            delimiter = d
            guard let fields = d.split(line) else {
                throw InputError.badData(file: reader.path, line: reader.lineNumber, problem: "unterminated quote")
            }
            return fields
        }
        return nil
    }
}

/// Rows of `path`: the first worksheet of an .xlsx workbook, else delimited text.
func openRows(_ path: String) throws -> RowSource {
    try XLSXWorkbook.isWorkbook(path) ? XLSXWorkbook(path: path).firstSheetRows() : DelimitedRows(path: path)
}
