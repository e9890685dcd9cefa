import Foundation
import TestSupport
import Testing
@testable import Catalog
import TUI

/// Runs whose process died (kill -9, disk full, power cut) are found by pid, host and the
/// process's start time, shown as dead with the right advice, never signalled, and can be
/// resumed, abandoned or deleted (issue: nothing lost, nothing harmed, items 1 and 6).
@Suite(.serialized) struct DeadRunTests {
    /// A catalog with one finished profile run (2 targets) and one TRIP run on it.
    static func catalogWithRuns() throws -> String {
        let catalog = try copyOfSampleCatalog()
        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", "CDH1,VIM", "--regulators", ProfileCommandTests.regulators,
                                     "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let trip = try samplenet("trip", "--run", "1", "--response", "gefitinib", "--repeats", "1", "--folds", "2", "--epochs", "5", "--hidden", "0", "--no-controls", "--catalog", catalog)
        #expect(trip.status == 0, "\(trip.stderr)")
        return catalog
    }

    /// Marks `run` running as process `pid` started at `start` (a stamp no process has).
    static func pretendRunning(_ catalog: String, run: Int, pid: pid_t, start: String? = "0-0-0/1") throws {
        let c = try Catalog(path: catalog, mustExist: true)
        try c.connection.run("UPDATE run SET status = 'running', pid = ?, process_start = ?, host = ? WHERE id = ?",
                             [.integer(Int64(pid)), start.map { .text($0) } ?? .null, .text(ProcessInfo.processInfo.hostName), .integer(Int64(run))])
    }

    static func sleeper() throws -> pid_t { try spawn("/bin/sleep", ["60"]) }

    static func alive(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0 && kill(pid, 0) == 0
    }

    static func reap(_ pid: pid_t) {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    @Test func aReusedPIDIsNeverSignalledAndTheRunShowsDead() throws {
        let catalog = try Self.catalogWithRuns()
        let other = try Self.sleeper()
        defer { Self.reap(other) }
        try Self.pretendRunning(catalog, run: 1, pid: other)          // the run's PID now belongs to `sleep`

        let record = try #require(try Catalog(path: catalog, mustExist: true).run(1))
        #expect(record.liveness.isDead && record.shownStatus == "dead" && record.effectiveStatus == .incomplete)
        #expect(record.recoveryAdvice?.contains("samplenet profile --resume 1") == true)

        // The explorer's x: the Jobs view says dead and sends nothing.
        var session = try HeadlessSession(catalog: try Catalog(path: catalog, mustExist: true), modulator: "emt")
        _ = session.press(.tab); _ = session.press(.tab); _ = session.press(.char("g"))
        let frame = session.press(.char("x")).frame.snapshot
        #expect(Self.alive(other), "x killed an unrelated process")
        #expect(session.state.message?.contains("dead") == true, "\(session.state.message ?? "")")
        #expect(frame.contains("dead"))
        // Even when the view still believes the run alive (a stale list), the loader checks
        // the process again before signalling.
        var stale = try Catalog(path: catalog, mustExist: true).runs()
        stale[0].liveness = .alive
        session.receive(.runsLoaded(stale))
        _ = session.press(.char("g"))
        _ = session.press(.char("x"))
        #expect(Self.alive(other), "x killed an unrelated process from a stale list")

        // Same for a run recorded before start stamps existed: sleep is not samplenet.
        try Self.pretendRunning(catalog, run: 1, pid: other, start: nil)
        #expect(try Catalog(path: catalog, mustExist: true).run(1)?.liveness.isDead == true)

        // runs and doctor say dead, with the command that helps.
        let runs = try samplenet("runs", "--catalog", catalog)
        #expect(runs.status == 0)
        #expect(runs.stdout.contains("dead") && runs.stdout.contains("samplenet profile --resume 1"), "\(runs.stdout)")
        let doctor = try samplenet("doctor", "--catalog", catalog)
        #expect(doctor.stdout.contains("dead runs\twarning") && doctor.stdout.contains("run 1 (profile)"), "\(doctor.stdout)")

        // --resume is not refused because the number is in use: it finishes the run.
        let resume = try samplenet("profile", "--resume", "1", "--catalog", catalog)
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try Catalog(path: catalog, mustExist: true).run(1)?.status == .finished)
        #expect(Self.alive(other))
    }

    @Test func aDeadTRIPRunGetsTRIPAdviceAndNoLiveView() throws {
        let catalog = try Self.catalogWithRuns()
        try Self.pretendRunning(catalog, run: 2, pid: 999_999)
        let record = try #require(try Catalog(path: catalog, mustExist: true).run(2))
        #expect(record.effectiveStatus == .failed)
        let advice = try #require(record.recoveryAdvice)
        #expect(advice.contains("samplenet trip --run 1") && !advice.contains("profile --resume"), "\(advice)")
        let doctor = try samplenet("doctor", "--catalog", catalog)
        #expect(doctor.stdout.contains("samplenet trip --run 1") && !doctor.stdout.contains("profile --resume 2"), "\(doctor.stdout)")
        let resume = try samplenet("profile", "--resume", "2", "--catalog", catalog)
        #expect(resume.status == 64)

        // Abandon marks it failed; delete removes it and is one transaction.
        let abandon = try samplenet("runs", "abandon", "2", "--catalog", catalog)
        #expect(abandon.status == 0, "\(abandon.stderr)")
        #expect(try Catalog(path: catalog, mustExist: true).run(2)?.status == .failed)
        let again = try samplenet("runs", "abandon", "1", "--catalog", catalog)
        #expect(again.status == 64 && again.stderr.contains("finished"), "a finished run is not abandoned: \(again.stderr)")

        let delete = try samplenet("runs", "delete", "1", "--catalog", catalog)
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(delete.stderr.contains("deleted runs 1, 2"), "\(delete.stderr)")
        let after = try Catalog(path: catalog, mustExist: true)
        #expect(try after.runs().isEmpty)
        #expect(try after.connection.scalar("SELECT count(*) FROM edge_block")?.int == 0)
        #expect(try after.connection.scalar("SELECT count(*) FROM trip_edge")?.int == 0)
    }

    /// `explore --run ID` opens on that run: a TRIP run in Explain with its networks' modulator;
    /// an unknown run is a usage error before any terminal is touched.
    @Test func exploreOpensOnAGivenRun() throws {
        let catalog = try Self.catalogWithRuns()
        let session = try HeadlessSession(catalog: try Catalog(path: catalog, mustExist: true), modulator: "gefitinib", run: 2)
        #expect(session.state.screen == .trip && session.state.modulator?.name == "emt" && session.state.tripRun?.id == 2)
        let missing = try samplenet("explore", "--run", "99", "--catalog", catalog)
        #expect(missing.status == 64 && missing.stderr.contains("no run 99"))
    }

    /// `runs label`: stored in one write, listed (text and JSON), shown in Jobs, cleared by "".
    @Test func runsCanBeLabelled() throws {
        let catalog = try Self.catalogWithRuns()
        #expect(try samplenet("runs", "label", "1", "EMT, fixed h", "--catalog", catalog).status == 0)
        #expect(try samplenet("runs", "--catalog", catalog).stdout.contains("    label: EMT, fixed h"))
        let json = try samplenet("runs", "--format", "json", "--catalog", catalog).stdout
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["id"] as? Int == 1 }?["label"] as? String == "EMT, fixed h" && rows.first { $0["id"] as? Int == 2 }?["label"] is NSNull)
        var session = try HeadlessSession(catalog: try Catalog(path: catalog, mustExist: true), modulator: "emt")
        _ = session.press(.tab)                                        // Explain, then Jobs
        let jobs = session.press(.tab).frame.snapshot
        #expect(jobs.contains("Jobs") && jobs.contains("EMT, fixed h"), "\(jobs)")
        #expect(try samplenet("runs", "label", "1", "", "--catalog", catalog).status == 0)
        #expect(!(try samplenet("runs", "--catalog", catalog).stdout.contains("label:")))
        #expect(try samplenet("runs", "label", "9", "x", "--catalog", catalog).status == 64)
    }

    /// `v` on a real run: bottom vs top quartile of EMT; each row's group means recomputed here
    /// from the catalog's per-line edges (absent = 0) agree with the view's.
    @Test func groupComparisonOnARealRun() throws {
        let catalog = try Self.catalogWithRuns()
        let reader = try Catalog(path: catalog, mustExist: true)
        var session = try HeadlessSession(catalog: reader, modulator: "emt")
        let pressed = session.press(.char("v"))
        let view = try #require(session.state.groups, "\(session.state.message ?? "")")
        #expect(view.linesA.count == 243 && view.linesB.count == 243 && !view.rows.isEmpty && pressed.frame.snapshot.contains("emt top quartile"))
        func mean(_ lines: [Int], _ row: GroupView.Row) throws -> Double {
            try lines.map { try reader.cellEdgeRows(runID: 1, cellID: $0).first { $0.regulatorID == row.regulatorID && $0.targetID == row.targetID }?.beta ?? 0 }
                .reduce(0, +) / Double(lines.count)
        }
        for row in view.rows.prefix(5) {
            let a = try mean(view.linesA, row), b = try mean(view.linesB, row)
            #expect(abs(a - row.meanA) < 1e-12 && abs(b - row.meanB) < 1e-12)
            #expect(row.q >= row.p && row.q <= 1)
        }
        #expect(view.rows.map { abs($0.difference) } == view.rows.map { abs($0.difference) }.sorted(by: >))
    }

    @Test func aLiveRunIsNeitherAbandonedNorDeleted() throws {
        let catalog = try Self.catalogWithRuns()
        // This test process is alive and its start stamp is real: the run looks alive.
        try Self.pretendRunning(catalog, run: 1, pid: getpid(), start: ProcessIdentity.startStamp(of: Int(getpid())))
        #expect(try Catalog(path: catalog, mustExist: true).run(1)?.liveness == .alive)
        let before = try fingerprint(catalog)
        for command in [["runs", "abandon", "1"], ["runs", "delete", "1"], ["profile", "--resume", "1"]] {
            let result = try samplenet(command + ["--catalog", catalog])
            #expect(result.status == 64 && result.stderr.contains("still running"), "\(command): \(result.stderr)")
        }
        #expect(try fingerprint(catalog) == before)
        // The claim itself re-checks in its transaction (two resumes of one run: one wins).
        let c = try Catalog(path: catalog, mustExist: true)
        #expect(throws: InputError.self) { try c.resumeRun(1) }
        // Another host: this machine cannot tell, so it neither kills nor resumes, until the
        // user says that host is gone; then the run is incomplete and resumes here.
        try c.connection.run("UPDATE run SET host = 'node-17' WHERE id = 1")
        #expect(try c.run(1)?.liveness == .elsewhere(host: "node-17"))
        let resume = try samplenet("profile", "--resume", "1", "--catalog", catalog)
        #expect(resume.status == 64 && resume.stderr.contains("node-17"), "\(resume.stderr)")
        let abandon = try samplenet("runs", "abandon", "1", "--catalog", catalog)
        #expect(abandon.status == 0 && abandon.stderr.contains("incomplete"), "\(abandon.stderr)")
        let resumed = try samplenet("profile", "--resume", "1", "--catalog", catalog)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try Catalog(path: catalog, mustExist: true).run(1)?.status == .finished)
    }
}
