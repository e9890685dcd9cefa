import Catalog
import Testing
@testable import TUI

/// Dead runs in the explorer: shown as dead, never as working or live, never signalled
/// (issue: nothing lost, nothing harmed, items 1 and 6).
@Suite struct DeadRunViewTests {
    /// The running gefitinib profile (3) and the emt TRIP run (2) as the catalog reports
    /// them after their processes died.
    func deadRuns() -> [RunRecord] {
        var list = runs(tripStatus: .running)
        list[1].liveness = .dead(reason: "process 4242 is gone")
        list[2].liveness = .dead(reason: "process 4243 is gone")
        list[2].pid = 4243
        return list
    }

    @Test func deadRunsAreShownDeadWithAdviceAndNotCancelled() {
        var state = sampleState(width: 120, height: 30)
        _ = update(&state, .runsLoaded(deadRuns()))
        _ = send(&state, .tab, .tab, .char("G"))
        #expect(state.screen == .jobs)
        let screen = render(state).snapshot
        #expect(screen.contains("dead"))
        #expect(!screen.contains("ETA"))
        #expect(screen.contains("samplenet profile --resume 3"), "\(screen)")
        #expect(send(&state, .char("x")).isEmpty)
        #expect(state.message?.contains("dead") == true)
        // q does not warn about jobs that are not running any more.
        #expect(send(&state, .char("q")) == [.quit])
    }

    @Test func aDeadTRIPRunIsNotTheModulatorsTRIPRun() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs(tripStatus: .running)))
        #expect(state.tripRun?.id == 2)                      // alive: training, shown live
        _ = update(&state, .runsLoaded(deadRuns()))
        #expect(state.tripRun == nil, "a dead TRIP run must not be shown as training")
        #expect(deadRuns()[1].effectiveStatus == .failed && deadRuns()[2].effectiveStatus == .incomplete)
    }

    @Test func aRunOnAnotherHostIsNotSignalledFromHere() {
        var state = sampleState()
        var list = runs()
        list[2].pid = 77
        list[2].liveness = .elsewhere(host: "node-17")
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab, .char("G"))
        #expect(send(&state, .char("x")).isEmpty)
        #expect(state.message?.contains("node-17") == true)
    }
}
