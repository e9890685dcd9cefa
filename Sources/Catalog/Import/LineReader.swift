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
    /// Called after every read from disk with the bytes of the file consumed so far
    /// (`compressedOffset`), so a progress bar follows the reading itself, whatever the
    /// caller does with the lines (skipped rows and whole-file reads included).
    public var onRead: ((Int) -> Void)?

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
        var scanned = start          // bytes before this hold no line break (each byte is scanned once)
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = try decode(buffer[start..<end])
                start = newline + 1
                return line
            }
            if buffer.count - start > LineReader.maxLineBytes {
                throw InputError.badData(file: path, line: lineNumber + 1,
                                         problem: "line longer than \(LineReader.maxLineBytes >> 20) MiB without a line break (not a line-oriented table?)")
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                var end = buffer.count
                if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = try decode(buffer[start..<end])
                start = buffer.count
                return line
            }
            scanned = buffer.count
            let kept = start
            try fill()
            scanned -= kept - start        // fill() moved the unread bytes to the front
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
        onRead?(compressedOffset)
        if n == 0 {
            var errnum: Int32 = 0
            let message = gzerror(file, &errnum).map { String(cString: $0) } ?? ""
            if errnum == Z_BUF_ERROR {
                throw InputError.badData(file: path, line: lineNumber + 1, problem: "cannot read: \(message) (truncated or corrupt gzip?)")
            }
            atEnd = true
        }
    }

    /// Longer lines are refused (no table SampleNet reads has one; a binary or one-line
    /// file would otherwise be buffered whole before any other check could fail).
    public static let maxLineBytes = 16 << 20

    private func decode(_ bytes: ArraySlice<UInt8>) throws -> String {
        lineNumber += 1
        var bytes = bytes
        // A UTF-8 byte-order mark (Excel's "UTF-8 CSV") is not part of the first field.
        if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            throw InputError.badData(file: path, line: lineNumber,
                                     problem: "NUL byte at column \(nul - bytes.startIndex + 1) (a binary file, or UTF-16 text? save it as UTF-8)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError.badData(file: path, line: lineNumber,
                                     problem: "not valid UTF-8 text (wrong encoding? save the file as UTF-8)")
        }
        return text
    }
}
