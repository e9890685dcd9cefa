/// The explorer's colours for what the terminal offers: 256 colours (softer blues and greys,
/// a coloured `dim` that every terminal shows), the 8 ANSI colours, or none (NO_COLOR, or a
/// monochrome terminal), where styles fall back to bold, reverse and dim attributes.
/// Chosen once at start from the terminal's colour count; pure, so tested without one.
public enum Palette: Equatable, Sendable {
    case monochrome
    case ansi8
    case extended256

    /// -1 is the terminal's default colour (use_default_colors).
    public struct Pair: Equatable, Sendable {
        public var style: Style
        public var foreground: Int16
        public var background: Int16
    }

    public static func choose(colours: Int, noColor: Bool) -> Palette {
        if noColor || colours < 8 { return .monochrome }
        return colours >= 256 ? .extended256 : .ansi8
    }

    /// One colour pair per coloured style; styles without a pair use attributes only.
    public var pairs: [Pair] {
        switch self {
        case .monochrome:
            return []
        case .ansi8:                       // COLOR_BLACK 0, RED 1, GREEN 2, YELLOW 3, BLUE 4, MAGENTA 5, CYAN 6, WHITE 7
            return [Pair(style: .title, foreground: 7, background: 4), Pair(style: .columnHeader, foreground: 6, background: -1),
                    Pair(style: .selected, foreground: 0, background: 6), Pair(style: .statusBar, foreground: 0, background: 7),
                    Pair(style: .accent, foreground: 2, background: -1), Pair(style: .warning, foreground: 3, background: -1),
                    Pair(style: .match, foreground: 5, background: -1)]
        case .extended256:                 // xterm-256 indices: 16-231 the 6x6x6 cube, 232-255 greys
            return [Pair(style: .title, foreground: 255, background: 24), Pair(style: .columnHeader, foreground: 110, background: -1),
                    Pair(style: .selected, foreground: 16, background: 117), Pair(style: .statusBar, foreground: 252, background: 238),
                    Pair(style: .accent, foreground: 114, background: -1), Pair(style: .warning, foreground: 221, background: -1),
                    Pair(style: .match, foreground: 213, background: -1), Pair(style: .dim, foreground: 245, background: -1)]
        }
    }
}
