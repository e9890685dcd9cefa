import ArgumentParser
import Catalog
import Foundation

/// Machine-readable output formats of the listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case tsv, csv, json, ndjson

    /// Numbers in the shortest form that reads back to the same Double.
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf")) }

    /// A CSV field, quoted when needed.
    static func csvField(_ s: String) -> String { TextEscaping.csvField(s) }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String { TextEscaping.json(s) }
}

/// Writes a flat table in any `OutputFormat`, one row at a time (so millions of rows stream):
/// tsv and csv with a header line (csv fields quoted when needed), json as one array of
/// objects keyed by column, ndjson as one object per line.
struct TableWriter {
    enum Field {
        case text(String)
        case number(Double)
        case integer(Int)
    }
    let format: OutputFormat
    let columns: [String]
    let out: OutputBuffer
    private var rows = 0

    init(_ format: OutputFormat, columns: [String], to out: OutputBuffer) {
        self.format = format
        self.columns = columns
        self.out = out
        switch format {
        case .tsv: out.write(columns.joined(separator: "\t") + "\n")
        case .csv: out.write(columns.map(OutputFormat.csvField).joined(separator: ",") + "\n")
        case .json: out.write("[")
        case .ndjson: break
        }
    }

    mutating func row(_ fields: [Field]) {
        func plain(_ field: Field) -> String {
            switch field {
            case let .text(s): return s
            case let .number(x): return OutputFormat.number(x)
            case let .integer(i): return String(i)
            }
        }
        switch format {
        case .tsv: out.write(fields.map(plain).joined(separator: "\t") + "\n")
        case .csv: out.write(fields.map { OutputFormat.csvField(plain($0)) }.joined(separator: ",") + "\n")
        case .json, .ndjson:
            let members = zip(columns, fields).map { column, field -> String in
                if case let .text(s) = field { return "\(OutputFormat.jsonString(column)):\(OutputFormat.jsonString(s))" }
                return "\(OutputFormat.jsonString(column)):\(plain(field))"
            }
            let object = "{" + members.joined(separator: ",") + "}"
            if format == .ndjson { out.write(object + "\n") } else { out.write((rows == 0 ? "\n" : ",\n") + object) }
        }
        rows += 1
    }

    /// Closes the json array; flushes.
    func finish() {
        if format == .json { out.write(rows == 0 ? "]\n" : "\n]\n") }
        out.flush()
    }
}

/// `value` as compact JSON with sorted keys (stable text for the catalog: parameters,
/// models, snapshots).
func sortedKeysJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Buffered output for large outputs (millions of edges): stdout, or a file written under a
/// temporary name and renamed by `close()`, so an interrupted export leaves no half file.
final class OutputBuffer {
    private var buffer = Data()
    private let handle: FileHandle
    private let path: String?
    private let temporary: String?

    /// Standard output.
    init() {
        handle = FileHandle.standardOutput
        path = nil
        temporary = nil
    }

    /// `path`, or standard output when nil.
    init(path: String?) throws {
        self.path = path
        guard let path else {
            handle = FileHandle.standardOutput
            temporary = nil
            return
        }
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw InputError.missing(file: path, problem: "cannot write here")
        }
        self.handle = handle
        self.temporary = temporary
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; for a file, closes it and moves it to its name.
    func close() throws {
        flush()
        guard let path, let temporary else { return }
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
