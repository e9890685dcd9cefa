/// Where text output goes: standard output or a file (the CLI's buffered writer), or a string
/// (the explorer's export, written by its effect).
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Pushes buffered text out (a no-op unless the sink buffers).
    func flush()
}

extension TextSink {
    public func flush() {}
}

/// A sink that keeps the text.
public final class StringSink: TextSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// The flat table formats of every listing and export, CLI and explorer alike.
public enum TableFormat: String, Sendable, CaseIterable {
    case tsv, csv, json, ndjson

    /// A number in the shortest form that reads back to the same Double. The one convention for
    /// a value that is missing or not finite: `NA` in text tables (and null in JSON, below).
    public static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "NA" }
}

/// Writes a flat table one row at a time (millions of rows stream): tsv and csv with a header
/// line (csv fields quoted when needed), json as one array of objects keyed by column, ndjson
/// as one object per line. Missing and non-finite numbers are `NA` in tsv/csv and null in JSON.
public struct TableWriter {
    public enum Field: Sendable, Equatable {
        case text(String)
        case number(Double)
        case integer(Int)
        case missing
    }

    public let format: TableFormat
    public let columns: [String]
    private let out: TextSink
    private var rows = 0

    public init(_ format: TableFormat, columns: [String], to out: TextSink) {
        self.format = format
        self.columns = columns
        self.out = out
        switch format {
        case .tsv: out.write(columns.joined(separator: "\t") + "\n")
        case .csv: out.write(columns.map(TextEscaping.csvField).joined(separator: ",") + "\n")
        case .json: out.write("[")
        case .ndjson: break
        }
    }

    public mutating func row(_ fields: [Field]) {
        switch format {
        case .tsv: out.write(fields.map(Self.plain).joined(separator: "\t") + "\n")
        case .csv: out.write(fields.map { TextEscaping.csvField(Self.plain($0)) }.joined(separator: ",") + "\n")
        case .json, .ndjson:
            let members = zip(columns, fields).map { column, field in "\(TextEscaping.json(column)):\(Self.json(field))" }
            let object = "{" + members.joined(separator: ",") + "}"
            if format == .ndjson { out.write(object + "\n") } else { out.write((rows == 0 ? "\n" : ",\n") + object) }
        }
        rows += 1
    }

    /// Closes the json array; flushes the sink.
    public func finish() {
        if format == .json { out.write(rows == 0 ? "]\n" : "\n]\n") }
        out.flush()
    }

    private static func plain(_ field: Field) -> String {
        switch field {
        case let .text(s): return s
        case let .number(x): return TableFormat.number(x)
        case let .integer(i): return String(i)
        case .missing: return "NA"
        }
    }

    private static func json(_ field: Field) -> String {
        switch field {
        case let .text(s): return TextEscaping.json(s)
        case let .number(x): return x.isFinite ? "\(x)" : "null"
        case let .integer(i): return String(i)
        case .missing: return "null"
        }
    }
}
