import Foundation
import Catalog
import TestSupport
import TUI
import Testing

/// Sharded profile runs through the binary (issue 21 items 1-2): plan, shards that only read
/// the catalog, merge. The merged run's edges and per-target CV equal a single-process run's
/// byte for byte; a shard killed and rerun writes the same bytes; a missing shard leaves the
/// run incomplete; a corrupted or foreign shard merges nothing and exits 65; merging again
/// after the fix finishes the run.
@Suite(.serialized) struct ShardCommandTests {
    static let run = ["profile", "--modulator", "emt", "--targets", "CDH1,VIM,SPARC,KRT19,ESRP1", "--regulators", "AEBP1,AHR,AKNA,ARID3A,ARID3B,ZEB1,SNAI2",
                      "--held-out", "20", "--bandwidth-grid", "0.2,1", "--gamma-grid", "0.1", "--lambda-count", "5", "--rounds", "1",
                      "--threads", "2"]

    func ok(_ arguments: [String]) throws -> RunResult {
        let result = try samplenet(arguments)
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func shardedRunEqualsTheSingleProcessRun() throws {
        let single = try copyOfSampleCatalog(), sharded = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("shards-\(UUID().uuidString)").path
        #expect(try ok(Self.run + ["--catalog", single]).stdout == "1\n")
        let planned = try ok(Self.run + ["--shards", "3", "--out", folder, "--catalog", sharded])
        #expect(planned.stdout == "1\n" && planned.stderr.contains("5 targets in 3 shards"))
        #expect(try samplenet("runs", "--catalog", sharded).stdout.contains("incomplete"))
        let catalogBefore = bytes(sharded)

        // Shards read the catalog only; shard 1 is killed once and rerun.
        let name = { (i: Int) in folder + "/shard-\(i)-of-3.tsv" }
        let pid = try spawn(samplenetBinary, ["profile", "--shard", "1/3", "--out", folder, "--catalog", sharded])
        usleep(300_000)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        for i in 1...3 { _ = try ok(["profile", "--shard", "\(i)/3", "--out", folder, "--catalog", sharded]) }
        #expect(bytes(sharded) == catalogBefore, "a shard wrote the catalog")
        let first = try #require(bytes(name(1)))
        try FileManager.default.removeItem(atPath: name(1))
        _ = try ok(["profile", "--shard", "1/3", "--out", folder, "--catalog", sharded])
        #expect(bytes(name(1)) == first, "a rerun shard differs")
        #expect(try ok(["profile", "--shard", "1/3", "--out", folder, "--catalog", sharded]).stderr.contains("already complete"))

        // Shard 2 missing: the explorer reads the folder (not the catalog) and says so.
        let second = try #require(bytes(name(2)))
        try FileManager.default.removeItem(atPath: name(2))
        let runs = try Catalog(path: sharded, mustExist: true).runs()
        #expect(ShardSummary.read(runs: runs)[1] == ShardSummary(total: 3, done: 2, running: 0, broken: 0, eta: nil))
        // Then the others merge, the run stays incomplete.
        let partial = try ok(["merge", "--run", "1", folder, "--catalog", sharded])
        #expect(partial.stderr.contains("merged 2 of 3 shards") && partial.stderr.contains("missing: shards 2") && partial.stderr.contains("run incomplete"))

        // Shard 2 corrupted (one digit of a beta changed): refused with exit 65, nothing of it merged.
        var text = String(decoding: second, as: UTF8.self)
        let fit = try #require(text.range(of: "\nfit\t"))
        let digit = try #require(text[fit.upperBound...].firstIndex { "123456789".contains($0) })
        text.replaceSubrange(digit...digit, with: text[digit] == "1" ? "2" : "1")
        try text.write(toFile: name(2), atomically: true, encoding: .utf8)
        let refused = try samplenet("merge", "--run", "1", folder, "--catalog", sharded)
        #expect(refused.status == 65 && refused.stderr.contains("shard-2-of-3.tsv"), "\(refused.stderr)")
        #expect(try samplenet("runs", "--catalog", sharded).stdout.contains("incomplete"))

        // The good file back: the run finishes, already merged targets count as duplicates.
        try second.write(to: URL(fileURLWithPath: name(2)))
        let merged = try ok(["merge", "--run", "1", folder, "--catalog", sharded])
        #expect(merged.stderr.contains("run finished") && merged.stderr.contains("already in the catalog"), "\(merged.stderr)")
        for query in [["edges", "--run", "1"], ["runs", "targets", "1", "--format", "tsv"]] {
            #expect(try ok(query + ["--catalog", sharded]).stdout == (try ok(query + ["--catalog", single]).stdout), "\(query)")
        }
    }

    @Test func foreignShardsAndBadSpecsAreRefused() throws {
        let catalog = try copyOfSampleCatalog()
        let a = testScratchFolder.appendingPathComponent("plan-a-\(UUID().uuidString)").path
        let b = testScratchFolder.appendingPathComponent("plan-b-\(UUID().uuidString)").path
        _ = try ok(Self.run + ["--shards", "2", "--out", a, "--catalog", catalog])
        _ = try ok(Self.run + ["--shards", "2", "--out", b, "--catalog", catalog])
        _ = try ok(["profile", "--shard", "1/2", "--out", b, "--catalog", catalog])
        try FileManager.default.copyItem(atPath: b + "/shard-1-of-2.tsv", toPath: a + "/shard-1-of-2.tsv")
        let foreign = try samplenet("merge", "--run", "1", a, "--catalog", catalog)
        #expect(foreign.status == 65 && foreign.stderr.contains("not run 1 shard 1/2"), "\(foreign.stderr)")
        #expect(try samplenet("merge", "--run", "2", a, "--catalog", catalog).status == 64)
        #expect(try samplenet("profile", "--shard", "3/2", "--out", a, "--catalog", catalog).status == 64)
        #expect(try samplenet("profile", "--shard", "1/4", "--out", a, "--catalog", catalog).status == 64)
        #expect(try samplenet(["profile", "--shard", "1/2", "--out", a, "--targets", "CDH1", "--catalog", catalog]).status == 64)
    }

    /// A modulation test in 2 shards merges to the same p, q and `edges --max-q` as one
    /// process; its shard files are byte-identical when rerun; q appears only once all are in.
    @Test func shardedTestEqualsTheSingleProcessTest() throws {
        let single = try copyOfSampleCatalog(), sharded = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("test-shards-\(UUID().uuidString)").path
        let fixed = ["profile", "--modulator", "emt", "--targets", "CDH1,VIM,SPARC", "--regulators", "AEBP1,AHR,AKNA,ARID3A,ZEB1,SNAI2"]
            + ProfileCommandTests.fixed
        for c in [single, sharded] { _ = try ok(fixed + ["--catalog", c]) }
        _ = try ok(["test", "--run", "1", "--permutations", "19", "--strata", "tissue", "--catalog", single])
        #expect(try ok(["test", "--run", "1", "--permutations", "19", "--strata", "tissue", "--shards", "2", "--out", folder,
                        "--catalog", sharded]).stdout == "1\n")
        _ = try ok(["test", "--shard", "2/2", "--out", folder, "--catalog", sharded])
        let half = try ok(["merge", "--test", "1", folder, "--catalog", sharded])
        #expect(half.stderr.contains("missing: shards 1") && half.stderr.contains("test incomplete"))
        #expect(try ok(["test-results", "--test", "1", "--catalog", sharded]).stdout.contains("\tNA\n"))   // no q yet
        _ = try ok(["test", "--shard", "1/2", "--out", folder, "--catalog", sharded])
        let file = folder + "/shard-1-of-2.tsv"
        let first = try #require(bytes(file))
        try FileManager.default.removeItem(atPath: file)
        _ = try ok(["test", "--shard", "1/2", "--out", folder, "--catalog", sharded])
        #expect(bytes(file) == first)
        #expect(try ok(["merge", "--test", "1", folder, "--catalog", sharded]).stderr.contains("test finished"))
        for query in [["test-results", "--test", "1"], ["edges", "--run", "1", "--max-q", "0.5"]] {
            #expect(try ok(query + ["--catalog", sharded]).stdout == (try ok(query + ["--catalog", single]).stdout), "\(query)")
        }
        #expect(try samplenet("merge", "--run", "1", folder, "--catalog", sharded).status == 64)     // a test's plan
    }

    /// `runs shards DIR` from the folder alone: a finished shard (file and status), a shard
    /// whose status says running on this host but whose process is gone (dead), and one
    /// running elsewhere at half way after 100 s (ETA about 100 s).
    @Test func progressFromTheShardFolder() throws {
        let catalog = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("progress-\(UUID().uuidString)").path
        _ = try ok(["profile", "--modulator", "emt", "--targets", "CDH1,VIM,SPARC", "--regulators", "AEBP1,AHR,ZEB1", "--shards", "3",
                    "--out", folder, "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(try ok(["runs", "shards", folder]).stdout.contains("run 1: 3 shards: 0 done, 0 running, 0 dead, 0 failed, 0 interrupted, 3 pending"))
        _ = try ok(["profile", "--shard", "1/3", "--out", folder, "--catalog", catalog])
        let now = Date().timeIntervalSince1970
        let host = ProcessInfo.processInfo.hostName
        func status(_ i: Int, host: String, pid: Int32, started: Double, done: Int) throws {
            let json = "{\"done\":\(done),\"host\":\"\(host)\",\"pid\":\(pid),\"started\":\(started),\"state\":\"running\",\"total\":100,\"updated\":\(now)}\n"
            try json.write(toFile: folder + "/shard-\(i)-of-3.status", atomically: true, encoding: .utf8)
        }
        try status(2, host: host, pid: Int32.max - 7, started: now - 50, done: 10)
        try status(3, host: "elsewhere-node", pid: 1, started: now - 100, done: 50)
        let text = try ok(["runs", "shards", folder]).stdout
        #expect(text.contains("3 shards: 1 done, 1 running, 1 dead, 0 failed, 0 interrupted, 0 pending"), "\(text)")
        #expect(text.contains("shard 2: dead on \(host)") && text.contains("shard 3: running on elsewhere-node (pid 1), 50/100, ETA 1:40"), "\(text)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try ok(["runs", "shards", folder, "--format", "json"]).stdout.utf8)) as? [String: Any])
        #expect(abs((json["running_eta_seconds"] as? Double ?? 0) - 100) < 1e-6)
    }
}
