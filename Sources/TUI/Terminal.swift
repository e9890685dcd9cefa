import CNcursesw
import Catalog
import Foundation
import Synchronization

/// Set by SIGINT/SIGTERM; the run loop polls it and exits cleanly (terminal restored).
final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    func stop() { flag.store(true, ordering: .releasing) }
    var isStopped: Bool { flag.load(ordering: .acquiring) }
}
let terminalStopFlag = StopFlag()

/// The one place that calls ncurses: sets the terminal up, turns key codes into `Key`s,
/// copies a `ScreenBuffer` to the screen (only rows that changed) and restores the
/// terminal on exit, on SIGINT/SIGTERM and on fatal signals.
final class Terminal {
    typealias Window = UnsafeMutablePointer<WINDOW>
    private let window: Window
    private var previous: ScreenBuffer?
    private var attributes: [Style: Int32] = [:]
    let glyphs: Glyphs

    init() throws {
        glyphs = Glyphs.forLocale()
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw InputError.usage(TerminalError.notATerminal.description)
        }
        guard TerminalCapability.canAddressCursor() else {
            throw InputError.usage(TerminalError.noCursorAddressing(ProcessInfo.processInfo.environment["TERM"] ?? "").description)
        }
        sn_set_escdelay(25)                 // Esc reacts at once
        guard initscr() != nil else { throw TerminalError.cannotInitialise }
        Terminal.installSignalHandlers()
        cbreak(); noecho(); curs_set(0)     // cbreak keeps ISIG: Ctrl-C raises SIGINT
        window = sn_stdscr()
        keypad(window, true)
        wtimeout(window, 50)                // wget_wch returns ERR after 50 ms
        attributes = Terminal.styleAttributes()
    }

    /// Colours by `Palette` (256, 8 or none; NO_COLOR means none); attributes otherwise.
    private static func styleAttributes() -> [Style: Int32] {
        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let bold = Int32(sn_a_bold()), reverse = Int32(sn_a_reverse()), dim = Int32(sn_a_dim())
        var map: [Style: Int32] = [.normal: 0, .title: reverse | bold, .columnHeader: bold, .selected: reverse,
                                   .dim: dim, .statusBar: reverse, .accent: bold, .warning: bold, .match: bold]
        guard !noColor, has_colors() else { return map }
        start_color()                                // sets COLORS
        use_default_colors()
        let palette = Palette.choose(colours: Int(sn_colors()), noColor: noColor)
        for (index, pair) in palette.pairs.enumerated() {
            let number = Int16(index + 1)
            init_pair(number, pair.foreground, pair.background)
            map[pair.style] = Int32(sn_color_pair(Int32(number))) | (pair.style == .title || pair.style == .columnHeader ? bold : 0)
        }
        return map
    }

    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Copies the buffer to the screen; rows equal to the previous frame are skipped and
    /// ncurses sends only the changed characters.
    func draw(_ buffer: ScreenBuffer) {
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        if full { werase(window) }
        for y in 0..<buffer.height {
            if !full, let previous, previous.rows[y] == buffer.rows[y] { continue }
            var x = 0
            let row = buffer.rows[y]
            while x < row.count {
                let style = row[x].style
                var run = ""
                var end = x
                while end < row.count && row[end].style == style { run.append(row[end].character); end += 1 }
                // Never write the bottom-right cell: that would scroll some terminals.
                if y == buffer.height - 1 && end == row.count { run = String(run.dropLast()) }
                let attr = attributes[style] ?? 0
                wattrset(window, attr)
                _ = mvwaddstr(window, Int32(y), Int32(x), run)
                x = end
            }
        }
        wattrset(window, 0)
        wrefresh(window)
        previous = buffer
    }

    /// Forces a full repaint on the next draw (after a resize).
    func invalidate() { previous = nil; clearok(window, true) }

    /// Waits up to 50 ms for a key. nil on timeout.
    func readMessage() -> Message? {
        var character: wint_t = 0
        let rc = wget_wch(window, &character)
        if rc == KEY_CODE_YES {
            switch Int32(character) {
            case KEY_RESIZE:
                invalidate()
                let s = size
                return .resize(width: s.width, height: s.height)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_BTAB: return .key(.backTab)
            default: return .key(.unknown)
            }
        }
        guard rc == OK else { return nil }
        switch character {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return .key(.unknown) }
            return .key(.char(Character(scalar)))
        }
    }

    func stop() { endwin() }

    private static func installSignalHandlers() {
        // A parent may have left signals blocked; the explorer needs these delivered.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for sig in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { sigaddset(&wanted, sig) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        signal(SIGINT) { _ in terminalStopFlag.stop(); LockWait.giveUp() }
        signal(SIGTERM) { _ in terminalStopFlag.stop(); LockWait.giveUp() }
        signal(SIGHUP) { _ in terminalStopFlag.stop(); LockWait.giveUp() }
        for fatal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT] {
            signal(fatal) { sig in
                endwin()                    // restore the terminal, then die as intended
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}

enum TerminalError: Error, CustomStringConvertible {
    case notATerminal, cannotInitialise
    case noCursorAddressing(String)
    var description: String {
        switch self {
        case .notATerminal: return "the explorer needs a terminal (stdin and stdout must be a tty); use the headless commands in scripts"
        case let .noCursorAddressing(term):
            return (term.isEmpty ? "TERM is not set" : "TERM=\(term) cannot move the cursor")
                + ", so the explorer cannot draw: set TERM (e.g. xterm-256color), or use the headless commands (samplenet runs, edges, effects, test-results, trip-report, subnetworks, explain, export)"
        case .cannotInitialise: return "cannot initialise the terminal (is TERM set?)"
        }
    }
}

/// What the explorer needs from TERM's terminfo entry; `samplenet doctor` asks the same, so the
/// two never disagree.
public enum TerminalCapability {
    /// Whether the entry can move the cursor ("cup"): without it (TERM=dumb, unset or unknown
    /// TERM) curses cannot draw a screen.
    public static func canAddressCursor(term: String? = nil) -> Bool {
        guard let term else { return sn_has_cursor_addressing(nil) == 1 }
        return term.withCString { sn_has_cursor_addressing($0) } == 1
    }
}
