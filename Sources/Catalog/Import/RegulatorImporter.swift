/// Sets the candidate regulators from a list of gene symbols (one per line; `#` comments
/// and a GENE/SYMBOL header allowed). The list replaces the previous regulator set.
/// Symbols not in the catalog are reported; a list matching no gene is an error.
public enum RegulatorImporter {
    public static func run(path: String, into catalog: Catalog, dryRun: Bool = false) throws -> ImportReport {
        let reader = try LineReader(path: path)
        let known = Set(try catalog.genes().map(\.symbol))
        var matched: [String] = []
        var seen = Set<String>()
        var misses: [String] = []
        var lines = 0
        while let line = try reader.nextLine() {
            let symbol = line.split(separator: "\t").first.map { String($0) }?.trimmingCharacters(in: " ") ?? ""
            if symbol.isEmpty || symbol.hasPrefix("#") { continue }
            if reader.lineNumber == 1 && ["GENE", "SYMBOL", "GENE_SYMBOL", "REGULATOR"].contains(symbol.uppercased()) { continue }
            lines += 1
            if let resolved = GeneAliases.resolve(symbol, in: known) {
                if seen.insert(resolved).inserted { matched.append(resolved) }
            } else { misses.append(symbol) }
        }
        guard lines > 0 else { throw InputError.badData(file: path, line: nil, problem: "file is empty; expected one gene symbol per line") }
        guard !matched.isEmpty else {
            throw InputError.badData(file: path, line: nil,
                problem: "none of the \(lines) symbols is a gene in the catalog (import expression first?)")
        }
        let report = ImportReport(
            summary: "\(dryRun ? "would set" : "set") \(matched.count) regulators (\(misses.count) of \(lines) symbols not in the catalog)",
            notes: [], unmatched: misses)
        if dryRun { return report }
        let digest = try SHA256.file(path)
        try catalog.write {
            let c = catalog.connection
            try c.execute("UPDATE gene SET is_regulator = 0")
            let mark = try c.prepare("UPDATE gene SET is_regulator = 1 WHERE symbol = ?")
            for symbol in matched { try mark.run([.text(symbol)]) }
            try catalog.logImport(kind: "regulators", source: path, sha256: digest, summary: report.summary)
        }
        return report
    }
}
