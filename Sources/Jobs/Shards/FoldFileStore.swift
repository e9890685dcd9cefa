import Catalog
import Compute
import Foundation

/// Per-fold profiles of an honest TRIP run kept as files in a folder (issue 21: `samplenet trip
/// --fold-dir DIR`, and `--fold-shard I/N` on a cluster). One file per unit, written
/// atomically (temporary name, fsync, rename), so existence means complete:
///
///     samplenet-folds <TAB> 1 <TAB> <fingerprint> <TAB> variant <TAB> v <TAB> split <TAB> s <TAB> entries <TAB> n <TAB> lines <TAB> t \n
///     n x (cell, regulator gene, target gene: Int32; value: IEEE-754 bits) little-endian
///     t x (inferred, inferred sd: IEEE-754 bits) little-endian
///     32 bytes: SHA-256 of every byte above
///
/// The fingerprint is a digest of everything a unit depends on: the parent run and its data
/// hash, the lines and their response and modulator values (bit patterns), the input, the
/// seed, repeats, folds and controls. A file with another fingerprint, a bad digest or a
/// wrong size is refused with its name, never used. Values are stored bit for bit, so a run
/// that reads its units gives the same results as one that profiled them itself, and a unit
/// profiled again writes a byte-identical file.
public struct FoldFileStore: FoldNetworkStore {
    public static let magic = "samplenet-folds"
    public static let version = 1
    public let folder: String
    public let fingerprint: String

    public init(folder: String, fingerprint: String) throws {
        self.folder = folder
        self.fingerprint = fingerprint
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The digest named above, from TRIP's inputs.
    public static func fingerprint(parent: RunRecord, cells: [Int], response: [Double], perFold: PerFoldProfiling,
                                   options: TRIPOptions) -> String {
        var hasher = SHA256()
        hasher.update("parent \(parent.id) data \(parent.dataHash) input \(options.input.rawValue) seed \(options.seed) "
                      + "repeats \(options.repeats) folds \(options.folds) controls \(options.controls)\ncells ")
        hasher.update(cells.map(String.init).joined(separator: ","))
        hasher.update("\nresponse ")
        hasher.update(doubles: response)
        hasher.update("\nmodulator ")
        hasher.update(doubles: perFold.modulator)
        return hasher.hexDigest()
    }

    /// Checks the header and size of every unit file present (not the digest, which `load`
    /// checks), so a foreign or truncated file is refused before a run is created.
    public func checkPresent(_ units: [FoldUnit]) throws {
        for unit in units where FileManager.default.fileExists(atPath: path(unit)) {
            guard let handle = FileHandle(forReadingAtPath: path(unit)) else { throw InputError.missing(file: path(unit), problem: "cannot read") }
            defer { try? handle.close() }
            let head = try handle.read(upToCount: 512) ?? Data()
            let size = try handle.seekToEnd()
            _ = try parseHeader(Array(head), unit: unit, size: Int(size))
        }
    }

    /// The header's entry and line counts and where the body starts, checked against this
    /// store's fingerprint, `unit` and the file's `size`.
    func parseHeader(_ bytes: [UInt8], unit: FoldUnit, size: Int) throws -> (entries: Int, lines: Int, start: Int) {
        func bad(_ problem: String) -> InputError { InputError.badData(file: path(unit), line: 1, problem: problem) }
        guard let newline = bytes.firstIndex(of: 10), let header = String(bytes: bytes[..<newline], encoding: .utf8) else {
            throw bad("not a samplenet fold file")
        }
        let f = header.split(separator: "\t").map(String.init)
        guard f.count == 11, f[0] == Self.magic, f[3] == "variant", f[5] == "split", f[7] == "entries", f[9] == "lines",
              let n = Int(f[8]), let t = Int(f[10]), n >= 0, t >= 0 else { throw bad("not a samplenet fold file") }
        guard f[1] == "\(Self.version)" else { throw bad("fold file version \(f[1]); this samplenet reads version \(Self.version)") }
        guard f[2] == fingerprint else {
            throw bad("made for other inputs (parent run, lines, response, seed, repeats, folds or controls differ); remove it or use another --fold-dir")
        }
        guard f[4] == "\(unit.variant)", f[6] == "\(unit.split)" else { throw bad("holds variant \(f[4]) split \(f[6]), not \(unit)") }
        let body = newline + 1 + 20 * n + 16 * t
        guard size == body + 32 else { throw bad("truncated or padded: \(size) bytes, expected \(body + 32)") }
        return (n, t, newline + 1)
    }

    public static func name(_ unit: FoldUnit) -> String { "fold-v\(unit.variant)-s\(unit.split).bin" }
    public func path(_ unit: FoldUnit) -> String { folder + "/" + Self.name(unit) }

    public func save(_ networks: FoldNetworks, unit: FoldUnit) throws {
        let header = [Self.magic, "\(Self.version)", fingerprint, "variant", "\(unit.variant)", "split", "\(unit.split)",
                      "entries", "\(networks.entries.count)", "lines", "\(networks.inferred.count)"].joined(separator: "\t") + "\n"
        var bytes = [UInt8](header.utf8)
        bytes.reserveCapacity(bytes.count + 20 * networks.entries.count + 16 * networks.inferred.count + 32)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        for e in networks.entries {
            put(Int32(e.cell)); put(Int32(e.regulatorGene)); put(Int32(e.targetGene)); put(e.value.bitPattern)
        }
        for (m, sd) in zip(networks.inferred, networks.inferredSD) { put(m.bitPattern); put(sd.bitPattern) }
        var hasher = SHA256()
        hasher.update(bytes)
        bytes += Self.digestBytes(hasher.hexDigest())
        try ShardFile.writeAtomically(Data(bytes), to: path(unit))
    }

    /// The unit's networks when its file exists; nil when it does not. A file that exists but
    /// is not this run's unit, or is damaged, is an error naming it.
    public func load(_ unit: FoldUnit) throws -> FoldNetworks? {
        let file = path(unit)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else { throw InputError.missing(file: file, problem: "cannot read") }
        let bytes = [UInt8](data)
        let (n, t, start) = try parseHeader(bytes, unit: unit, size: bytes.count)
        let body = start + 20 * n + 16 * t
        var hasher = SHA256()
        hasher.update(bytes[..<body])
        guard Array(bytes[body...]) == Self.digestBytes(hasher.hexDigest()) else {
            throw InputError.badData(file: file, line: 1, problem: "its SHA-256 does not match its contents")
        }
        return bytes.withUnsafeBytes { raw in
            var at = start
            func take<T: FixedWidthInteger>(_: T.Type) -> T {
                defer { at += MemoryLayout<T>.size }
                return T(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: T.self))
            }
            var entries: [EdgeStack.Entry] = []
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let cell = Int(take(Int32.self)), regulator = Int(take(Int32.self)), target = Int(take(Int32.self))
                entries.append(EdgeStack.Entry(cell: cell, regulatorGene: regulator, targetGene: target, value: Double(bitPattern: take(UInt64.self))))
            }
            var inferred: [Double] = [], sd: [Double] = []
            for _ in 0..<t {
                inferred.append(Double(bitPattern: take(UInt64.self)))
                sd.append(Double(bitPattern: take(UInt64.self)))
            }
            return FoldNetworks(entries: entries, inferred: inferred, inferredSD: sd)
        }
    }

    static func digestBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
    }
}
