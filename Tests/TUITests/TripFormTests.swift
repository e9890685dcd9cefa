import Catalog
import Testing
@testable import TUI

/// Issue 22 item 2: TRIP from the keyboard. `t` opens a form on the shown finished run; Enter
/// starts `samplenet trip` as a job with exactly the fields' values; a field that does not parse
/// keeps the form open and says which; `:trip OPTIONS` starts it too instead of being ignored.
@Suite struct TripFormTests {
    func typed(_ text: String) -> [Key] { text.map { .char($0) } }

    @Test func theFormStartsTRIPWithItsFields() {
        var state = sampleState(width: 100, height: 30)
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .char("t"))
        guard case let .tripForm(form) = state.mode else { Issue.record("no form: \(state.message ?? "")"); return }
        #expect(form.runID == 1 && form.responses[form.response] == "gefitinib" && !form.circular)
        let screen = render(state).snapshot
        #expect(screen.contains("TRIP on run 1 (networks along emt)") && screen.contains("gefitinib") && screen.contains("noise controls"))
        // input re, hidden 0, seed 7; ranks typed as 3,2
        _ = send(&state, [.tab, .char(" "), .tab, .char("\u{15}")] + typed("3,2") + [.tab, .backspace, .char("0"), .tab, .tab, .tab, .backspace, .char("7")])
        let effects = send(&state, .enter)
        #expect(effects == [.startJob(arguments: ["trip", "--catalog", "var/sample.sqlite", "--run", "1", "--response", "gefitinib", "--input", "re",
                                                   "--ranks", "3,2", "--hidden", "0", "--folds", "5", "--repeats", "3", "--seed", "7"])])
        #expect(state.mode == .browse)
        // Reopened for the same run: as left.
        _ = send(&state, .char("t"))
        guard case let .tripForm(again) = state.mode else { Issue.record("no form"); return }
        #expect(again.numbers[.seed]?.text == "7" && again.input == 1)
    }

    @Test func aBadFieldKeepsTheFormOpenAndTheCircularCaseIsFlagged() {
        var state = sampleState(width: 100, height: 30)
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .char("t"))
        _ = send(&state, .char(" "))                                  // response: next modulator = emt, the networks' own
        guard case let .tripForm(form) = state.mode else { Issue.record("no form"); return }
        #expect(form.circular && render(state).snapshot.contains("every fold profiles its training lines again"))
        _ = send(&state, [.up, .up, .up, .char("\u{15}")] + typed("x"))   // folds (the third from the end)
        #expect(send(&state, .enter).isEmpty)
        guard case let .tripForm(bad) = state.mode else { Issue.record("the form closed"); return }
        #expect(bad.problem?.contains("CV folds: \"x\" is not valid") == true)
    }

    @Test func noFinishedRunNoFormAndTheCommandLineStartsTRIP() {
        var state = sampleState()
        _ = send(&state, .char("t"))
        #expect(state.mode == .browse && state.message?.contains("TRIP needs a finished NetworkProfiler run") == true)
        _ = update(&state, .runsLoaded(runs()))
        let effects = send(&state, [.char(":")] + typed("trip --response gefitinib --hidden 0") + [.enter])
        #expect(effects == [.startJob(arguments: ["trip", "--catalog", "var/sample.sqlite", "--run", "1", "--response", "gefitinib", "--hidden", "0"])])
    }
}
