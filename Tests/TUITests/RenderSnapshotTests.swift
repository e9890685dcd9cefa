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
