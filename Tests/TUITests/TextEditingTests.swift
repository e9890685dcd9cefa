import Catalog
import Testing
@testable import TUI

/// Issue 22's text-field and filter defects, each reproduced at the update level: control keys
/// were typed as characters, arrows did not move, the job form forgot its input, an empty `/`
/// did not clear the gene filter and the filter stuck to other lines, and a streaming reload
/// moved the selection to another edge.
@Suite struct TextEditingTests {
    func typed(_ text: String) -> [Key] { text.map { .char($0) } }

    @Test func aFieldEditsLikeAShellLine() {
        var f = TextField("ZEB1 GRHL2 SNAI2")
        #expect(f.apply(.char("\u{17}")) && f.text == "ZEB1 GRHL2 " && f.cursor == 11)      // Ctrl-W: the word before
        #expect(f.apply(.char("\u{17}")) && f.text == "ZEB1 ")                              // then the next (spaces first)
        _ = f.apply(.home)
        _ = f.apply(.char("X"))
        #expect(f.text == "XZEB1 " && f.cursor == 1)
        _ = f.apply(.right); _ = f.apply(.right)
        _ = f.apply(.backspace)
        #expect(f.text == "XZB1 " && f.cursor == 2)
        _ = f.apply(.char("\u{0B}"))                                                         // Ctrl-K: to the end
        #expect(f.text == "XZ")
        _ = f.apply(.char("\u{01}")); _ = f.apply(.char("\u{15}"))                           // Ctrl-A then Ctrl-U: nothing before
        #expect(f.text == "XZ" && f.cursor == 0)
        _ = f.apply(.char("\u{05}")); _ = f.apply(.char("\u{15}"))                           // Ctrl-E then Ctrl-U: all of it
        #expect(f.text.isEmpty && f.cursor == 0)
        #expect(f.apply(.char("\u{07}")) && f.text.isEmpty, "other control characters are not typed")
        #expect(!f.apply(.enter) && !f.apply(.escape) && !f.apply(.tab))
        _ = f.apply(.left)
        #expect(f.cursor == 0)
    }

    @Test func theCommandLineAndTheFormUseIt() {
        var state = sampleState()
        _ = send(&state, [.char(":")] + typed("cell MCF7") + [.char("\u{15}")])
        #expect(state.mode == .command(TextField()))
        _ = send(&state, .escape)
        _ = send(&state, .char("r"))
        guard case let .form(form) = state.mode else { Issue.record("no form"); return }
        _ = send(&state, [.char("\u{17}")] + typed("SNAI2") + [.left, .left, .char("-")])
        guard case let .form(edited) = state.mode else { Issue.record("no form"); return }
        let before = form.targets.split(separator: ",").dropLast().joined(separator: ",")
        #expect(edited.targets == before + (before.isEmpty ? "" : ",") + "SNA-I2", "\(edited.targets)")
        // Esc keeps it for this modulator; a failed job does not lose it either.
        _ = send(&state, .escape)
        _ = send(&state, .char("r"))
        guard case let .form(again) = state.mode else { Issue.record("no form"); return }
        #expect(again.targets == edited.targets)
        _ = send(&state, .enter)
        _ = update(&state, .jobStarted(LaunchedJob(pid: 42, log: "job.log")))
        _ = update(&state, .jobExited(pid: 42, status: 65, tail: ["bad target"]))
        _ = send(&state, .escape, .escape)
        _ = send(&state, .char("r"))
        guard case let .form(afterFailure) = state.mode else { Issue.record("no form"); return }
        #expect(afterFailure.targets == edited.targets)
    }

    func onEdges() -> AppState {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.selectedCell!.id)))
        return state
    }

    @Test func enterOnAnEmptyFilterClearsItAndItDoesNotFollowToAnotherLine() {
        var state = onEdges()
        _ = send(&state, [.char("/")] + typed("zeb") + [.enter])
        #expect(state.edgeFilter == "zeb" && state.edgeOrder.count == 2)
        _ = send(&state, .char("/"), .enter)
        #expect(state.edgeFilter.isEmpty && state.edgeOrder.count == 8)
        _ = send(&state, [.char("/")] + typed("grhl") + [.enter])
        _ = send(&state, .escape, .down)                        // back to the lines, another line
        _ = send(&state, .enter)
        #expect(state.edgeFilter.isEmpty && state.message?.contains("gene filter \"grhl\" cleared") == true)
    }

    /// A running profile commits more targets: the reload inserts edges above the selection,
    /// and the cursor stays on the same regulator -> target.
    @Test func aStreamingReloadKeepsTheSelectedEdge() {
        var state = onEdges()
        _ = send(&state, .down, .down, .down)
        let selected = state.selectedEdge!
        var more = edges(cellID: state.selectedCell!.id)
        more.edges.insert(EdgeItem(regulatorID: 30, targetID: 31, regulator: "TWIST1", target: "FN1", beta: 0.9), at: 0)
        more.edges.insert(EdgeItem(regulatorID: 32, targetID: 31, regulator: "SNAI1", target: "FN1", beta: -0.8), at: 2)
        more.edges[5].beta += 0.01                              // an existing edge's beta moved too
        _ = update(&state, .cellEdgesLoaded(more))
        #expect(state.selectedEdge?.regulatorID == selected.regulatorID && state.selectedEdge?.targetID == selected.targetID,
                "\(String(describing: state.selectedEdge)) vs \(selected)")
    }
}
