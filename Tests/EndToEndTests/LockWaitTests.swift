import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Another process holding the catalog's write lock for longer than SQLite's usual busy
/// timeout (here 12 s) never kills a profile: it waits, says why after a few seconds, and
/// commits when the lock is free; Ctrl-C while it waits ends it at once with what it had
/// committed kept (issue: nothing lost, nothing harmed, item 4).
@Suite(.serialized) struct LockWaitTests {
    /// Starts a profile of 8 targets (fixed hyperparameters) and returns its pid once it has
    /// printed its run id (the run exists; no target is committed yet).
    static func startProfile(_ catalog: String, stdout: String, stderr: String) throws -> pid_t {
        let pid = try spawn(samplenetBinary, ["profile", "--modulator", "emt", "--targets", ProfileCommandTests.targets,
                                              "--regulators", ProfileCommandTests.regulators, "--batch", "1", "--catalog", catalog] + ProfileCommandTests.fixed,
                            stdout: stdout, stderr: stderr)
        let deadline = Date().addingTimeInterval(120)
        while (try? String(contentsOfFile: stdout, encoding: .utf8))?.hasSuffix("\n") != true {
            guard Date() < deadline else { kill(pid, SIGKILL); throw CancellationError() }
            usleep(5_000)
        }
        return pid
    }

    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    @Test func aProfileOutwaitsALongLock() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let (out, err) = (scratch.path("out"), scratch.path("err"))
        let pid = try Self.startProfile(catalog, stdout: out, stderr: err)
        let holder = try Connection(path: catalog)
        try holder.execute("BEGIN IMMEDIATE")
        // Hold it until the profile says it waits (its first commit, 5 s into the wait), then
        // 8 s more: over 12 s of waiting, beyond SQLite's usual 10 s busy timeout.
        let deadline = Date().addingTimeInterval(120)
        func log() -> String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }
        while !log().contains("waiting for the catalog lock") && Date() < deadline { usleep(50_000) }
        #expect(log().contains("waiting for the catalog lock"), "\(log())")
        sleep(8)
        try holder.execute("COMMIT")
        let status = Self.wait(pid)
        #expect(status == 0, "the profile died of the lock: \(log())")
        let run = try #require(try Catalog(path: catalog, mustExist: true).run(1))
        #expect(run.status == .finished && run.progressDone == 8)
    }

    @Test func ctrlCWhileWaitingEndsItPromptly() throws {
        let scratch = Scratch()
        let catalog = try copyOfSampleCatalog()
        let (out, err) = (scratch.path("out"), scratch.path("err"))
        let pid = try Self.startProfile(catalog, stdout: out, stderr: err)
        let holder = try Connection(path: catalog)
        try holder.execute("BEGIN IMMEDIATE")
        // Wait until it says it is waiting, then interrupt.
        let deadline = Date().addingTimeInterval(60)
        while !((try? String(contentsOfFile: err, encoding: .utf8)) ?? "").contains("waiting for the catalog lock") && Date() < deadline {
            usleep(50_000)
        }
        let interrupted = Date()
        kill(pid, SIGINT)
        let status = Self.wait(pid)
        let seconds = Date().timeIntervalSince(interrupted)
        try holder.execute("COMMIT")
        #expect(status == 130, "\((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        #expect(seconds < 5, "took \(seconds) s to stop")
        // The run cannot say it was interrupted (the lock was held): it shows as dead, and
        // --resume finishes it.
        let record = try #require(try Catalog(path: catalog, mustExist: true).run(1))
        #expect(record.status == .incomplete || record.liveness.isDead)
        let resume = try samplenet("profile", "--resume", "1", "--catalog", catalog)
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try Catalog(path: catalog, mustExist: true).run(1)?.progressDone == 8)
    }
}
