/// What a gene symbol or cell-line name may be. Names are stored verbatim (SQL-like and
/// Unicode names included); these rules only refuse what cannot be a name and would break
/// every table it is printed in.
enum NameRules {
    /// HGNC symbols are at most ~25 characters, cell-line names ~40: 255 leaves room for any
    /// real identifier (our choice).
    static let maxLength = 255

    /// Refuses a name over `maxLength` characters or with a control character (tab, line
    /// break, escape ...), naming file and line.
    static func check(_ name: String, what: String, file: String, line: Int) throws {
        if name.count > maxLength {
            throw InputError.badData(file: file, line: line, problem: "\(what) \"\(name.prefix(20))...\" is \(name.count) characters long (at most \(maxLength))")
        }
        if let bad = name.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw InputError.badData(file: file, line: line, problem: "\(what) \"\(name.prefix(40).debugDescription.dropFirst().dropLast())\" contains control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
    }

    /// Symbols that differ only in letter case (cdh1 beside CDH1): kept as separate genes,
    /// but almost always a typo or a mouse/human mix, so the import reports them.
    struct CaseClashes {
        private var byFolded: [String: String] = [:]
        private(set) var pairs: [String] = []
        mutating func add(_ symbol: String) {
            let folded = symbol.uppercased()
            if let other = byFolded[folded] {
                if other != symbol { pairs.append("\(other)/\(symbol)") }
            } else {
                byFolded[folded] = symbol
            }
        }
        var note: String? {
            pairs.isEmpty ? nil : "warning: \(pairs.count) symbol\(pairs.count == 1 ? "" : "s") differ only in letter case from another (\(pairs.prefix(5).joined(separator: ", "))\(pairs.count > 5 ? ", ..." : "")): kept as separate genes"
        }
    }
}
