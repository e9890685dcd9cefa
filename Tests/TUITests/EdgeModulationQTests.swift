import Catalog
import Testing
@testable import TUI

/// Modulation q-values in the edge list (METHOD.md 1.7): a q column only when the run has a
/// test, `Q` keeps the varying calls (q <= 0.1 and standardised effect >= 0.1) and back, `s` reaches a sort by q, and without q-values `Q` says
/// what to run.
@Suite struct EdgeModulationQTests {
    /// The sample edges with q on three of them (ZEB1->CDH1 0.01, GRHL2->ESRP1 0.08, SNAI2->VIM
    /// 0.4) and effects on two (ZEB1->CDH1 0.3; GRHL2->ESRP1 0.05, under the call's minimum).
    func tested(cellID: Int, effects: [String: Double] = ["ZEB1>CDH1": 0.3, "GRHL2>ESRP1": 0.05]) -> CellEdges {
        var e = edges(cellID: cellID)
        let q: [String: Double] = ["ZEB1>CDH1": 0.01, "GRHL2>ESRP1": 0.08, "SNAI2>VIM": 0.4]
        var items = e.edges
        for i in items.indices {
            items[i].q = q[items[i].regulator + ">" + items[i].target]
            items[i].modulationEffect = effects[items[i].regulator + ">" + items[i].target]
        }
        e.edges = items
        return e
    }

    func onEdges(_ cellEdges: (Int) -> CellEdges) -> AppState {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(cellEdges(state.selectedCell!.id)))
        return state
    }

    @Test func qColumnFilterAndSort() {
        var state = onEdges { tested(cellID: $0) }
        let screen = render(state)
        #expect(screen.text(row: 2).hasSuffix("q") || screen.snapshot.contains("sign        q"))
        #expect(screen.snapshot.contains("0.01") && screen.snapshot.contains("q: modulation test"))
        _ = send(&state, .char("Q"))
        #expect(state.edgeMaxQ == 0.1 && state.edgeOrder.count == 1)
        #expect(state.cellEdges!.edges[state.edgeOrder[0]].regulator == "ZEB1")
        #expect(render(state).snapshot.contains("q<=0.1, effect>=0.1: 1 shown"))
        _ = send(&state, .char("Q"))
        #expect(state.edgeMaxQ == nil && state.edgeOrder.count == 8)
        while state.edgeSort != .q { _ = send(&state, .char("s")) }
        let order = state.edgeOrder.map { state.cellEdges!.edges[$0].q }
        #expect(Array(order.prefix(3)) == [0.01, 0.08, 0.4] && order.dropFirst(3).allSatisfy { $0 == nil })
    }

    /// A test stored before effects were recorded: q alone decides.
    @Test func withoutEffectsQAloneDecides() {
        var state = onEdges { tested(cellID: $0, effects: [:]) }
        _ = send(&state, .char("Q"))
        #expect(state.edgeOrder.count == 2)
    }

    @Test func withoutATestQSaysWhatToRun() {
        var state = onEdges { edges(cellID: $0) }
        #expect(!render(state).snapshot.contains("modulation test"))
        _ = send(&state, .char("Q"))
        #expect(state.edgeMaxQ == nil && state.edgeOrder.count == 8)
        #expect(state.message?.contains("samplenet test --run 1") == true)
    }
}
