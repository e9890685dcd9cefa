import Catalog
import Testing
@testable import TUI

/// Issue 22 item 1 at the update level: on a catalog without runs the explorer starts a quick
/// gefitinib profile committed one target at a time, then TRIP on its run; never on a catalog
/// that has a run, and not after the first profile was cancelled.
@Suite struct WelcomeTests {
    func emptyState() -> AppState {
        var state = sampleState()
        state.geneSymbols = Dictionary(uniqueKeysWithValues: WelcomeStage.targets.enumerated().map { ($0, $1) })
        return state
    }

    @Test func profileThenTRIP() {
        var state = emptyState()
        guard case let .startJob(arguments)? = update(&state, .welcome).first else { Issue.record("nothing started"); return }
        #expect(arguments.prefix(5) == ["profile", "--catalog", "var/sample.sqlite", "--modulator", "gefitinib"])
        #expect(state.cursor == 0 && arguments.contains("CDH1,VIM,ESRP1,EPCAM,ZEB1,EGFR,ERBB3,KRT19") && arguments.suffix(2) == ["--batch", "1"] && arguments.contains("--no-recursion") && state.modulator?.name == "gefitinib")
        _ = update(&state, .jobStarted(LaunchedJob(pid: 71, log: "p.log")))
        #expect(state.welcome == .profiling(pid: 71) && state.message?.contains("first look") == true)
        // Finished before the poller saw its run: TRIP waits for the run.
        #expect(update(&state, .jobExited(pid: 71, status: 0, tail: [])).isEmpty && state.welcome == .waitingForRun)
        let run = RunRecord(id: 1, kind: .profile, modulator: "gefitinib", status: .finished, createdAt: "2026-12-04T08:00:00Z",
                            progressDone: 8, progressTotal: 8, pid: 71)
        let effects = update(&state, .runsLoaded([run]))
        #expect(effects.contains(.startJob(arguments: ["trip", "--catalog", "var/sample.sqlite", "--run", "1", "--response", "emt", "--repeats", "1"])))
        #expect(state.welcome == .training(pid: nil))
        _ = update(&state, .jobStarted(LaunchedJob(pid: 73, log: "t.log", command: "trip")))
        _ = update(&state, .jobExited(pid: 73, status: 0, tail: []))
        #expect(state.welcome == .done)
        #expect(update(&state, .welcome).isEmpty, "once")
    }

    @Test func notOnACatalogWithRunsNorAfterACancel() {
        var state = emptyState()
        _ = update(&state, .runsLoaded(runs()))
        #expect(update(&state, .welcome).isEmpty && state.welcome == nil)
        var fresh = emptyState()
        _ = update(&fresh, .welcome)
        _ = update(&fresh, .jobStarted(LaunchedJob(pid: 72, log: "p.log")))
        _ = update(&fresh, .jobExited(pid: 72, status: 143, tail: []))
        #expect(fresh.welcome == .done && update(&fresh, .runsLoaded([])).isEmpty)
    }

    /// "Cancellable with one key": X stops the first look at any stage; nothing more starts.
    @Test func oneKeyStopsTheFirstLook() {
        var state = emptyState()
        _ = update(&state, .welcome)
        #expect(send(&state, .char("X")).isEmpty && state.message?.contains("still starting") == true)
        _ = update(&state, .jobStarted(LaunchedJob(pid: 74, log: "p.log")))
        var run = RunRecord(id: 1, kind: .profile, modulator: "gefitinib", status: .running, createdAt: "2026-12-04T08:00:00Z",
                            progressDone: 3, progressTotal: 8, pid: 74)
        run.liveness = .alive
        _ = update(&state, .runsLoaded([run]))
        #expect(send(&state, .char("X")) == [.cancelJob(runID: 1)])
        #expect(state.welcome == .done && state.message?.contains("first look stopped") == true)
        _ = update(&state, .jobExited(pid: 74, status: 143, tail: []))
        run.status = .cancelled
        run.liveness = .notRunning
        #expect(update(&state, .runsLoaded([run])).isEmpty, "no TRIP after a stop")
        #expect(send(&state, .char("X")).isEmpty && state.message == "no first look is running")
        // While TRIP trains, X stops it the same way.
        var training = emptyState()
        training.welcome = .training(pid: 75)
        var trip = RunRecord(id: 2, kind: .trip, modulator: "emt", status: .running, createdAt: "2026-12-04T08:01:00Z", progressDone: 1, progressTotal: 11, pid: 75)
        trip.liveness = .alive
        _ = update(&training, .runsLoaded([trip]))
        #expect(send(&training, .char("X")) == [.cancelJob(runID: 2)] && training.welcome == .done)
    }
}
