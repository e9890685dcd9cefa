/// A one-line text field that edits like a shell line (readline's defaults): characters insert
/// at the cursor; Backspace deletes before it; Left/Right, Home/End and Ctrl-A/Ctrl-E move;
/// Ctrl-U deletes to the start of the line, Ctrl-W the word before the cursor (words end at
/// spaces and commas: target lists are comma-separated), Ctrl-K to the end. Other control characters are ignored rather than typed (they used to appear as `^U`).
public struct TextField: Equatable, Sendable {
    public private(set) var text: String
    /// Insertion point, in characters: 0...text.count.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// Control characters as the terminal delivers them.
    enum Control {
        static let lineStart: Character = "\u{01}"      // Ctrl-A
        static let lineEnd: Character = "\u{05}"        // Ctrl-E
        static let killToEnd: Character = "\u{0B}"      // Ctrl-K
        static let killLine: Character = "\u{15}"       // Ctrl-U
        static let killWord: Character = "\u{17}"       // Ctrl-W
    }

    /// Applies an editing key; false when the key is not one (Enter, Esc, Tab, Up, ...).
    public mutating func apply(_ key: Key) -> Bool {
        var chars = Array(text)
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(chars.count, cursor + 1)
        case .home, .char(Control.lineStart): cursor = 0
        case .end, .char(Control.lineEnd): cursor = chars.count
        case .backspace:
            guard cursor > 0 else { return true }
            chars.remove(at: cursor - 1)
            cursor -= 1
        case .char(Control.killLine):
            chars.removeSubrange(0..<cursor)
            cursor = 0
        case .char(Control.killToEnd):
            chars.removeSubrange(cursor..<chars.count)
        case .char(Control.killWord):
            var start = cursor
            let separator: (Character) -> Bool = { $0 == " " || $0 == "," }
            while start > 0 && separator(chars[start - 1]) { start -= 1 }
            while start > 0 && !separator(chars[start - 1]) { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        case let .char(c):
            guard !c.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }) else { return true }
            chars.insert(c, at: cursor)
            cursor += 1
        default:
            return false
        }
        text = String(chars)
        return true
    }
}
