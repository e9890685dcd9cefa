/// Imports a modulator from a two-column TSV with a header: `cell<TAB>value`. The first
/// column holds cell-line names (matched by name key) or, when headed COSMIC_ID, COSMIC
/// IDs. Empty/NA values are missing. A duplicate cell is an error; cells matching no cell
/// line are reported; a file where none match is an error.
public enum ModulatorImporter {
    public struct Options: Sendable {
        public var name: String
        public var kind: ModulatorKind = .custom
        public var unit: String = ""
        public var replace = false
        public var dryRun = false
        public init(name: String) { self.name = name }
    }

    public static func run(path: String, into catalog: Catalog, options: Options) throws -> ImportReport {
        guard !options.name.isEmpty, options.name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) else {
            throw InputError.usage("modulator name \"\(options.name)\" must be letters, digits, _ - or .")
        }
        let reader = try LineReader(path: path)
        guard let header = try reader.nextLine() else {
            throw InputError.badData(file: path, line: 1, problem: "file is empty; expected a header `cell<TAB>value`")
        }
        let delimiter = Delimiter.detect(header: header)
        guard let headerFields = delimiter.split(header), headerFields.count == 2 else {
            throw InputError.badData(file: path, line: 1, problem: "expected a two-column header `cell<TAB>value`, found \"\(header.prefix(60))\"")
        }
        let byCosmic = ["COSMIC_ID", "COSMICID", "COSMIC"].contains(headerFields[0].uppercased())
        let matcher = CellMatcher(cells: try catalog.cellLines())
        var values: [Int: Double] = [:]
        var firstLine: [Int: Int] = [:]
        var unmatched: [String] = []
        var missing = 0, rows = 0
        while let line = try reader.nextLine() {
            if line.isEmpty { continue }
            guard let fields = delimiter.split(line), fields.count == 2 else {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected 2 fields `cell<TAB>value`")
            }
            rows += 1
            let cosmic: Int? = byCosmic ? Int(fields[0]) : nil
            if byCosmic && cosmic == nil {
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "\"\(fields[0])\" is not a COSMIC ID")
            }
            guard let cell = matcher.match(cosmicID: cosmic, name: byCosmic ? nil : fields[0]) else {
                unmatched.append(fields[0]); continue
            }
            if let first = firstLine[cell] {
                throw InputError.badData(file: path, line: reader.lineNumber,
                    problem: "duplicate cell line \(fields[0]) (also on line \(first))")
            }
            firstLine[cell] = reader.lineNumber
            switch NumericField.parse(fields[1]) {
            case let .value(v): values[cell] = v
            case .missing: missing += 1
            case .invalid:
                throw InputError.badData(file: path, line: reader.lineNumber, problem: "\"\(fields[1])\" is not a number")
            }
        }
        guard rows > 0 else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "no data rows after the header") }
        guard !values.isEmpty else {
            throw InputError.badData(file: path, line: nil,
                problem: "none of the \(rows) cell keys matches a cell line in the catalog (first: \(unmatched.first ?? "-"))")
        }
        let report = ImportReport(
            summary: "\(options.dryRun ? "would import" : "imported") modulator \(options.name): \(values.count) values "
                + "(\(unmatched.count) rows unmatched, \(missing) missing)",
            notes: (unmatched.isEmpty ? [] : ["unmatched: " + unmatched.prefix(10).joined(separator: ", ") + (unmatched.count > 10 ? ", ..." : "")])
                + ModulatorImporter.spreadWarnings(Array(values.values)),
            unmatched: unmatched)
        if options.dryRun { return report }
        let digest = try SHA256.file(path)
        try catalog.write {
            try catalog.storeModulator(name: options.name, kind: options.kind, unit: options.unit,
                                       provenance: "\(path) (sha256 \(digest.prefix(12)))", values: values, replace: options.replace)
            try catalog.logImport(kind: "modulator", source: path, sha256: digest, summary: report.summary)
        }
        return report
    }

    /// A modulator every line shares (or nearly) cannot order the lines: NetworkProfiler
    /// refuses it, so say so at import.
    static func spreadWarnings(_ values: [Double]) -> [String] {
        let distinct = Set(values).count
        if distinct <= 1 { return ["warning: every value is the same (\(values.first.map { String($0) } ?? "-")): a constant modulator; NetworkProfiler cannot use it"] }
        if distinct < 3 { return ["warning: only \(distinct) distinct values: networks along this modulator take at most \(distinct) shapes"] }
        return []
    }
}
