/// Splitting of delimited text lines: tab-separated, or comma-separated with RFC 4180
/// double quotes. Fields are trimmed of surrounding spaces.
public enum Delimiter: Character, Sendable {
    case tab = "\t"
    case comma = ","

    /// Tab if the header line holds a tab, else comma if it holds a comma, else tab.
    public static func detect(header: String) -> Delimiter {
        if header.contains("\t") { return .tab }
        if header.contains(",") { return .comma }
        return .tab
    }

    /// The fields of one line. Throws `nil`-free: an unterminated quote is reported by
    /// returning nil so the caller can name the file and line.
    public func split(_ line: String) -> [String]? {
        if self == .tab || !line.contains("\"") {
            return line.split(separator: rawValue, omittingEmptySubsequences: false)
                .map { trimmed($0) }
        }
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else { field.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == rawValue {
                fields.append(trimmed(Substring(field))); field = ""
            } else { field.append(c) }
        }
        if inQuotes { return nil }
        fields.append(trimmed(Substring(field)))
        return fields
    }

    private func trimmed(_ s: Substring) -> String {
        String(s.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// Parses a numeric field. Empty, NA, NaN and similar mark a missing value (nil);
/// anything else that is not a number is an error (`.invalid`).
enum NumericField {
    enum Parsed { case value(Double), missing, invalid }
    static let missingTokens: Set<String> = ["", "NA", "NaN", "nan", "N/A", "NULL", "null", "."]

    static func parse(_ text: String) -> Parsed {
        if missingTokens.contains(text) { return .missing }
        guard let v = Double(text), v.isFinite else { return .invalid }
        return .value(v)
    }
}
