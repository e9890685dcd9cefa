import Catalog
import Testing
@testable import TUI

/// Issue 22 item 4: two groups of lines compared edge by edge from the keyboard.
@Suite struct GroupViewTests {
    @Test func marksOrQuartilesDefineTheGroups() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        // No marks: bottom vs top quartile of emt among the 25 listed lines (6 each).
        guard case let .loadGroups(run, a, b, da, db)? = send(&state, .char("v")).first else { Issue.record("no load"); return }
        let emt = state.modulator!.values
        #expect(run == 1 && a.count == 6 && b.count == 6 && da.contains("emt bottom quartile: 6 lines") && db.contains("emt top quartile: 6 lines"))
        #expect(a.map { emt[$0]! }.max()! < b.map { emt[$0]! }.min()!)
        #expect(state.screen == .groups)
        // Marks: Space marks (and moves down); marked vs the other listed lines, within the tissue filter.
        _ = send(&state, .escape, .char("f"))
        _ = send(&state, "lung".map { Key.char($0) } + [.enter])
        _ = send(&state, .char(" "), .char(" "))
        guard case let .loadGroups(_, ma, mb, mda, _)? = send(&state, .char("v")).first else { Issue.record("no load"); return }
        let lung = state.order.map { state.cells[$0].id }
        #expect(ma == Array(lung.prefix(2)) && mb == Array(lung.dropFirst(2)) && mda.contains("marked lines in \"lung\": 2 lines"))
    }

    @Test func theSheetSortsFiltersExportsAndDrillsDown() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .char("v"))
        let rows = [GroupView.Row(regulatorID: 10, targetID: 20, regulator: "ZEB1", target: "CDH1", meanA: -0.4, meanB: 0.1, presentA: 1, presentB: 0.5, p: 0.2, q: 0.3),
                    GroupView.Row(regulatorID: 11, targetID: 21, regulator: "GRHL2", target: "ESRP1", meanA: 0.3, meanB: 0.0, presentA: 1, presentB: 0, p: 0.001, q: 0.01)]
        _ = update(&state, .groupsLoaded(GroupView(runID: 1, definitionA: "emt bottom quartile: 6 lines", definitionB: "emt top quartile: 6 lines",
                                                   linesA: [1, 2], linesB: [3, 4], rows: rows)))
        let screen = render(state).snapshot
        #expect(screen.contains("ZEB1") && screen.contains("+0.5000") && screen.contains("100/50%") && screen.contains("A: emt bottom quartile"))
        _ = send(&state, .char("s"))                                     // by q
        #expect(state.groupSort == .q && state.groupOrder == [1, 0])
        _ = send(&state, [.char("/")] + "cdh".map { Key.char($0) } + [.enter])
        #expect(state.groupOrder == [0])
        let table = ViewTable.of(state)
        #expect(table.columns.suffix(2) == ["group_a", "group_b"] && table.rows.first?.last == "emt top quartile: 6 lines")
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 10, targetID: 20)] && state.screen == .edgeProfile)

        // The plot highlights both groups, with their means over the lines plotted.
        let ordered = state.cells.sorted { state.modulator!.values[$0.id]! < state.modulator!.values[$1.id]! }
        let edge = profile(cells: ordered)
        _ = update(&state, .edgeProfileLoaded(edge))
        let plot = render(state)
        let beta = Dictionary(uniqueKeysWithValues: edge.points.map { ($0.cellID, $0.beta) })
        let meanA = (beta[1]! + beta[2]!) / 2, meanB = (beta[3]! + beta[4]!) / 2
        #expect(plot.snapshot.contains(String(format: "A mean %.4f over 2 lines", meanA)), "\(plot.snapshot)")
        #expect(plot.snapshot.contains(String(format: "B mean %.4f over 2 lines", meanB)))
        #expect(plot.rows.joined().contains { $0.style == .warning } && plot.rows.joined().contains { $0.style == .match })
        // The x axis is labelled in the modulator's units, from the lowest to the highest line shown.
        let values = ordered.map { state.modulator!.values[$0.id]! }
        #expect(plot.snapshot.contains(String(format: "%.3g", values.first!)) && plot.snapshot.contains(String(format: "%.3g", values.last!)))
        #expect(plot.snapshot.contains("emt (KS score):"))
    }

    /// The plot follows the cell list's tissue filter; opened from the edge list it marks no groups.
    @Test func edgePlotFollowsTheTissueFilter() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, [.char("f")] + "lung".map { Key.char($0) } + [.enter])
        let lung = state.order.map { state.cells[$0].id }
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.selectedCell!.id)))
        _ = send(&state, .enter)
        _ = update(&state, .edgeProfileLoaded(profile(cells: state.cells)))
        let plot = render(state).snapshot
        #expect(lung.count < state.cells.count && plot.contains("in \(lung.count) cell lines of \"lung\""), "\(plot)")
        #expect(!plot.contains(" A mean") && !render(state).rows.joined().contains { $0.style == .warning })
    }

    @Test func tooFewLinesSaysSo() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .char(" "))
        #expect(send(&state, .char("v")).isEmpty && state.message?.contains("each group needs at least 2 lines") == true)
    }
}
