import Catalog
import Foundation
import TestSupport
import Testing
@testable import TUI

/// The explorer's catalog poller notices a job killed with SIGKILL (which writes nothing to
/// the catalog) within a few seconds, so the Jobs view stops showing it as running.
@Suite struct RunPollerTests {
    @Test func aKilledJobIsSeenDeadWithoutAnyWrite() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        let job = try spawn("/bin/sleep", ["60"])
        defer { kill(job, SIGKILL); var status: Int32 = 0; waitpid(job, &status, 0) }
        var stamp: String?
        for _ in 0..<100 where stamp == nil { stamp = ProcessIdentity.startStamp(of: Int(job)); usleep(10_000) }
        try catalog.connection.run("""
            INSERT INTO run (id, kind, params_json, data_hash, status, created_at, pid, host, process_start)
            VALUES (1, 'profile', '{}', 'x', 'running', 'now', ?, ?, ?)
            """, [.integer(Int64(job)), .text(ProcessInfo.processInfo.hostName), stamp.map { .text($0) } ?? .null])
        let inbox = Inbox()
        let poller = CatalogPoller(path: catalog.path, inbox: inbox)
        poller.start(interval: 0.05, livenessInterval: 0.5)
        defer { poller.stop() }
        func latest(within seconds: Double, where ok: (RunRecord) -> Bool) -> RunRecord? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                for case let .runsLoaded(runs) in inbox.drain() { if let r = runs.first, ok(r) { return r } }
                usleep(20_000)
            }
            return nil
        }
        #expect(latest(within: 5) { $0.liveness == .alive } != nil, "the live job is seen running")
        kill(job, SIGKILL)
        var status: Int32 = 0
        waitpid(job, &status, 0)
        let dead = latest(within: 5) { $0.liveness.isDead }
        #expect(dead != nil, "the poller did not notice the killed job")
        #expect(dead?.shownStatus == "dead")
    }
}
