import Foundation
import ZIPFoundation

/// The first worksheet of an Excel .xlsx workbook (Office Open XML), as rows of text, for
/// the GDSC fitted dose-response downloads. An .xlsx is a zip archive of XML parts: the parts
/// are read and inflated with ZIPFoundation (CRC-32 checked), and the sheet's `<row>`/`<c>`
/// elements are read with shared strings, inline strings and numbers as Excel stores them (the
/// text of `<v>`) by a small streaming scanner (XMLScanner, below). Formulas' cached values are
/// used; styles, dates and other sheets are ignored. Errors name the file and, for cells, the
/// sheet row.
///
/// Why not Foundation's XMLParser for the XML (measured, docs/ARCHITECTURE.md): on Linux it
/// fails on any part of more than about 10 MB on one line (libxml2's lookup limit), and Excel
/// writes a whole sheet on one line: the real GDSC2 download is about 150 MB.
final class XLSXWorkbook {
    let path: String
    private let archive: Archive

    /// A zip archive (local file header "PK\3\4") whose name or contents say .xlsx.
    static func isWorkbook(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let magic = (try? handle.read(upToCount: 4)) ?? Data()
        return magic == Data([0x50, 0x4B, 0x03, 0x04])
    }

    init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.missing(file: path) }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw InputError.badData(file: path, line: nil, problem: "not a complete .xlsx (zip) file: no central directory (truncated?)")
        }
    }

    private func fail(_ problem: String, row: Int? = nil) -> InputError {
        InputError.badData(file: path, line: row, problem: problem)
    }

    /// One part's bytes, inflated and checked against its CRC-32.
    private func part(_ name: String) throws -> [UInt8]? {
        guard let entry = archive[name] else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { bytes.append(contentsOf: $0) }
        } catch {
            throw fail("corrupt or truncated .xlsx: \(name) cannot be read (\(error))")
        }
        return bytes
    }

    /// The rows of the first worksheet part by name (sheet1.xml, ... sheet10.xml): the first
    /// sheet of a workbook as downloaded. The workbook's own sheet order is not read.
    func firstSheetRows() throws -> RowSource {
        let names: [String] = archive.map { (entry: Entry) -> String in entry.path }
        let sheets = names.filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }.sorted { (a: String, b: String) -> Bool in
            a.count != b.count ? a.count < b.count : a < b                  // sheet2 before sheet10
        }
        guard let sheet = sheets.first, let xml = try part(sheet) else { throw fail("no worksheet in this .xlsx") }
        let shared = try part("xl/sharedStrings.xml").map(XLSXWorkbook.sharedStrings) ?? []
        return XLSXRows(xml: xml, shared: shared, path: path)
    }

/// The `<si>` items of sharedStrings.xml: each the concatenated text of its `<t>` runs.
    static func sharedStrings(_ xml: [UInt8]) -> [String] {
        var out: [String] = []
        var scanner = XMLScanner(xml)
        var current: [UInt8] = [], inItem = false
        while let tag = scanner.nextTag() {
            switch tag.name {
            case "si": if tag.closing { out.append(XMLScanner.unescape(current)); inItem = false } else if !tag.selfClosing { current = []; inItem = true } else { out.append("") }
            case "t" where inItem && !tag.closing && !tag.selfClosing: current += scanner.text(until: "t")
            default: break
            }
        }
        return out
    }
}

/// The rows of one worksheet's XML, padded to the header's width.
final class XLSXRows: RowSource {
    private var scanner: XMLScanner
    private let shared: [String]
    private let path: String
    private var width: Int?
    private(set) var lineNumber = 0

    init(xml: [UInt8], shared: [String], path: String) {
        scanner = XMLScanner(xml)
        self.shared = shared
        self.path = path
    }

    func nextRow() throws -> [String]? {
        while let tag = scanner.nextTag() {
            guard tag.name == "row", !tag.closing else { continue }
            lineNumber = tag.attribute("r").flatMap { Int($0) } ?? lineNumber + 1
            if tag.selfClosing { continue }
            var cells: [Int: String] = [:]
            var column = 0
            while let inner = scanner.nextTag(), !(inner.name == "row" && inner.closing) {
                guard inner.name == "c", !inner.closing else { continue }
                column = inner.attribute("r").flatMap(XLSXRows.columnIndex) ?? column
                let type = inner.attribute("t") ?? "n"
                var value = ""
                if !inner.selfClosing {
                    while let part = scanner.nextTag(), !(part.name == "c" && part.closing) {
                        if part.closing || part.selfClosing { continue }
                        if part.name == "v" || part.name == "t" { value += XMLScanner.unescape(scanner.text(until: part.name)) }
                    }
                }
                if type == "s" {
                    guard let index = Int(value), shared.indices.contains(index) else {
                        throw InputError.badData(file: path, line: lineNumber, problem: "cell \(XLSXRows.columnName(column))\(lineNumber) refers to a missing shared string")
                    }
                    value = shared[index]
                } else if type == "b" {
                    value = value == "1" ? "TRUE" : "FALSE"
                }
                cells[column] = value.trimmingCharacters(in: .whitespaces)
                column += 1
            }
            let last = (cells.keys.max() ?? -1) + 1
            let width = self.width ?? last
            if self.width == nil { self.width = width }
            if cells.isEmpty || cells.values.allSatisfy(\.isEmpty) { continue }
            if last > width, cells.contains(where: { $0.key >= width && !$0.value.isEmpty }) {
                throw InputError.badData(file: path, line: lineNumber, problem: "a value right of the header's last column (\(XLSXRows.columnName(width - 1)))")
            }
            return (0..<width).map { cells[$0] ?? "" }
        }
        return nil
    }

    /// "B7" -> 1; "AA3" -> 26.
    static func columnIndex(_ reference: String) -> Int? {
        var n = 0, any = false
        for ch in reference.unicodeScalars {
            guard ch.value >= 65 && ch.value <= 90 else { break }
            n = n * 26 + Int(ch.value - 64)
            any = true
        }
        return any ? n - 1 : nil
    }

    static func columnName(_ index: Int) -> String {
        var n = index + 1, out = ""
        while n > 0 { out = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + out; n = (n - 1) / 26 }
        return out
    }
}

/// Just enough XML for spreadsheet parts: tags with attributes, text between them, the five
/// predefined entities and numeric character references. No DTDs, CDATA or namespaces
/// beyond dropping a prefix (`x:row` is `row`).
struct XMLScanner {
    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: [(String, String)]
        func attribute(_ key: String) -> String? { attributes.first { $0.0 == key }?.1 }
    }
    private let xml: [UInt8]
    private var at = 0

    init(_ xml: [UInt8]) { self.xml = xml }

    mutating func nextTag() -> Tag? {
        while at < xml.count {
            guard xml[at] == UInt8(ascii: "<") else { at += 1; continue }
            let start = at + 1
            guard let end = xml[start...].firstIndex(of: UInt8(ascii: ">")) else { at = xml.count; return nil }
            at = end + 1
            var body = Array(xml[start..<end])
            if body.first == UInt8(ascii: "?") || body.first == UInt8(ascii: "!") { continue }
            let closing = body.first == UInt8(ascii: "/")
            if closing { body.removeFirst() }
            let selfClosing = body.last == UInt8(ascii: "/")
            if selfClosing { body.removeLast() }
            let text = String(decoding: body, as: UTF8.self)
            let nameEnd = text.firstIndex { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } ?? text.endIndex
            var name = String(text[..<nameEnd])
            if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
            return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: Self.attributes(text[nameEnd...]))
        }
        return nil
    }

    /// The raw text up to the closing tag `</name>` (which is consumed).
    mutating func text(until name: String) -> [UInt8] {
        let start = at
        while at < xml.count {
            if xml[at] == UInt8(ascii: "<") {
                let save = at
                if let tag = nextTag(), tag.closing, tag.name == name { return Array(xml[start..<save]) }
                continue
            }
            at += 1
        }
        return Array(xml[start..<at])
    }

    private static func attributes(_ text: Substring) -> [(String, String)] {
        var out: [(String, String)] = []
        var rest = text[...]
        while let eq = rest.firstIndex(of: "=") {
            var key = rest[..<eq].trimmingCharacters(in: .whitespacesAndNewlines)
            if let colon = key.lastIndex(of: ":") { key = String(key[key.index(after: colon)...]) }
            let afterEq = rest[rest.index(after: eq)...].drop { $0 == " " }
            guard let quote = afterEq.first, quote == "\"" || quote == "'" else { break }
            let valueStart = afterEq.index(after: afterEq.startIndex)
            guard let close = afterEq[valueStart...].firstIndex(of: quote) else { break }
            out.append((key, unescape(Array(afterEq[valueStart..<close].utf8))))
            rest = afterEq[afterEq.index(after: close)...]
        }
        return out
    }

    static func unescape(_ bytes: [UInt8]) -> String { TextEscaping.xmlUnescaped(String(decoding: bytes, as: UTF8.self)) }
}
