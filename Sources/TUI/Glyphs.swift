import Foundation

/// The few non-ASCII symbols the explorer draws, with ASCII stand-ins for terminals whose
/// locale is not UTF-8.
public struct Glyphs: Sendable, Equatable {
    public var ellipsis: Character
    public var up: Character
    public var down: Character
    public var missing: String
    public var separator: String
    public var bullet: String

    public static let unicode = Glyphs(ellipsis: "…", up: "↑", down: "↓", missing: "—", separator: "│", bullet: "·")
    public static let ascii = Glyphs(ellipsis: "~", up: "^", down: "v", missing: "-", separator: "|", bullet: "-")
}

extension Glyphs {
    /// The character set of this process's locale (from the environment: LC_ALL, LC_CTYPE,
    /// LANG) as the C library resolves it, e.g. "UTF-8" or "ANSI_X3.4-1968" when the named
    /// locale is not installed. The explorer and `samplenet doctor` both decide by it.
    public static func localeCodeset() -> String {
        setlocale(LC_ALL, "")
        return String(cString: nl_langinfo(nl_item(CODESET)))
    }

    /// Unicode glyphs when the locale is UTF-8, else ASCII.
    public static func forLocale() -> Glyphs { localeCodeset() == "UTF-8" ? .unicode : .ascii }
}
