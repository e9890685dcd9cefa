/// Imports one drug's response as a modulator from a long-format table: SampleNet's
/// `egfr_tki_response.tsv` layout or the official `GDSC1/2_fitted_dose_response` CSV.
/// Columns are found by name (DATASET, COSMIC_ID, CELL_KEY / CELL_LINE_NAME, DRUG_NAME,
/// LN_IC50, AUC). Rows of other drugs or datasets are skipped; cell lines without a
/// catalog match are reported, not errors.
public enum ResponseImporter {
    public enum Measure: String, CaseIterable, Sendable {
        case lnIC50 = "ln_ic50"
        case auc
        var column: String { self == .lnIC50 ? "LN_IC50" : "AUC" }
        var unit: String { self == .lnIC50 ? "ln(IC50/uM)" : "AUC (fraction of max)" }
    }

    /// What to do when several rows give one cell line different values.
    public enum DuplicateRule: String, CaseIterable, Sendable {
        /// Drop every conflicting row of that cell line and report it (default).
        case drop
        /// Keep the first row in file order.
        case first
        /// Average the values.
        case mean
    }

    public struct Options: Sendable {
        public var drug: String
        public var dataset: String = "GDSC2"
        public var measure: Measure = .lnIC50
        public var name: String?
        public var duplicates: DuplicateRule = .drop
        public var replace = false
        public var dryRun = false
        /// The column `Drug_<ID>_IC50` of a wide COSMIC_ID x drug matrix (gdsctools' IC50_v17).
        public var drugID: Int?
        public init(drug: String) { self.drug = drug }
        /// The modulator's name: `--name`, else the drug name in lower case.
        public var modulatorName: String { name ?? drug.lowercased() }
    }

    struct Row { var line: Int; var label: String; var value: Double }

    public static func run(path: String, into catalog: Catalog, options: Options) throws -> ImportReport {
        // CSV/TSV (gzip or not) or the first sheet of an .xlsx workbook.
        let reader = try openRows(path)
        guard let columns = try reader.nextRow() else { throw InputError.badData(file: path, line: 1, problem: "file is empty") }
        let index = Dictionary(columns.enumerated().map { ($1.uppercased(), $0) }, uniquingKeysWith: { a, _ in a })
        if index["DRUG_NAME"] == nil, index["COSMIC_ID"] != nil, columns.contains(where: { Self.wideDrugID($0) != nil }) {
            return try runWide(path: path, reader: reader, columns: columns, into: catalog, options: options)
        }
        guard let drugColumn = index["DRUG_NAME"] else {
            throw InputError.badData(file: path, line: 1, problem: "no DRUG_NAME column; expected the GDSC long layout (DATASET, COSMIC_ID, CELL_LINE_NAME, DRUG_NAME, LN_IC50, AUC)")
        }
        guard let valueColumn = index[options.measure.column] else {
            throw InputError.badData(file: path, line: 1, problem: "no \(options.measure.column) column for --measure \(options.measure.rawValue)")
        }
        let cosmicColumn = index["COSMIC_ID"]
        let nameColumn = index["CELL_KEY"] ?? index["CELL_LINE_NAME"]
        guard cosmicColumn != nil || nameColumn != nil else {
            throw InputError.badData(file: path, line: 1, problem: "no COSMIC_ID, CELL_KEY or CELL_LINE_NAME column")
        }
        let datasetColumn = index["DATASET"]
        let drugIDColumn = index["DRUG_ID"]
        var drugIDs = Set<String>()
        let matcher = CellMatcher(cells: try catalog.cellLines())
        var rowsByCell: [Int: [Row]] = [:]
        var unmatched: [String] = []
        var selected = 0, missing = 0
        let drug = options.drug.lowercased(), dataset = options.dataset.uppercased()
        while let fields = try reader.nextRow() {
            guard fields.count == columns.count else {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "expected \(columns.count) fields, found \(fields.count) (truncated or malformed row)")
            }
            guard fields[drugColumn].lowercased() == drug else { continue }
            if let datasetColumn, fields[datasetColumn].uppercased() != dataset { continue }
            selected += 1
            if let drugIDColumn { drugIDs.insert(fields[drugIDColumn]) }
            let cosmicText = cosmicColumn.map { fields[$0] } ?? ""
            let cosmic = Int(cosmicText)
            if !cosmicText.isEmpty && cosmic == nil {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "COSMIC_ID \"\(cosmicText)\" is not an integer")
            }
            let name = nameColumn.map { fields[$0] }
            let label = [index["CELL_LINE_NAME"].map { fields[$0] }, name, cosmicText].compactMap { $0 }.first { !$0.isEmpty } ?? "?"
            let value: Double
            switch NumericField.parse(fields[valueColumn]) {
            case let .value(v): value = v
            case .missing: missing += 1; continue
            case .invalid:
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "\(options.measure.column) \"\(fields[valueColumn])\" is not a number")
            }
            guard let cell = matcher.match(cosmicID: cosmic, name: name) else {
                unmatched.append(label); continue
            }
            rowsByCell[cell, default: []].append(Row(line: reader.lineNumber, label: label, value: value))
        }
        guard selected > 0 else {
            throw InputError.badData(file: path, line: nil,
                problem: "no rows for drug \"\(options.drug)\"\(datasetColumn != nil ? " in dataset \(options.dataset)" : "")")
        }
        var notes: [String] = []
        if drugIDs.count > 1 {
            notes.append("\(options.drug) has \(drugIDs.count) DRUG_IDs in \(options.dataset) (\(drugIDs.sorted().joined(separator: ", "))): "
                         + "their rows are pooled, so a cell line with values under both is a duplicate")
        }
        return try finish(path: path, rowsByCell: rowsByCell, unmatched: unmatched, selected: selected, missing: missing, notes: notes,
                          source: "\(options.dataset) \(options.measure.column)", into: catalog, options: options)
    }

    /// "Drug_1010_IC50" -> 1010.
    static func wideDrugID(_ column: String) -> Int? {
        let upper = column.uppercased()
        guard upper.hasPrefix("DRUG_"), upper.hasSuffix("_IC50") else { return nil }
        return Int(upper.dropFirst(5).dropLast(5))
    }

    /// gdsctools' wide matrix `COSMIC_ID,Drug_<ID>_IC50,...` (ln IC50; blank = missing): one
    /// column chosen by --drug-id.
    static func runWide(path: String, reader: RowSource, columns: [String], into catalog: Catalog,
                        options: Options) throws -> ImportReport {
        let ids = columns.compactMap(wideDrugID)
        guard let drugID = options.drugID else {
            throw InputError.usage("\(path) is a wide COSMIC_ID x Drug_<ID>_IC50 matrix (\(ids.count) drugs): pass --drug-id "
                                   + "(in gdsctools' IC50_v17, 1 = erlotinib and 1010 = gefitinib)")
        }
        guard options.measure == .lnIC50 else { throw InputError.usage("a Drug_<ID>_IC50 matrix holds ln IC50 only; drop --measure auc") }
        guard let valueColumn = columns.firstIndex(where: { wideDrugID($0) == drugID }) else {
            throw InputError.badData(file: path, line: 1, problem: "no column Drug_\(drugID)_IC50 (\(ids.count) drug columns)")
        }
        let cosmicColumn = columns.firstIndex { $0.uppercased() == "COSMIC_ID" }!
        let matcher = CellMatcher(cells: try catalog.cellLines())
        var rowsByCell: [Int: [Row]] = [:]
        var unmatched: [String] = []
        var selected = 0, missing = 0
        while let fields = try reader.nextRow() {
            guard fields.count == columns.count else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected \(columns.count) fields (truncated or malformed row)")
            }
            guard let cosmic = Int(fields[cosmicColumn]) ?? Double(fields[cosmicColumn]).map({ Int($0) }) else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "COSMIC_ID \"\(fields[cosmicColumn])\" is not an integer")
            }
            selected += 1
            let value: Double
            switch NumericField.parse(fields[valueColumn]) {
            case let .value(v): value = v
            case .missing: missing += 1; continue
            case .invalid:
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "column \(valueColumn + 1) (\(columns[valueColumn])): \"\(fields[valueColumn])\" is not a number")
            }
            guard let cell = matcher.match(cosmicID: cosmic, name: nil) else { unmatched.append(String(cosmic)); continue }
            rowsByCell[cell, default: []].append(Row(line: reader.lineNumber, label: "COSMIC \(cosmic)", value: value))
        }
        guard selected > 0 else { throw InputError.badData(file: path, line: nil, problem: "no rows after the header") }
        return try finish(path: path, rowsByCell: rowsByCell, unmatched: unmatched, selected: selected, missing: missing, notes: [],
                          source: "\(columns[valueColumn]) (ln IC50)", into: catalog, options: options)
    }

    /// Resolves duplicates by the stated rule and stores the modulator (one transaction).
    static func finish(path: String, rowsByCell: [Int: [Row]], unmatched: [String], selected: Int, missing: Int, notes initial: [String],
                       source: String, into catalog: Catalog, options: Options) throws -> ImportReport {
        var values: [Int: Double] = [:]
        var notes = initial
        var conflicts = 0
        for (cell, rows) in rowsByCell.sorted(by: { $0.key < $1.key }) {
            let distinct = Set(rows.map(\.value))
            if distinct.count == 1 { values[cell] = rows[0].value; continue }
            let listing = rows.map { "\($0.label)=\($0.value) (line \($0.line))" }.joined(separator: ", ")
            switch options.duplicates {
            case .drop:
                conflicts += 1
                notes.append("dropped conflicting duplicates: \(listing)")
            case .first:
                values[cell] = rows[0].value
                notes.append("kept the first of conflicting duplicates: \(listing)")
            case .mean:
                values[cell] = rows.map(\.value).reduce(0, +) / Double(rows.count)
                notes.append("averaged conflicting duplicates: \(listing)")
            }
        }
        guard !values.isEmpty else {
            throw InputError.badData(file: path, line: nil, problem: "none of the \(selected) selected rows matches a cell line in the catalog")
        }
        if !unmatched.isEmpty {
            notes.append("\(unmatched.count) rows match no cell line in the catalog (no expression?): "
                         + unmatched.prefix(8).joined(separator: ", ") + (unmatched.count > 8 ? ", ..." : ""))
        }
        let name = options.modulatorName
        let report = ImportReport(
            summary: "\(options.dryRun ? "would import" : "imported") modulator \(name): \(values.count) cell lines with "
                + "\(source) of \(options.drug) (\(selected) rows selected, "
                + "\(unmatched.count) unmatched, \(missing) missing, \(conflicts) cell lines with conflicting duplicates dropped)",
            notes: notes + ModulatorImporter.spreadWarnings(Array(values.values)), unmatched: unmatched)
        if options.dryRun { return report }
        let digest = try SHA256.file(path)
        try catalog.write {
            try catalog.storeModulator(
                name: name, kind: .drugResponse, unit: options.measure.unit,
                provenance: "\(source) of \(options.drug) from \(path) (sha256 \(digest.prefix(12))); duplicates: \(options.duplicates.rawValue)",
                values: values, replace: options.replace)
            try catalog.logImport(kind: "response", source: path, sha256: digest, summary: report.summary)
        }
        return report
    }
}
