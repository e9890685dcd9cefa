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

    /// A profile running on a copy of the sample catalog while this test holds the write
    /// lock, once the profile has said it is waiting for it.
    struct Blocked {
        let scratch = Scratch()
        let catalog: String
        let pid: pid_t
        let holder: Connection
        init() throws {
            catalog = try copyOfSampleCatalog()
            pid = try LockWaitTests.startProfile(catalog, stdout: scratch.path("out"), stderr: scratch.path("err"))
            holder = try Connection(path: catalog)
            try holder.execute("BEGIN IMMEDIATE")
            let deadline = Date().addingTimeInterval(120)
            while !log.contains("waiting for the catalog lock") && Date() < deadline { usleep(50_000) }
        }
        var log: String { (try? String(contentsOfFile: scratch.path("err"), encoding: .utf8)) ?? "" }
    }

    @Test func aProfileOutwaitsALongLock() throws {
        // The note comes 5 s into the wait (at its first commit); 8 s more makes over 12 s
        // of waiting, beyond SQLite's usual 10 s busy timeout.
        let blocked = try Blocked()
        #expect(blocked.log.contains("waiting for the catalog lock"), "\(blocked.log)")
        sleep(8)
        try blocked.holder.execute("COMMIT")
        let status = Self.wait(blocked.pid)
        #expect(status == 0, "the profile died of the lock: \(blocked.log)")
        let run = try #require(try Catalog(path: blocked.catalog, mustExist: true).run(1))
        #expect(run.status == .finished && run.progressDone == 8)
    }

    @Test func ctrlCWhileWaitingEndsItPromptly() throws {
        let blocked = try Blocked()
        let interrupted = Date()
        kill(blocked.pid, SIGINT)
        let status = Self.wait(blocked.pid)
        let seconds = Date().timeIntervalSince(interrupted)
        try blocked.holder.execute("COMMIT")
        #expect(status == 130, "\(blocked.log)")
        #expect(seconds < 5, "took \(seconds) s to stop")
        // The run cannot say it was interrupted (the lock was held): it shows as dead, and
        // --resume finishes it.
        let record = try #require(try Catalog(path: blocked.catalog, mustExist: true).run(1))
        #expect(record.status == .incomplete || record.liveness.isDead)
        let resume = try samplenet("profile", "--resume", "1", "--catalog", blocked.catalog)
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try Catalog(path: blocked.catalog, mustExist: true).run(1)?.progressDone == 8)
    }
}
