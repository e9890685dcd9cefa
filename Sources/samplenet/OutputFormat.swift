import ArgumentParser
import Catalog
import Foundation

/// Machine-readable output formats of the listing commands (Catalog's TableFormat, with its
/// one number convention).
typealias OutputFormat = TableFormat
extension TableFormat: ExpressibleByArgument {}

/// Buffered output for large outputs (millions of edges): stdout, or a file written under a
/// temporary name and renamed by `close()`, so an interrupted export leaves no half file.
final class OutputBuffer: TextSink {
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
