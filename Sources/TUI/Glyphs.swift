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
