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

/// The palette by colour count and NO_COLOR: what the terminal adapter sets up.
@Suite struct PaletteTests {
    @Test func paletteFollowsTheColourCount() {
        #expect(Palette.choose(colours: 256, noColor: false) == .extended256)
        #expect(Palette.choose(colours: 88, noColor: false) == .ansi8)
        #expect(Palette.choose(colours: 8, noColor: false) == .ansi8)
        #expect(Palette.choose(colours: 2, noColor: false) == .monochrome)
        #expect(Palette.choose(colours: 256, noColor: true) == .monochrome)
        #expect(Palette.monochrome.pairs.isEmpty)
        // 8 colours use indices 0-7 only; 256 colours use the cube and greys (above 15).
        #expect(Palette.ansi8.pairs.allSatisfy { (-1...7).contains($0.foreground) && (-1...7).contains($0.background) })
        #expect(Palette.extended256.pairs.contains { $0.foreground > 15 })
        // Every coloured style gets one pair, and styles that must stand out all do.
        for palette in [Palette.ansi8, .extended256] {
            let styles = palette.pairs.map(\.style)
            #expect(Set(styles).count == styles.count)
            #expect([Style.title, .selected, .statusBar, .match].allSatisfy(styles.contains))
            #expect(palette.pairs.allSatisfy { $0.foreground != $0.background })
        }
    }
}

/// RE computed in the background arrives as its own message: it fills the open line's
/// column (and the |RE| sort), and answers for another line, run or edge count are dropped.
@Suite struct BackgroundEffectsTests {
    @Test func effectsFillTheOpenLineOnly() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let cell = state.selectedCell!
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: cell.id)))
        #expect(state.cellEdges!.edges.allSatisfy { $0.effect == nil })
        let effects = (0..<8).map { Double($0) * 0.1 - 0.35 }              // |RE| largest at the last edge
        _ = update(&state, .cellEffectsLoaded(runID: 1, cellID: cell.id + 1, effects: effects))
        _ = update(&state, .cellEffectsLoaded(runID: 3, cellID: cell.id, effects: effects))
        _ = update(&state, .cellEffectsLoaded(runID: 1, cellID: cell.id, effects: Array(effects.prefix(7))))
        #expect(state.cellEdges!.edges.allSatisfy { $0.effect == nil })
        let selected = state.selectedEdge
        _ = update(&state, .cellEffectsLoaded(runID: 1, cellID: cell.id, effects: effects))
        #expect(state.cellEdges!.edges.map(\.effect) == effects.map { Optional($0) })
        #expect(state.selectedEdge == nil || state.selectedEdge?.regulator == selected?.regulator)
        #expect(state.cellEdges!.regulatorCount == 6 && state.cellEdges!.targetCount == 4)
        _ = send(&state, .char("s"), .char("s"), .char("s"))              // sort by |RE|
        #expect(state.edgeSort == .effect)
        #expect(state.cellEdges!.edges[state.edgeOrder[0]].effect == effects[7])
    }
}
