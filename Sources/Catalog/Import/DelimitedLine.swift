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
            // Byte-wise: both delimiters are ASCII, and UTF-8 never reuses ASCII bytes.
            let separator = self == .tab ? UInt8(ascii: "\t") : UInt8(ascii: ",")
            return line.utf8.split(separator: separator, omittingEmptySubsequences: false).map { trimmed(Substring($0)) }
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

    /// Without surrounding spaces; most fields have none, and they are copied as they are
    /// (this runs for every field of a 300 MB file).
    private func trimmed(_ s: Substring) -> String {
        let space = UInt8(ascii: " ")
        guard let first = s.utf8.first, let last = s.utf8.last, first == space || last == space else { return String(s) }
        var start = s.startIndex, end = s.endIndex
        while start < end, s[start] == " " { start = s.index(after: start) }
        while end > start, s[s.index(before: end)] == " " { end = s.index(before: end) }
        return String(s[start..<end])
    }
}

/// Parses a numeric field. Empty, NA, NaN and similar mark a missing value (nil);
/// anything else that is not a number is an error (`.invalid`).
enum NumericField {
    enum Parsed { case value(Double), missing, invalid }
    static let missingTokens: Set<String> = ["", "NA", "NaN", "nan", "N/A", "NULL", "null", "."]

    static func parse(_ text: String) -> Parsed {
        // A leading digit cannot be a missing token: skip the set lookup for most fields.
        if let first = text.utf8.first, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") {
            guard let v = Double(text), v.isFinite else { return .invalid }
            return .value(v)
        }
        if missingTokens.contains(text) { return .missing }
        guard let v = Double(text), v.isFinite else { return .invalid }
        return .value(v)
    }
}
