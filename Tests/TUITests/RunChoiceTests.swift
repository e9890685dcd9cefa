import Catalog
import Testing
@testable import TUI

/// Issue 22: only each modulator's latest run was reachable, so a small new run or a cancelled
/// one hid a finished run and its TRIP results, and Enter in Jobs did nothing.
@Suite struct RunChoiceTests {
    func profile(_ id: Int, _ status: RunStatus, done: Int = 10, pid: Int? = nil) -> RunRecord {
        RunRecord(id: id, kind: .profile, modulator: "emt", status: status, createdAt: "2026-12-01T10:00:00Z", progressDone: done,
                  progressTotal: 10, pid: pid)
    }

    @Test func aNewerCancelledOrDeadRunDoesNotHideAFinishedOne() {
        var state = sampleState()
        let trip = RunRecord(id: 2, kind: .trip, modulator: "emt", status: .finished, createdAt: "2026-12-01T11:00:00Z", parentRunID: 1)
        _ = update(&state, .runsLoaded([profile(1, .finished), trip, profile(3, .cancelled, done: 2), profile(4, .incomplete, done: 1)]))
        #expect(state.profileRun?.id == 1 && state.tripRun?.id == 2)
        // Only unfinished runs: the latest with finished targets, and it never claims to be working.
        _ = update(&state, .runsLoaded([profile(3, .cancelled, done: 2), profile(4, .incomplete, done: 0)]))
        #expect(state.profileRun?.id == 3)
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(CellEdges(runID: 3, cellID: state.selectedCell!.id, edges: [])))
        let screen = render(state).snapshot
        #expect(!screen.contains("still working") && screen.contains("run 3 is cancelled"), "\(screen)")
    }

    @Test func enterInJobsShowsThatRun() {
        var state = sampleState()
        let trips = [RunRecord(id: 2, kind: .trip, modulator: "emt", status: .finished, createdAt: "2026-12-01T11:00:00Z", parentRunID: 1),
                     RunRecord(id: 5, kind: .trip, modulator: "emt", status: .finished, createdAt: "2026-12-01T12:00:00Z", parentRunID: 1)]
        let gefitinib = RunRecord(id: 6, kind: .profile, modulator: "gefitinib", status: .finished, createdAt: "2026-12-01T13:00:00Z",
                                  progressDone: 5, progressTotal: 5)
        _ = update(&state, .runsLoaded([profile(1, .finished), trips[0], profile(3, .finished), trips[1], gefitinib]))
        #expect(state.profileRun?.id == 3 && state.tripRun == nil)
        _ = send(&state, .tab, .tab)                                   // Jobs
        #expect(state.screen == .jobs)
        _ = send(&state, .char("g"), .char("j"))                       // run 2: the first TRIP of run 1
        #expect(send(&state, .enter).first == .loadTrip(runID: 2))
        #expect(state.screen == .trip && state.profileRun?.id == 1 && state.tripRun?.id == 2)
        _ = send(&state, .tab, .char("G"))                             // Jobs, the gefitinib run
        _ = send(&state, .enter)
        #expect(state.modulator?.name == "gefitinib" && state.profileRun?.id == 6 && state.screen == .cells)
        _ = send(&state, .char("m"))                                   // back to emt: its choice is kept
        #expect(state.modulator?.name == "emt" && state.profileRun?.id == 1)
    }

    /// `D` in Jobs asks, then deletes through `samplenet runs delete` (one transaction, in the
    /// job layer); a running run is refused.
    @Test func deleteAsksFirst() {
        var state = sampleState()
        var list = runs()
        list[2].pid = 999
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab)
        #expect(send(&state, .char("D")).isEmpty && state.message?.contains("D again deletes run 1 and TRIP run 2 on it") == true)
        #expect(send(&state, .char("D")) == [.startJob(arguments: ["runs", "delete", "1", "--catalog", "var/sample.sqlite"])])
        _ = send(&state, .char("G"))
        #expect(send(&state, .char("D")).isEmpty && state.message?.contains("is running: cancel it first") == true)
        #expect(send(&state, .char("D")).isEmpty)
    }
}
