import SNZlib
import Foundation

/// Reads a text file line by line, gzip or plain alike (zlib's gzread is transparent),
/// in bounded memory. Tracks the 1-based line number for error messages and the
/// SHA-256 of the bytes as stored on disk is computed separately (`FileDigest`).
public final class LineReader {
    public let path: String
    private let file: gzFile
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The number of the line last returned (1-based).
    public private(set) var lineNumber = 0
    /// Uncompressed bytes consumed so far (for progress against the file size).
    public private(set) var bytesRead = 0

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError.missing(file: path)
        }
        guard !isDirectory.boolValue else { throw InputError.missing(file: path, problem: "is a directory, not a file") }
        guard let handle = gzopen(path, "rb") else {
            throw InputError.missing(file: path, problem: "cannot be opened for reading")
        }
        gzbuffer(handle, 1 << 17)
        file = handle
        self.path = path
    }

    deinit { gzclose(file) }

    /// Bytes of the file on disk consumed so far (compressed bytes for gzip; the file size
    /// is the total for a progress bar).
    public var compressedOffset: Int { Int(gzoffset(file)) }

    /// The next line without its terminator (\n or \r\n), or nil at the end of the file.
    public func nextLine() throws -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = try decode(buffer[start..<end])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = try decode(buffer[start..<end])
                start = buffer.count
                return line
            }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let n = buffer.withUnsafeMutableBufferPointer { pointer in
            gzread(file, pointer.baseAddress! + old, UInt32(chunk))
        }
        if n < 0 {
            var errnum: Int32 = 0
            let message = gzerror(file, &errnum).map { String(cString: $0) } ?? "read error"
            throw InputError.badData(file: path, line: lineNumber + 1, problem: "cannot read: \(message) (truncated or corrupt gzip?)")
        }
        buffer.removeLast(chunk - Int(n))
        bytesRead += Int(n)
        if n == 0 { atEnd = true }
    }

    private func decode(_ bytes: ArraySlice<UInt8>) throws -> String {
        lineNumber += 1
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError.badData(file: path, line: lineNumber,
                                     problem: "not valid UTF-8 text (wrong encoding? save the file as UTF-8)")
        }
        return text
    }
}
