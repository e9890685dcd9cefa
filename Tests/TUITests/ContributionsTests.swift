import Catalog
import Testing
@testable import TUI

/// A cell line's own TRIP contributions: `c` on the TRIP screen and `:explain CELL`, the
/// contributions screen, its drill-down into an edge, and the selected line's contribution
/// beside each edge of an open subnetwork.
@Suite struct ContributionsTests {
    static func contributions(cellID: Int) -> CellContributions {
        CellContributions(tripRunID: 2, cellID: cellID, rows: [
            EdgeContribution(regulatorID: 10, targetID: 20, regulator: "ZEB1", target: "CDH1", value: -0.0812),
            EdgeContribution(regulatorID: 11, targetID: 21, regulator: "GRHL2", target: "ESRP1", value: 0.0544),
            EdgeContribution(regulatorID: 12, targetID: 22, regulator: "SNAI2", target: "VIM", value: 0.0103),
        ])
    }

    @Test func ownContributionsFromTheTripScreen() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let cell = state.selectedCell!
        // Opening the finished TRIP run also asks for the selected line's contributions.
        #expect(send(&state, .tab) == [.loadTrip(runID: 2), .loadContributions(tripRunID: 2, cellID: cell.id)])
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .finished, scoreLines: [], epoch: nil,
                                                subnetworks: [subnetwork(1, 0.9, [("ZEB1", "CDH1"), ("OVOL1", "ESRP1")])])))
        _ = update(&state, .contributionsLoaded(Self.contributions(cellID: cell.id)))
        _ = send(&state, .enter)                                     // the module's sheet
        #expect(state.screens == [.trip, .module])
        let screen = render(state)
        #expect(screen.text(row: 2).contains("ZEB1 → CDH1") && screen.text(row: 2).contains("\(cell.key) -0.0812"))
        #expect(screen.text(row: 3).contains("OVOL1 → ESRP1") && screen.text(row: 3).contains("not in its top 100"))
        // Loaded already: `c` only changes the screen.
        #expect(send(&state, .char("c")) == [])
        #expect(state.screens == [.trip, .module, .contributions])
        Snapshot.assert(render(state), named: "contributions-80x24")
        #expect(render(state).text(row: 0).contains("Explain (TRIP) › Module #1 › \(cell.name)"))
        _ = send(&state, .down)
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 11, targetID: 21)])
        #expect(state.screens == [.trip, .module, .contributions, .edgeProfile])
        _ = send(&state, .escape)
        #expect(ViewTable.of(state).rows == [[cell.key, "ZEB1", "CDH1", "-0.0812"], [cell.key, "GRHL2", "ESRP1", "0.0544"],
                                             [cell.key, "SNAI2", "VIM", "0.0103"]])
    }

    @Test func explainCommandSelectsTheCellAndIgnoresStaleAnswers() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let previous = state.selectedCell!
        let effects = send(&state, [.char(":")] + "explain HCC827".map { Key.char($0) } + [.enter])
        let hcc = state.cells.first { $0.key == "HCC827" }!
        #expect(state.selectedCell?.id == hcc.id)
        #expect(effects == [.loadTrip(runID: 2), .loadContributions(tripRunID: 2, cellID: hcc.id)])
        #expect(state.screens == [.trip, .contributions])
        _ = update(&state, .contributionsLoaded(Self.contributions(cellID: previous.id)))     // for the line selected before
        #expect(state.contributions == nil)
        #expect(render(state).text(row: 3).contains("loading"))
        _ = update(&state, .contributionsLoaded(CellContributions(tripRunID: 2, cellID: hcc.id, rows: [])))
        #expect(render(state).text(row: 3).contains("empty network"))
        _ = send(&state, [.char(":")] + "explain NOSUCH".map { Key.char($0) } + [.enter])
        #expect(state.message == "no cell line NOSUCH")
    }

    @Test func contributionsWaitForTheRunToFinish() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs(tripStatus: .running)))
        _ = send(&state, .tab)
        #expect(send(&state, .char("c")) == [])
        #expect(state.screens == [.trip])
        #expect(state.message?.contains("stored when it finishes") == true)
    }
}

/// Issue 22 item 5: every edge of a TRIP module is reachable by the cursor, sorted, filtered,
/// exported and opened across lines; the sheet follows its module through live re-ranking.
@Suite struct ModuleSheetTests {
    @Test func everyEdgeOfALargeModuleIsReachable() {
        var state = sampleState()
        state.geneSymbols = [10: "ZEB1", 20: "CDH1"]
        _ = update(&state, .runsLoaded(runs(tripStatus: .running)))
        _ = send(&state, .tab)
        // 30 edges: more than the 80x24 screen's list shows at once.
        let pairs = (0..<30).map { ("ZEB1", "T\($0)") }
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .running, scoreLines: [], epoch: 5,
                                                subnetworks: [subnetwork(1, 0.9, [("GRHL2", "ESRP1")]), subnetwork(2, 0.5, pairs)])))
        _ = send(&state, .down, .enter)
        #expect(state.screen == .module && state.openSubnetwork == 2 && state.moduleEdges.count == 30)
        _ = send(&state, .char("G"))                                 // the last edge
        #expect(state.moduleList.cursor == 29 && render(state).snapshot.contains("ZEB1 → T29"))
        _ = send(&state, .char("s"), .char("s"))                     // by target
        #expect(state.moduleSort == .target && state.moduleEdges.first?.target == "T0" && state.moduleEdges[1].target == "T1")
        _ = send(&state, [.char("/")] + "t2".map { Key.char($0) } + [.enter])
        #expect(state.moduleEdges.map(\.target) == ["T2"] + (20...29).map { "T\($0)" })
        #expect(render(state).snapshot.contains("filter \"t2\": 11 of 30 shown"))
        #expect(ViewTable.of(state).rows.count == 11 && ViewTable.of(state).columns == ["module", "regulator", "target", "importance", "sign"])
        // Enter opens the edge across lines in the TRIP run's parent run (ZEB1 -> CDH1 is a
        // gene pair of the sample state; T2 is not a gene here, which is said).
        #expect(send(&state, .enter).isEmpty && state.message?.contains("not a gene") == true)
        // A live update re-ranks the modules: the sheet stays on the ZEB1 module, now #1.
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .running, scoreLines: [], epoch: 9,
                                                subnetworks: [subnetwork(1, 1.2, pairs + [("ZEB1", "CDH1")]), subnetwork(2, 0.4, [("GRHL2", "ESRP1")])])))
        #expect(state.openSubnetwork == 1 && state.screen == .module)
        _ = send(&state, [.char("/"), .enter])                       // an empty filter clears it
        #expect(state.moduleFilter.isEmpty && state.moduleEdges.count == 31)
        _ = send(&state, .char("g"))                                 // by target: CDH1 first
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 10, targetID: 20)])
    }
}

extension ModuleSheetTests {
    /// The TRIP view's module list sorts by size and keeps the modules holding a gene; the
    /// cursor, Enter and export follow the shown list.
    @Test func moduleListSortsAndFilters() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .tab)
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .finished, scoreLines: [], epoch: nil, subnetworks: [
            subnetwork(1, 0.9, [("GRHL2", "ESRP1")]), subnetwork(2, 0.5, [("ZEB1", "CDH1"), ("ZEB1", "VIM"), ("SNAI2", "VIM")]),
            subnetwork(3, 0.2, [("KLF5", "CLDN4"), ("KLF5", "ESRP1")]),
        ])))
        _ = send(&state, .char("s"))
        #expect(state.moduleListSort == .size && state.shownModules.map(\.rank) == [2, 3, 1])
        _ = send(&state, [.char("/")] + "esrp".map { Key.char($0) } + [.enter])
        #expect(state.shownModules.map(\.rank) == [3, 1] && render(state).snapshot.contains("filter \"esrp\": 2 of 3 (F clears)"))
        #expect(Set(ViewTable.of(state).rows.map(\.first)) == ["3", "1"])
        _ = send(&state, .enter)
        #expect(state.screen == .module && state.openSubnetwork == 3)
        _ = send(&state, .escape, .char("F"))
        #expect(state.tripFilter.isEmpty && state.shownModules.count == 3)
    }
}
