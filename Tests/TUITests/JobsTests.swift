import Foundation
import Catalog
import Compute
import Jobs
import Testing
@testable import TUI

@Suite struct JobsTests {
    /// `r` opens the form with the current modulator and the default targets present in the
    /// catalog; Enter starts `samplenet profile` with exactly those arguments.
    @Test func formStartsAProfileJob() {
        var state = sampleState()
        state.geneSymbols = [1: "CDH1", 2: "VIM", 3: "ZEB1"]
        _ = send(&state, .char("m"), .char("r"))
        guard case let .form(form) = state.mode else { Issue.record("no form"); return }
        #expect(form.modulator == "gefitinib" && form.targets == "CDH1,VIM,ZEB1" && form.quick)
        Snapshot.assert(render(state), named: "job-form-80x24")
        _ = send(&state, .backspace, .backspace, .backspace, .backspace, .backspace, .tab, .char(" "))
        let effects = send(&state, .enter)
        #expect(effects == [.startJob(arguments: ["profile", "--catalog", "var/sample.sqlite", "--modulator", "gefitinib",
                                                   "--targets", "CDH1,VIM", "--batch", "1"])])
        #expect(state.mode == .browse)
        #expect(update(&state, .jobStarted(LaunchedJob(pid: 4242, log: "var/sample.sqlite.jobs/profile.log"))) == [])
        #expect(state.screen == .jobs)
    }

    /// A running job shows its throughput, ETA and threads from its start time and committed
    /// progress at the explorer's clock; nothing is guessed before the first tick.
    @Test func runningJobShowsRateETAAndThreads() {
        var state = sampleState(width: 120, height: 30)
        var list = runs()
        list[2].startedAt = "2026-11-25T11:00:00.000Z"
        list[2].threads = 2
        list[2].pid = 4242
        list[2].host = "login1"
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab)
        #expect(state.screen == .jobs)
        _ = send(&state, .char("j"), .char("j"))                       // the running gefitinib run: 50 of 200 targets
        #expect(!render(state).snapshot.contains("ETA"))
        let start = Catalog.seconds(fromTimestamp: "2026-11-25T11:00:00.000Z")!
        _ = update(&state, .tick(now: start + 600))                     // 50 targets in 10 min: 5/min, 150 left
        let screen = render(state).snapshot
        #expect(screen.contains("ETA 30:00"))
        #expect(screen.contains("5.0 targets/min, ETA 30:00"))
        #expect(screen.contains("2 threads") && screen.contains("pid 4242 on login1"))
        Snapshot.assert(render(state), named: "jobs-running-120x30")
        _ = update(&state, .tick(now: start + 7200))                    // slower: 50 in 2 h -> 6 h left
        #expect(render(state).snapshot.contains("ETA 6:00:00"))
        #expect(RunTiming(list[0], now: start) == nil)                  // finished: no ETA
    }

    /// A job that fails shows its exit status and the tail of its log in the Jobs view.
    @Test func failedJobShowsStatusAndLogTail() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = update(&state, .jobStarted(LaunchedJob(pid: 77, log: "x.jobs/profile.log")))
        _ = update(&state, .jobExited(pid: 77, status: 65, tail: ["samplenet: error: unknown target gene NOTAGENE"]))
        let screen = render(state).snapshot
        #expect(screen.contains("job pid 77 exited with status 65"))
        #expect(screen.contains("unknown target gene NOTAGENE"))
        Snapshot.assert(render(state), named: "jobs-failed-80x24")
    }

    @Test func cancelAndQuitConfirmation() {
        var state = sampleState()
        var list = runs()
        list[2].pid = 999
        _ = update(&state, .runsLoaded(list))
        _ = update(&state, .jobStarted(LaunchedJob(pid: 999, log: "x.jobs/profile.log")))      // opens Jobs
        _ = send(&state, .char("G"))
        #expect(send(&state, .char("x")).isEmpty && state.message?.contains("x again cancels run 3") == true)   // asks first
        _ = send(&state, .char("j"))                                  // any other key keeps it
        #expect(send(&state, .char("x")).isEmpty)
        #expect(send(&state, .char("x")) == [.cancelJob(runID: list[2].id)])
        _ = update(&state, .jobExited(pid: 999, status: 143, tail: ["terminated"]))
        #expect(state.message?.contains("job 999 cancelled; run 3 keeps its finished targets (resume: samplenet profile --resume 3)") == true,
                "\(state.message ?? "")")
        _ = send(&state, .char("k"))
        #expect(send(&state, .char("x")).isEmpty)                     // not running
        #expect(send(&state, .char("q")).isEmpty)                     // a job runs: asks first
        #expect(state.message?.contains("q again quits") == true)
        #expect(send(&state, .char("q")) == [.quit])
        var idle = sampleState()
        #expect(send(&idle, .char("q")) == [.quit])
    }

    /// Issue 22 item 3: `R` resumes a cancelled profile run as a job; other runs say why not.
    @Test func resumeFromTheJobsScreen() {
        var state = sampleState()
        var list = runs()
        list[2].status = .cancelled
        list[2].liveness = .notRunning
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .tab, .tab)
        #expect(state.screen == .jobs)
        _ = send(&state, .char("G"))                                  // run 3, cancelled
        #expect(send(&state, .char("R")) == [.startJob(arguments: ["profile", "--resume", "3", "--batch", "1", "--catalog", state.catalogName])])
        #expect(state.message?.contains("resuming run 3") == true, "\(state.message ?? "")")
        _ = send(&state, .char("g"))                                  // run 1, finished
        #expect(send(&state, .char("R")).isEmpty && state.message == "run 1 is finished: nothing to resume")
        _ = send(&state, .char("j"))                                  // run 2, TRIP
        #expect(send(&state, .char("R")).isEmpty && state.message?.contains("keeps no partial result") == true)
        list[2].status = .running
        list[2].liveness = .alive
        _ = update(&state, .runsLoaded(list))
        _ = send(&state, .char("G"))
        #expect(send(&state, .char("R")).isEmpty && state.message == "run 3 is running: nothing to resume")
    }

    @Test func exportWritesTheCurrentView() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.selectedCell!.id)))
        _ = send(&state, .char("/"), .char("c"), .char("d"), .char("h"), .enter)
        _ = update(&state, .tick(now: 1_796_371_200))                 // 2026-12-04 08:00:00 UTC
        guard case let .writeFile(path, contents, rows, numbered) = send(&state, .char("e")).first else { Issue.record("no export"); return }
        #expect(path == "samplenet-edges-run1-20261204-080000.tsv" && rows == 3 && numbered)
        let lines = contents.split(separator: "\n")
        #expect(lines.first == "cell_line\tregulator\ttarget\tbeta\tre")
        #expect(lines.dropFirst().allSatisfy { $0.split(separator: "\t")[2] == "CDH1" })
        _ = update(&state, .exported(path: "/tmp/" + path, rows: rows))
        #expect(render(state).snapshot.contains("exported 3 rows"))

        // `:export json` switches the format (and `e` keeps it); a path picks the file.
        let command = [Key.char(":")] + "export json".map { Key.char($0) } + [.enter]
        guard case let .writeFile(jsonPath, json, jsonRows, _) = send(&state, command).first else { Issue.record("no json export"); return }
        #expect(jsonPath == "samplenet-edges-run1-20261204-080000.json" && jsonRows == 3)
        let objects = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(objects?.count == 3)
        #expect(objects?.allSatisfy { $0["target"] as? String == "CDH1" && $0["beta"] is Double } == true)
        guard case let .writeFile(again, _, _, _) = send(&state, .char("e")).first else { Issue.record("no export"); return }
        #expect(again.hasSuffix(".json"))
        let csvCommand = [Key.char(":")] + "export out/view.csv".map { Key.char($0) } + [.enter]
        guard case let .writeFile(csvPath, csv, _, typed) = send(&state, csvCommand).first else { Issue.record("no csv export"); return }
        #expect(csvPath == "out/view.csv" && !typed)
        #expect(csv.split(separator: "\n").first == "cell_line,regulator,target,beta,re")
    }

    @Test func viewTableQuotesCSVAndWritesNullForMissingNumbers() {
        let table = ViewTable(columns: ["name", "value"], rows: [["a,b", "1.5"], ["say \"hi\"", "NA"]], numeric: ["value"])
        #expect(table.text(.csv) == "name,value\n\"a,b\",1.5\n\"say \"\"hi\"\"\",NA\n")
        #expect(table.text(.json) == "[\n{\"name\":\"a,b\",\"value\":1.5},\n{\"name\":\"say \\\"hi\\\"\",\"value\":null}\n]\n")
        #expect(table.text(.tsv) == "name\tvalue\na,b\t1.5\nsay \"hi\"\tNA\n")
    }
}

/// `:import` runs `samplenet import ...` as a job; when it succeeds the explorer says what was
/// imported and reads its cell lines, modulators and genes again, keeping the selection.
@Suite struct ImportCommandTests {
    @Test func importRunsAsAJobAndReloads() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let effects = send(&state, [.char(":")] + "import modulator hypoxia scores.tsv --unit score".map { Key.char($0) } + [.enter])
        #expect(effects == [.startJob(arguments: ["import", "modulator", "hypoxia", "scores.tsv", "--unit", "score", "--catalog", state.catalogName])])
        _ = send(&state, [.char(":")] + "import pictures x.png".map { Key.char($0) } + [.enter])
        #expect(state.message?.hasPrefix("usage: :import expression|modulator|") == true)
        _ = send(&state, .char("j"), .char("j"))
        let selected = state.selectedCell!.id
        #expect(update(&state, .jobStarted(LaunchedJob(pid: 9, log: "x.jobs/import.log", command: "import"))) == [])
        #expect(state.screen == .cells)                                   // an import does not switch to Jobs
        let reload = update(&state, .jobExited(pid: 9, status: 0, tail: ["  3 cell lines not in the catalog"],
                                               summary: "imported hypoxia for 22 cell lines"))
        #expect(reload == [.reloadCatalog])
        #expect(state.message == "import finished: imported hypoxia for 22 cell lines")
        var modulators = state.modulators
        modulators.append(ModulatorColumn(name: "hypoxia", unit: "score", values: [selected: 1.5]))
        _ = update(&state, .catalogReloaded(cells: state.cells, modulators: modulators, geneSymbols: state.geneSymbols))
        #expect(state.modulators.map(\.name).last == "hypoxia")
        #expect(state.modulator?.name == "emt" && state.selectedCell?.id == selected)
        // A failed import reports and reloads nothing.
        _ = update(&state, .jobStarted(LaunchedJob(pid: 10, log: "x.jobs/import.log", command: "import")))
        #expect(update(&state, .jobExited(pid: 10, status: 65, tail: ["samplenet: error: scores.tsv:4: duplicate cell line MCF7"])) == [])
        #expect(state.message?.contains("duplicate cell line MCF7") == true)
    }

    /// Exports never replace a file: a default name takes the next free number (also across
    /// sessions, which used to restart the counter and overwrite), a typed name is refused.
    @Test func exportsNeverOverwrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("noclobber-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/view.tsv"
        #expect(try NoClobberWrite.write("first\n", to: path, numbered: true) == path)
        #expect(try NoClobberWrite.write("second\n", to: path, numbered: true) == folder + "/view-2.tsv")
        #expect(try NoClobberWrite.write("third\n", to: path, numbered: true) == folder + "/view-3.tsv")
        #expect(throws: NoClobberWrite.Exists.self) { try NoClobberWrite.write("typed\n", to: path, numbered: false) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        #expect(try String(contentsOfFile: folder + "/view-2.tsv", encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["view-2.tsv", "view-3.tsv", "view.tsv"], "no temporary left")
    }
}
