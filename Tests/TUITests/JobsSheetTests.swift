import Foundation
import Catalog
import Compute
import Jobs
import Testing
@testable import TUI

/// Issue 22: one Enter used to start an every-gene job (hours) without a word, and the form's
/// times were constants that did not match measured ones. Now the form shows the estimate from
/// the catalog's own finished runs of the same estimator, and asks before a long job.
@Suite struct JobEstimateTests {
    /// A finished run with `targets` targets that took `seconds` of wall time.
    func finished(id: Int, quick: Bool, targets: Int, seconds: Int) throws -> RunRecord {
        let options = quick ? ProfilerOptions.quick : ProfilerOptions()
        let json = try ProfileParameters(modulator: "emt", regulators: ["ZEB1"], targets: (0..<targets).map { "G\($0)" }, options: options).json()
        return RunRecord(id: id, kind: .profile, modulator: "emt", parametersJSON: json, status: .finished, createdAt: "2026-12-01T10:00:00.000Z",
                         startedAt: "2026-12-01T10:00:00.000Z", finishedAt: String(format: "2026-12-01T10:%02d:%02d.000Z", seconds / 60, seconds % 60),
                         progressDone: targets, progressTotal: targets)
    }

    @Test func theFormShowsMeasuredTimeAndAsksBeforeALongJob() throws {
        var state = sampleState(width: 100, height: 30)
        let symbols = (0..<4992).map { "G\($0)" } + ["CDH1", "VIM", "ESRP1", "CLDN4", "EPCAM", "FN1", "ZEB1", "SNAI2"]
        state.geneSymbols = Dictionary(uniqueKeysWithValues: symbols.enumerated().map { ($0, $1) })
        _ = update(&state, .runsLoaded([try finished(id: 7, quick: true, targets: 10, seconds: 20), try finished(id: 8, quick: false, targets: 4, seconds: 100)]))
        _ = send(&state, .char("r"))
        var screen = render(state).snapshot
        #expect(screen.contains("8 targets x 2.0 s (measured on run 7) = about 0:16"), "\(screen)")
        #expect(send(&state, .enter).count == 1, "a short measured job starts at once")

        // Every gene with the full estimator: 5000 x 25 s, asks first; any other key cancels the question.
        _ = send(&state, .char("r"), .char("\u{15}"), .tab, .char(" "))
        screen = render(state).snapshot
        #expect(screen.contains("5000 targets x 25.0 s (measured on run 8) = about 34:43:20"), "\(screen)")
        #expect(send(&state, .enter).isEmpty)
        #expect(render(state).snapshot.contains("Enter again starts this job"))
        _ = send(&state, .tab)
        #expect(send(&state, .enter).isEmpty, "the question was withdrawn by Tab: asks again")
        let started = send(&state, .enter)
        #expect(started.count == 1 && started.first.map { if case .startJob = $0 { true } else { false } } == true)
    }

    @Test func withoutAMeasuredRunAGenomeWideJobStillAsks() {
        var state = sampleState()
        state.geneSymbols = Dictionary(uniqueKeysWithValues: (0..<5000).map { ($0, "G\($0)") })
        _ = send(&state, .char("r"), .char("\u{15}"))
        #expect(render(state).snapshot.contains("5000 targets; no finished run of this estimator"))
        #expect(send(&state, .enter).isEmpty)
        #expect(send(&state, .enter).count == 1)
    }
}

/// Issue 22 item 5: Jobs sorts and filters like every list, and `F` clears any list's filter
/// in one key.
@Suite struct JobsSheetTests {
    @Test func jobsSortAndFilterAndFClearsFilters() {
        var state = sampleState()
        var list = runs()
        list[0].label = "baseline"
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab)
        #expect(state.shownRuns.map(\.id) == [1, 2, 3])
        _ = send(&state, .char("s"))                                   // newest first
        #expect(state.jobSort == .newest && state.shownRuns.map(\.id) == [3, 2, 1] && state.selectedJob?.id == 3)
        _ = send(&state, [.char("/")] + "gefit".map { Key.char($0) } + [.enter])
        #expect(state.shownRuns.map(\.id) == [3] && render(state).snapshot.contains("filter \"gefit\": 1 of 3 (F clears)"))
        _ = send(&state, [.char("/")] + "baseline".map { Key.char($0) } + [.enter])   // by label
        #expect(state.shownRuns.map(\.id) == [1])
        // Actions follow the shown list: Enter shows run 1 although it was third in the catalog's order.
        _ = send(&state, .enter)
        #expect(state.message?.contains("run 1 is now shown") == true)
        _ = send(&state, .tab, .tab)                                    // back on Jobs
        #expect(state.screen == .jobs && ViewTable.of(state).rows.map(\.first) == ["1"])
        _ = send(&state, .char("F"))
        #expect(state.jobFilter.isEmpty && state.shownRuns.count == 3 && state.message == "filter \"baseline\" cleared")
        _ = send(&state, .char("F"))
        #expect(state.message == "no filter to clear here")
        // The cell list's tissue filter, cleared the same way.
        _ = send(&state, .tab)
        _ = send(&state, [.char("f")] + "lung".map { Key.char($0) } + [.enter])
        let lung = state.order.count
        _ = send(&state, .char("F"))
        #expect(lung < state.cells.count && state.order.count == state.cells.count && state.tissueFilter.isEmpty)
    }
}

extension JobsSheetTests {
    /// Issue 21 item 5: a sharded run's progress, read from its folder by the poller, on its line.
    @Test func shardedRunShowsItsShards() {
        var state = sampleState()
        var list = runs()
        list[2].status = .incomplete
        list[2].liveness = .notRunning
        _ = update(&state, .runsLoaded(list))
        _ = update(&state, .shardProgressLoaded([3: ShardSummary(total: 8, done: 3, running: 2, broken: 1, eta: 240)]))
        _ = send(&state, .tab, .tab, .char("G"))
        let screen = render(state).snapshot
        let line = screen.split(separator: "\n").first { $0.contains("gefitinib") }.map(String.init) ?? ""
        #expect(line.contains("25% shards 3/8 done"), "\(line)")
        #expect(screen.contains("shards 3/8 done, 2 running, 1 to rerun, ETA 4:00"), "\(screen)")
    }
}

extension JobsSheetTests {
    /// Issue 22 item 3: Jobs says what each run was asked to do and flags a TRIP verdict.
    @Test func runsShowParametersAndVerdicts() throws {
        var state = sampleState()
        var list = runs()
        var options = ProfilerOptions()
        options.fixedBandwidth = 0.2
        options.selection.lambdas = .fixed(0.05)
        options.selection.gammas = [0.1]
        options.selection.rounds = 1
        list[0].parametersJSON = try ProfileParameters(modulator: "emt", regulators: ["ZEB1", "SNAI2", "GRHL2"], targets: ["CDH1", "VIM"], options: options).json()
        list[1].parametersJSON = try sortedKeysJSON(TRIPRunParameters(response: "gefitinib", options: TRIPOptions()))
        list[1].verdict = "no evidence beyond controls"
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab)
        var screen = render(state).snapshot
        #expect(screen.contains("2 targets x 3 regulators; h 0.2, lambda 0.05, gamma 0.1, 1 round"), "\(screen)")
        #expect(screen.split(separator: "\n").contains { $0.contains("trip") && $0.contains("! NO EVIDENCE") })
        _ = send(&state, .char("j"))
        screen = render(state).snapshot
        #expect(screen.contains("response gefitinib, input beta, ranks 4,4, H 8, 3 x 5 folds"), "\(screen)")
    }
}
