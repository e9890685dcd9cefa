import Catalog
import Compute
import Foundation

/// Reads a shard file (ShardFile) one target at a time, in bounded memory, hashing what it
/// reads; `finish()` checks the trailer. A malformed line is InputError.badData naming the
/// file and line.
public final class ShardReader {
    public let path: String
    public private(set) var header: ShardFile.Header
    private let reader: LineReader
    private var hasher = SHA256()
    private var pending: String?
    private var ended = false
    private static let newline: [UInt8] = [10]

    public init(path: String) throws {
        self.path = path
        reader = try LineReader(path: path)
        guard let first = try reader.nextLine() else { throw InputError.badData(file: path, line: 1, problem: "empty shard file") }
        let f = first.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 11, f[0] == ShardFile.magic, f[1] == "\(ShardFile.version)", let kind = ShardFile.Kind(rawValue: f[2]), f[4] == "data",
              f[6] == "shard", f[9] == "targets", let run = Int(f[3]), let shard = Int(f[7]), let shards = Int(f[8]), let targets = Int(f[10]) else {
            throw InputError.badData(file: path, line: 1, problem: "not a samplenet shard file header")
        }
        header = ShardFile.Header(runID: run, dataHash: f[5], shard: shard, shards: shards, targets: targets)
        header.kind = kind
        hasher.update(first + "\n")
    }

    private func bad(_ problem: String) -> InputError { InputError.badData(file: path, line: reader.lineNumber, problem: problem) }

    private func line() throws -> String? {
        if let p = pending { pending = nil; return p }
        guard let l = try reader.nextLine() else { return nil }
        if !l.hasPrefix("end\t") { hasher.update(l.utf8); hasher.update(Self.newline) }
        return l
    }

    /// The next target, or nil at the trailer.
    public func next() throws -> (target: ShardFile.Target, symbol: String)? {
        guard !ended, let l = try line() else { throw bad("the file ends before its trailer (truncated?)") }
        if l.hasPrefix("end\t") { pending = l; return nil }
        let f = l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 11, f[0] == "target", let index = Int(f[1]), let bandwidth = Double(f[3]), let count = Int(f[10]) else {
            throw bad("expected a target line")
        }
        func optional(_ s: String) throws -> Double? {
            if s == "NA" { return nil }
            guard let v = Double(s) else { throw bad("not a number: \(s)") }
            return v
        }
        var cv: TargetCVRow?
        if f[4] != "NA" {
            guard let selected = try optional(f[4]), let best = try optional(f[5]), let bestError = try optional(f[6]) else { throw bad("incomplete CV fields") }
            cv = TargetCVRow(selectedError: selected, bestFiniteBandwidth: best, bestFiniteError: bestError, staticError: try optional(f[7]),
                             differenceSE: try optional(f[8]), gridBoundary: f[9] == "1")
        }
        var fits: [CellFit] = []
        fits.reserveCapacity(count)
        for _ in 0..<count {
            guard let fl = try line() else { throw bad("the file ends inside target \(f[2])") }
            guard let fit = FitLineParser.parse(fl) else { throw bad("expected a fit line") }
            fits.append(fit)
        }
        return (ShardFile.Target(index: index, bandwidth: bandwidth, cv: cv, fits: fits), f[2])
    }

    /// The next tested target of a modulation-test shard, or nil at the trailer.
    public func nextTested() throws -> (tested: ShardFile.Tested, symbol: String)? {
        guard !ended, let l = try line() else { throw bad("the file ends before its trailer (truncated?)") }
        if l.hasPrefix("end\t") { pending = l; return nil }
        let f = l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 6, f[0] == "tested", let target = Int(f[1]), let count = Int(f[5]) else { throw bad("expected a tested line") }
        var tested = ShardFile.Tested(targetID: target, edges: [], meanSelected: f[3] == "NA" ? nil : Double(f[3]),
                                      candidates: f[4] == "NA" ? nil : Int(f[4]))
        for _ in 0..<count {
            guard let el = try line() else { throw bad("the file ends inside target \(f[2])") }
            let g = el.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard g.count == 6, g[0] == "edge", let j = Int(g[1]), let statistic = Double(g[2]), let exceed = Int(g[3]),
                  g[4] == "NA" || Double(g[4]) != nil, g[5] == "NA" || Double(g[5]) != nil else { throw bad("expected an edge line") }
            tested.edges.append(TestedColumn(regulator: j, statistic: statistic, exceed: exceed, p: g[4] == "NA" ? nil : Double(g[4]),
                                             effect: g[5] == "NA" ? nil : Double(g[5])))
        }
        return (tested, f[2])
    }

    /// Checks the trailer: the digest of every line before it, and nothing after it.
    public func finish() throws {
        guard let l = try line(), l.hasPrefix("end\t") else { throw bad("expected the trailer") }
        guard String(l.dropFirst(4)) == hasher.hexDigest() else { throw bad("checksum mismatch: the file was changed or cut") }
        guard try reader.nextLine() == nil else { throw bad("data after the trailer") }
        ended = true
    }
}
