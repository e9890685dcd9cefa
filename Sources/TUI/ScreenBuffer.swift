/// How a cell of the screen is drawn. The terminal adapter maps styles to colours and
/// attributes according to what the terminal supports (or to nothing under NO_COLOR).
public enum Style: Int, Sendable, CaseIterable {
    case normal, title, columnHeader, selected, dim, statusBar, accent, warning, match
}

/// One character cell.
public struct ScreenCell: Equatable, Sendable {
    public var character: Character
    public var style: Style
}

/// A width x height grid of styled characters: what `render` produces and what the
/// terminal adapter copies to the screen. Pure data, so views are tested as text.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var rows: [[ScreenCell]]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        rows = Array(repeating: Array(repeating: ScreenCell(character: " ", style: .normal), count: self.width),
                     count: self.height)
    }

    /// Writes `text` at (x, y), clipped to the buffer (and to `maxWidth` if given).
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in text {
            if column >= limit { break }
            if column >= 0 { rows[y][column] = ScreenCell(character: character, style: style) }
            column += 1
        }
    }

    /// Paints the style over a whole row (keeping characters), e.g. for a selection bar.
    public mutating func fill(row y: Int, style: Style, from x: Int = 0, to end: Int? = nil) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, end ?? width) { rows[y][column].style = style }
    }

    /// A framed box with a title, its inside blanked; `clearRows` blanks its rows across the
    /// whole width (so nothing underneath shows beside it).
    public mutating func box(title: String, x x0: Int, y y0: Int, width: Int, height: Int, ascii: Bool, clearRows: Bool = false) {
        guard width >= 2, height >= 2 else { return }
        for y in y0..<(y0 + height) {
            if clearRows { write(String(repeating: " ", count: self.width), x: 0, y: y) }
            else { write(String(repeating: " ", count: width), x: x0, y: y) }
        }
        let b = ascii ? ("+", "+", "+", "+", "-", "|") : ("┌", "┐", "└", "┘", "─", "│")
        write(b.0 + String(repeating: b.4, count: width - 2) + b.1, x: x0, y: y0, style: .accent)
        write(title, x: x0 + 2, y: y0, style: .accent, maxWidth: width - 4)
        for y in (y0 + 1)..<(y0 + height - 1) {
            write(b.5, x: x0, y: y, style: .accent)
            write(b.5, x: x0 + width - 1, y: y, style: .accent)
        }
        write(b.2 + String(repeating: b.4, count: width - 2) + b.3, x: x0, y: y0 + height - 1, style: .accent)
    }

    /// The text of row `y`, trailing spaces kept (fixed width).
    public func text(row y: Int) -> String { String(rows[y].map(\.character)) }

    /// All rows as text, trailing spaces trimmed: the golden-snapshot form.
    public var snapshot: String {
        (0..<height).map { y in
            var line = text(row: y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}

/// Fits text into a fixed-width column: truncated with an ellipsis or padded.
func fit(_ text: String, _ width: Int, glyphs: Glyphs, alignRight: Bool = false) -> String {
    guard width > 0 else { return "" }
    if text.count > width {
        return width == 1 ? String(glyphs.ellipsis) : String(text.prefix(width - 1)) + String(glyphs.ellipsis)
    }
    let pad = String(repeating: " ", count: width - text.count)
    return alignRight ? pad + text : text + pad
}
