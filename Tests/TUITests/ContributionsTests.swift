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
        _ = send(&state, .enter)
        let screen = render(state)
        #expect(screen.text(row: 3).contains("ZEB1 → CDH1") && screen.text(row: 3).contains("\(cell.key) -0.0812"))
        #expect(screen.text(row: 4).contains("OVOL1 → ESRP1") && screen.text(row: 4).contains("not in its top 100"))
        // Loaded already: `c` only changes the screen.
        #expect(send(&state, .char("c")) == [])
        #expect(state.screens == [.trip, .contributions])
        Snapshot.assert(render(state), named: "contributions-80x24")
        #expect(render(state).text(row: 0).contains("Explain (TRIP) › \(cell.name)"))
        _ = send(&state, .down)
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 11, targetID: 21)])
        #expect(state.screens == [.trip, .contributions, .edgeProfile])
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
