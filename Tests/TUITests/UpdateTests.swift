import Testing
@testable import TUI

@Suite struct UpdateTests {
    @Test func navigationKeysMoveAndClamp() {
        var state = sampleState()
        _ = send(&state, .down, .char("j"), .char("j"))
        #expect(state.cursor == 3)
        _ = send(&state, .up, .char("k"))
        #expect(state.cursor == 1)
        _ = send(&state, .char("G"))
        #expect(state.cursor == 24)
        #expect(state.top == 25 - state.listHeight)     // last row visible
        _ = send(&state, .down)
        #expect(state.cursor == 24)
        _ = send(&state, .char("g"))
        #expect(state.cursor == 0 && state.top == 0)
        _ = send(&state, .pageDown)
        #expect(state.cursor == state.listHeight - 1)
        _ = send(&state, .pageUp, .up)
        #expect(state.cursor == 0)
    }

    @Test func modulatorSortIsAscendingWithMissingLast() {
        var state = sampleState()
        _ = send(&state, .char("m"))
        #expect(state.modulator?.name == "gefitinib")
        let values = state.order.map { state.modulator!.values[state.cells[$0].id] }
        let present = values.compactMap { $0 }
        #expect(present == present.sorted())
        #expect(values.suffix(values.count - present.count).allSatisfy { $0 == nil })
    }

    @Test func switchingModulatorOrSortKeepsTheSelectedCellLine() {
        var state = sampleState()
        _ = send(&state, .char("j"), .char("j"), .char("j"), .char("j"))
        let selected = state.selectedCell?.name
        _ = send(&state, .char("m"))
        #expect(state.selectedCell?.name == selected)
        _ = send(&state, .char("s"))
        #expect(state.sort == .modulatorDescending && state.selectedCell?.name == selected)
        _ = send(&state, .char("s"))
        #expect(state.sort == .name && state.selectedCell?.name == selected)
        let names = state.order.map { state.cells[$0].name.lowercased() }
        #expect(names == names.sorted())
        _ = send(&state, .char("m"))
        #expect(state.modulator?.name == "emt")             // cycles around
    }

    @Test func searchJumpsAcceptsAndCancels() {
        var state = sampleState()
        _ = send(&state, .char("s"), .char("s"))            // by name
        _ = send(&state, .char("/"), .char("n"), .char("c"), .char("i"))
        #expect(state.selectedCell?.name.hasPrefix("NCI-H") == true)
        _ = send(&state, .enter)
        #expect(state.mode == .browse && state.lastSearch == "nci")
        let first = state.selectedCell?.name
        _ = send(&state, .char("n"))
        #expect(state.selectedCell?.name != first && state.selectedCell?.name.hasPrefix("NCI-H") == true)
        _ = send(&state, .char("N"))
        #expect(state.selectedCell?.name == first)
        let before = state.cursor
        _ = send(&state, .char("/"), .char("m"), .char("c"), .char("f"), .escape)
        #expect(state.cursor == before && state.mode == .browse)
        _ = send(&state, .char("/"), .char("z"), .char("z"), .enter)
        #expect(state.message?.contains("no cell line matches") == true)
    }

    @Test func helpOpensAndAnyKeyClosesIt() {
        var state = sampleState()
        _ = send(&state, .char("?"))
        #expect(state.mode == .help)
        #expect(send(&state, .char("x")).isEmpty)
        #expect(state.mode == .browse)
    }

    @Test func quitIsAnEffect() {
        var state = sampleState()
        #expect(send(&state, .char("q")) == [.quit])
        #expect(send(&state, .escape).isEmpty)
    }

    @Test func resizeKeepsTheSelectionVisible() {
        var state = sampleState(width: 120, height: 40)
        _ = send(&state, .char("G"))
        _ = update(&state, .resize(width: 80, height: 12))
        #expect(state.cursor >= state.top && state.cursor < state.top + state.listHeight)
    }
}

@Suite struct TissueFilterTests {
    @Test func filterKeepsMatchingLinesAndTheSelection() {
        var state = sampleState()
        _ = send(&state, .char("f"), .char("l"), .char("u"), .char("n"), .char("g"), .enter)
        #expect(state.order.count == 6)
        #expect(state.order.allSatisfy { state.cells[$0].tissue == "lung" })
        let selected = state.selectedCell?.id
        _ = send(&state, .char("f"), .char("x"), .escape)                      // Esc restores "lung"
        #expect(state.tissueFilter == "lung" && state.selectedCell?.id == selected)
        _ = send(&state, .char("f"), .enter)                                   // empty: every line
        #expect(state.order.count == 25)
        #expect(state.selectedCell?.id == selected)
    }
}
