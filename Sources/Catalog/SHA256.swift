import Crypto
import Foundation

/// SHA-256 for provenance: the digest of every imported file and of the input data of every
/// run. A thin wrapper over swift-crypto's (BoringSSL's, with the CPU's SHA instructions where
/// present) that keeps the catalog's calls: feed bytes with `update`, read `hexDigest`.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }) != nil { return }
        hasher.update(data: Array(bytes))
    }

    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    /// Hashes Double values by their IEEE-754 bit patterns (little-endian), so equal
    /// matrices give equal digests on every machine.
    public mutating func update(doubles: [Double]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(doubles.count * 8)
        for d in doubles {
            var bits = d.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
        }
        update(bytes)
    }

    public func hexDigest() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a file's bytes as stored (compressed files are hashed compressed).
    public static func file(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw InputError.missing(file: path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(chunk) }
        return hasher.hexDigest()
    }
}
