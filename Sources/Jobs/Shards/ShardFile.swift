import Catalog
import Compute
import Foundation

/// One shard's results as a self-describing text file (issue 21): a header naming the run, its
/// data hash and the shard, one block per target, and a trailer with the SHA-256 of every byte
/// before it, so a truncated or edited file is refused. Numbers are written in Swift's shortest
/// round-trip form, so the file is byte-identical however often the shard is rerun.
///
///     samplenet-shard <TAB> 1 <TAB> run <TAB> 7 <TAB> data <TAB> <hash> <TAB> shard <TAB> 2 <TAB> 4 <TAB> targets <TAB> 25
///     target <TAB> index <TAB> symbol <TAB> bandwidth <TAB> cv-error best-h best-error static-error se boundary (NA when none) <TAB> fits
///     fit <TAB> cell <TAB> lambda <TAB> gamma <TAB> intercept <TAB> mWAICc <TAB> df <TAB> fallback <TAB> reg:beta,reg:beta,...
///     end <TAB> <sha256 of all the lines above>
///
/// Cells and regulators are indices into the run's own order (ProfileData).
public enum ShardFile {
    public static let magic = "samplenet-shard"
    /// 2: a tested edge's line carries its standardised effect.
    public static let version = 2

    /// What a shard holds: a profile run's targets, or a modulation test's.
    public enum Kind: String, Sendable {
        case run
        case test
    }

    public struct Header: Equatable, Sendable {
        public var kind: Kind = .run
        /// The run's id (kind run) or the test's (kind test).
        public var runID: Int
        public var dataHash: String
        public var shard: Int
        public var shards: Int
        public var targets: Int
        public init(kind: Kind = .run, runID: Int, dataHash: String, shard: Int, shards: Int, targets: Int) {
            self.kind = kind; self.runID = runID; self.dataHash = dataHash; self.shard = shard; self.shards = shards; self.targets = targets
        }
    }

    /// A target's result as the catalog stores it.
    public struct Target: Equatable, Sendable {
        public var index: Int
        public var bandwidth: Double
        public var cv: TargetCVRow?
        public var fits: [CellFit]
        public init(index: Int, bandwidth: Double, cv: TargetCVRow?, fits: [CellFit]) {
            self.index = index; self.bandwidth = bandwidth; self.cv = cv; self.fits = fits
        }
    }

    public static func name(shard: Int, of shards: Int) -> String { "shard-\(shard)-of-\(shards).tsv" }

    static func number(_ v: Double?) -> String { v.map { "\($0)" } ?? "NA" }

    public static func headerLine(_ h: Header) -> String {
        [magic, "\(version)", h.kind.rawValue, "\(h.runID)", "data", h.dataHash, "shard", "\(h.shard)", "\(h.shards)", "targets", "\(h.targets)"]
            .joined(separator: "\t") + "\n"
    }

    public static func lines(_ t: Target, symbol: String) -> String {
        let cv = t.cv.map { [number($0.selectedError), number($0.bestFiniteBandwidth), number($0.bestFiniteError), number($0.staticError),
                             number($0.differenceSE), $0.gridBoundary ? "1" : "0"] } ?? Array(repeating: "NA", count: 6)
        var out = (["target", "\(t.index)", symbol, number(t.bandwidth)] + cv + ["\(t.fits.count)"]).joined(separator: "\t") + "\n"
        for f in t.fits {
            let edges = f.edges.map { "\($0.regulator):\(number($0.beta))" }.joined(separator: ",")
            out += ["fit", "\(f.cell)", number(f.lambda), number(f.gamma), number(f.intercept), number(f.mWAICc), number(f.degreesOfFreedom),
                    f.fallback ? "1" : "0", edges].joined(separator: "\t") + "\n"
        }
        return out
    }

    /// A tested target of a modulation-test shard: its edges (regulator column, statistic,
    /// permutations reaching it or halves selecting it, p, effect) and the stability bound's parts.
    public struct Tested: Equatable, Sendable {
        public var targetID: Int
        public var edges: [TestedColumn]
        public var meanSelected: Double?
        public var candidates: Int?
    }

    public static func lines(_ t: Tested, symbol: String) -> String {
        var out = ["tested", "\(t.targetID)", symbol, number(t.meanSelected), t.candidates.map(String.init) ?? "NA", "\(t.edges.count)"]
            .joined(separator: "\t") + "\n"
        for e in t.edges {
            out += ["edge", "\(e.regulator)", number(e.statistic), "\(e.exceed)", number(e.p), number(e.effect)].joined(separator: "\t") + "\n"
        }
        return out
    }

    public static func trailer(digestOf body: String) -> String {
        var hasher = SHA256()
        hasher.update(body)
        return "end\t" + hasher.hexDigest() + "\n"
    }

    /// Writes `text` to `path` atomically: a temporary file in the same folder, fsync, rename.
    public static func writeAtomically(_ text: String, to path: String) throws { try writeAtomically(Data(text.utf8), to: path) }

    /// Writes `data` to `path` atomically: a temporary file in the same folder, fsync, rename.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw InputError.missing(file: temporary, problem: "cannot write")
        }
        do {
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, path) == 0 else { throw InputError.missing(file: path, problem: "cannot rename \(temporary) to it") }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
