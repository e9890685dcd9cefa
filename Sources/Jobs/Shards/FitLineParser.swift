import Catalog
import Compute
import Foundation

/// Parses a shard file's fit line (ShardFile) straight from its UTF-8 bytes:
///
///     fit <TAB> cell <TAB> lambda <TAB> gamma <TAB> intercept <TAB> mWAICc <TAB> df <TAB> fallback <TAB> reg:beta,reg:beta,...
///
/// Splitting the line into Swift Strings walked it character by character and made most of the
/// merge's time; here fields are byte ranges, integers are read digit by digit and numbers by
/// strtod, which is what `Double(String)` calls, so every value is the same double. nil for a
/// malformed line (the caller names file and line).
enum FitLineParser {
    static let tab = UInt8(ascii: "\t"), comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")

    static func parse(_ line: String) -> CellFit? {
        var line = line
        return line.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> CellFit? {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(9)
        var start = 0
        for i in 0..<b.count where b[i] == tab {
            fields.append(start..<i)
            start = i + 1
            if fields.count == 8 { break }
        }
        fields.append(start..<b.count)
        guard fields.count == 9, equals(b, fields[0], "fit"), let cell = integer(b, fields[1]), let intercept = number(b, fields[4]) else { return nil }
        guard let lambda = optional(b, fields[2]), let gamma = optional(b, fields[3]), let mWAICc = optional(b, fields[5]),
              let df = optional(b, fields[6]) else { return nil }
        var edges: [RegulatorBeta] = []
        var at = fields[8].lowerBound
        let end = fields[8].upperBound
        while at < end {
            var colonAt = at
            while colonAt < end && b[colonAt] != colon { colonAt += 1 }
            var next = colonAt
            while next < end && b[next] != comma { next += 1 }
            guard colonAt < next, let j = integer(b, at..<colonAt), let beta = number(b, (colonAt + 1)..<next) else { return nil }
            edges.append(RegulatorBeta(regulator: j, beta: beta))
            at = next + 1
        }
        return CellFit(cell: cell, intercept: intercept, edges: edges, lambda: lambda, gamma: gamma, mWAICc: mWAICc, degreesOfFreedom: df,
                       fallback: equals(b, fields[7], "1"), kktViolation: 0)
    }

    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ text: StaticString) -> Bool {
        r.count == text.utf8CodeUnitCount && r.indices.allSatisfy { b[$0] == text.utf8Start[$0 - r.lowerBound] }
    }

    /// A non-negative decimal integer (as `Int(String)` reads the ones ShardFile writes).
    static func integer(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        guard !r.isEmpty, r.count <= 18 else { return nil }
        var v = 0
        for i in r {
            let d = Int(b[i]) - 48
            guard (0...9).contains(d) else { return nil }
            v = v * 10 + d
        }
        return v
    }

    /// "NA" as .some(nil), a number as .some(value), anything else nil.
    static func optional(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double?? {
        if equals(b, r, "NA") { return .some(nil) }
        return number(b, r).map { .some($0) }
    }

    /// The whole range as one double, by strtod on a NUL-terminated copy.
    static func number(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Double? {
        guard !r.isEmpty, r.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: r.count + 1) { buffer -> Double? in
            for (k, i) in r.enumerated() { buffer[k] = CChar(bitPattern: b[i]) }
            buffer[r.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == r.count else { return nil }
            return v
        }
    }
}
