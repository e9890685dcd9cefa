/// Gene symbols are matched case-sensitively after trimming, with a small alias table for
/// renamed genes (METHOD.md section 3): current HGNC symbol <-> the older one our matrix uses.
public enum GeneAliases {
    /// current -> previous symbol.
    public static let previousSymbol: [String: String] = [
        "TENT5A": "FAM46A", "TENT5C": "FAM46C", "TBXT": "T", "INAVA": "C1orf106",
        "MISP": "C19orf21", "ADIRF": "C10orf116", "CCN2": "CTGF", "CCN1": "CYR61",
        "ZNF875": "HKR1", "DELEC1": "DEC1", "PEDS1": "TMEM189",
    ]

    /// Resolves `symbol` against the set of known symbols: itself, else an alias either way.
    public static func resolve(_ symbol: String, in known: Set<String>) -> String? {
        let s = symbol.trimmingCharacters(in: " \t")
        if known.contains(s) { return s }
        if let old = previousSymbol[s], known.contains(old) { return old }
        if let current = previousSymbol.first(where: { $0.value == s })?.key, known.contains(current) { return current }
        return nil
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
