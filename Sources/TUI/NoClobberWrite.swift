import Foundation

/// Writes an export without ever replacing a file: the text goes to a temporary file in the
/// target's folder, which is then hard-linked to the wanted name (link(2) fails when the name
/// exists, so no check-then-write race) and unlinked. A default name takes the next free
/// `NAME-2.EXT`, `NAME-3.EXT`, ...; a name the user typed is refused when it exists.
enum NoClobberWrite {
    struct Exists: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path) exists: not overwritten; give another name (:export PATH)" }
    }

    /// The path written.
    static func write(_ contents: String, to path: String, numbered: Bool) throws -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = folder + "/.samplenet-export-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"
        try contents.write(toFile: temporary, atomically: false, encoding: .utf8)
        defer { unlink(temporary) }
        let stem = url.deletingPathExtension().path, ext = url.pathExtension.isEmpty ? "" : "." + url.pathExtension
        for attempt in 1...10_000 {
            let candidate = attempt == 1 ? path : "\(stem)-\(attempt)\(ext)"
            if link(temporary, candidate) == 0 { return candidate }
            guard errno == EEXIST else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: candidate]) }
            guard numbered else { throw Exists(path: path) }
        }
        throw Exists(path: path)
    }
}
