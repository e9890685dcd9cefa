import Testing
@testable import TUI

@Suite struct RenderSnapshotTests {
    @Test func cellList80x24() {
        Snapshot.assert(render(sampleState()), named: "cell-list-80x24")
    }

    @Test func cellList120x40() {
        Snapshot.assert(render(sampleState(width: 120, height: 40)), named: "cell-list-120x40")
    }

    @Test func movedSortedAndSwitched80x24() {
        var state = sampleState()
        _ = send(&state, .char("m"), .char("j"), .char("j"), .char("j"), .char("s"))
        Snapshot.assert(render(state), named: "gefitinib-descending-80x24")
    }

    @Test func searchPrompt80x24() {
        var state = sampleState()
        _ = send(&state, .char("/"), .char("h"), .char("c"), .char("c"))
        Snapshot.assert(render(state), named: "search-80x24")
    }

    @Test func help120x40() {
        var state = sampleState(width: 120, height: 40)
        _ = send(&state, .char("?"))
        Snapshot.assert(render(state), named: "help-120x40")
    }

    /// The help box used to cut every action at 64 columns, at any terminal width: now every
    /// word of every screen's help is on screen at 80x24 and at 120x40 (wrapped, not cut); a
    /// help taller than an 80x24 terminal says how many lines are hidden.
    @Test func helpShowsEveryWordAtAnyWidth() {
        for (width, height) in [(80, 24), (120, 40)] {
            for screen: Screen in [.cells, .edges, .edgeProfile, .trip, .jobs, .compare, .gene, .modulators, .contributions] {
                var state = sampleState(width: width, height: height)
                state.screens = screen == .cells ? [.cells] : [.cells, screen]
                state.mode = .help
                let shown = render(state).snapshot
                // A box taller than the terminal says so (and what to do) instead of cutting silently.
                if shown.contains("more lines: enlarge the terminal") { #expect(height < 40); continue }
                let words = Set(shown.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).map(String.init))
                for entry in keyHelp(screen) {
                    for word in entry.action.split(separator: " ").map(String.init) {
                        #expect(words.contains(word) || shown.contains(word), "\(screen) at \(width)x\(height): \"\(word)\" of \"\(entry.action)\" missing")
                    }
                }
            }
        }
    }

    @Test func asciiFallback80x24() {
        var state = sampleState(glyphs: .ascii)
        _ = send(&state, .char("?"))
        let screen = render(state).snapshot
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        Snapshot.assert(render(state), named: "help-ascii-80x24")
    }

    @Test func tooSmallShowsAMessage() {
        let state = sampleState(width: 30, height: 8)
        let screen = render(state).snapshot
        #expect(screen.contains("Terminal too small"))
        #expect(screen.contains("30x8"))
    }

    /// Every size from tiny to large renders without trapping and fills exactly the size.
    @Test func everySizeRenders() {
        for width in stride(from: 1, through: 130, by: 7) {
            for height in stride(from: 1, through: 45, by: 4) {
                var state = sampleState()
                _ = update(&state, .resize(width: width, height: height))
                let buffer = render(state)
                #expect(buffer.width == width && buffer.height == height)
            }
        }
    }

    @Test func emptyCatalogExplainsWhatToDo() {
        let state = AppState(catalogName: "new.sqlite", cells: [], modulators: [])
        let screen = render(state).snapshot
        #expect(screen.contains("No cell lines in this catalog"))
        #expect(screen.contains("no modulators"))
    }
}
