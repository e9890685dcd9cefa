import ArgumentParser
import Foundation

/// Machine-readable output formats of the listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case tsv, csv, json, ndjson

    /// Numbers in the shortest form that reads back to the same Double.
    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : (x.isNaN ? "NaN" : (x > 0 ? "Inf" : "-Inf")) }

    /// A CSV field, quoted when needed.
    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// `value` as compact JSON with sorted keys (stable text for the catalog: parameters,
/// models, snapshots).
func sortedKeysJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Buffered stdout for large outputs (millions of edges).
final class OutputBuffer {
    private var buffer = Data()
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
