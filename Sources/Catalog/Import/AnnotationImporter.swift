/// Annotates existing cell lines (COSMIC ID, display name, tissue, cancer type) from a
/// TSV/CSV whose columns are recognised by name:
/// - SampleNet's `cell_line_keys.tsv`: CELL_KEY, COSMIC_ID;
/// - gdsctools' `cosmic_info.csv`: SAMPLE_NAME, COSMIC_ID, GDSC1, GDSC2 (tissue), TCGA;
/// - any table with some of CELL_KEY / NAME / COSMIC_ID / TISSUE / CANCER_TYPE.
/// Rows are matched like every import (`CellMatcher`); unmatched rows are reported. The
/// annotation never creates cell lines: the expression matrix defines them.
public enum AnnotationImporter {
    static let keyColumns = ["CELL_KEY", "KEY"]
    static let nameColumns = ["SAMPLE_NAME", "CELL_LINE_NAME", "CELLLINENAME", "NAME"]
    static let cosmicColumns = ["COSMIC_ID", "COSMICID"]
    static let tissueColumns = ["TISSUE", "GDSC2", "GDSC1", "ONCOTREELINEAGE"]
    static let cancerColumns = ["CANCER_TYPE", "TCGA", "TCGA_DESC", "ONCOTREEPRIMARYDISEASE"]

    struct Annotation { var cell: Int; var line: Int; var cosmic: Int?; var name: String?; var tissue: String?; var cancer: String? }

    public static func run(path: String, into catalog: Catalog, dryRun: Bool = false) throws -> ImportReport {
        let reader = try LineReader(path: path)
        guard let header = try reader.nextLine() else { throw InputError.badData(file: path, line: 1, problem: "file is empty") }
        let delimiter = Delimiter.detect(header: header)
        guard let columns = delimiter.split(header) else { throw InputError.badData(file: path, line: 1, problem: "unterminated quote in header") }
        let upper = columns.map { $0.uppercased() }
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { upper.firstIndex(of: $0) }.first }
        let keyColumn = column(keyColumns), nameColumn = column(nameColumns), cosmicColumn = column(cosmicColumns)
        let tissueColumn = column(tissueColumns), cancerColumn = column(cancerColumns)
        guard keyColumn != nil || nameColumn != nil || cosmicColumn != nil else {
            throw InputError.badData(file: path, line: 1, problem: "no CELL_KEY, SAMPLE_NAME/NAME or COSMIC_ID column in header \"\(header.prefix(60))\"")
        }
        let cells = try catalog.cellLines()
        let matcher = CellMatcher(cells: cells)
        var annotations: [Int: Annotation] = [:]
        var unmatched: [String] = []
        var notes: [String] = []
        var rows = 0
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let fields = delimiter.split(line), fields.count == columns.count else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected \(columns.count) fields (truncated or malformed row)")
            }
            rows += 1
            func field(_ c: Int?) -> String? { c.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 } }
            let cosmicText = field(cosmicColumn)
            let cosmic = cosmicText.flatMap { Int($0) }
            if cosmicText != nil && cosmic == nil {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "COSMIC_ID \"\(cosmicText ?? "")\" is not an integer")
            }
            let name = field(nameColumn), key = field(keyColumn)
            guard let cell = matcher.match(cosmicID: cosmic, name: key ?? name) else {
                unmatched.append(name ?? key ?? cosmicText ?? "?"); continue
            }
            if let first = annotations[cell] {
                notes.append("line \(reader.lineNumber): \(name ?? key ?? "?") matches the same cell line as line \(first.line); kept line \(first.line)")
                continue
            }
            annotations[cell] = Annotation(cell: cell, line: reader.lineNumber, cosmic: cosmic, name: name,
                                           tissue: field(tissueColumn), cancer: field(cancerColumn))
        }
        guard rows > 0 else { throw InputError.badData(file: path, line: nil, problem: "no rows after the header") }
        guard !annotations.isEmpty else {
            throw InputError.badData(file: path, line: nil, problem: "none of the \(rows) rows matches a cell line in the catalog")
        }
        // A COSMIC ID already held by another cell line would break uniqueness: skip it.
        var cosmicOwner = Dictionary(cells.compactMap { c in c.cosmicID.map { ($0, c.id) } }, uniquingKeysWith: { a, _ in a })
        for (cell, a) in annotations.sorted(by: { $0.key < $1.key }) {
            guard let cosmic = a.cosmic else { continue }
            if let owner = cosmicOwner[cosmic], owner != cell {
                notes.append("line \(a.line): COSMIC ID \(cosmic) already belongs to another cell line; not assigned")
                annotations[cell]?.cosmic = nil
            } else { cosmicOwner[cosmic] = cell }
        }
        let report = ImportReport(
            summary: "\(dryRun ? "would annotate" : "annotated") \(annotations.count) cell lines from \(rows) rows (\(unmatched.count) unmatched)",
            notes: notes, unmatched: unmatched)
        if dryRun { return report }
        let digest = try SHA256.file(path)
        try catalog.write {
            let update = try catalog.connection.prepare("""
                UPDATE cell_line SET cosmic_id = coalesce(?, cosmic_id), name = coalesce(?, name),
                    tissue = coalesce(?, tissue), cancer_type = coalesce(?, cancer_type) WHERE id = ?
                """)
            for (cell, a) in annotations.sorted(by: { $0.key < $1.key }) {
                try update.run([a.cosmic.map { .integer(Int64($0)) } ?? .null, a.name.map { .text($0) } ?? .null,
                                a.tissue.map { .text($0) } ?? .null, a.cancer.map { .text($0) } ?? .null, .integer(Int64(cell))])
            }
            try catalog.logImport(kind: "annotation", source: path, sha256: digest, summary: report.summary)
        }
        return report
    }
}
