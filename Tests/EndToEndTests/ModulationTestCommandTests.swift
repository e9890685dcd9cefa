import Foundation
import TestSupport
import Testing
@testable import Catalog
import TUI

/// `samplenet test`, `test-results` and `edges --max-q` through the binary (METHOD.md 1.7):
/// cost printed first, p-values on the permutation grid, q once finished, and an interrupted
/// test (batches of 1, resumed in batches of 2) with the same results as an uninterrupted one
/// (one batch of 3).
@Suite(.serialized) struct ModulationTestCommandTests {
    static let profile = ["profile", "--modulator", "emt", "--targets", "CDH1,VIM,SPARC", "--regulators", "AEBP1,AHR,AKNA,ARID3A,ARID3B",
                          "--threads", "2"] + ProfileCommandTests.fixed
    static let test = ["test", "--run", "1", "--permutations", "19", "--threads", "2"]

    func results(_ test: Int, _ catalog: String) throws -> String {
        try samplenet("test-results", "--test", "\(test)", "--catalog", catalog).stdout
    }

    @Test func testsResumeToTheSameResults() throws {
        let catalog = try copyOfSampleCatalog()
        #expect(try samplenet(Self.profile + ["--catalog", catalog]).stdout == "1\n")
        let first = try samplenet(Self.test + ["--catalog", catalog])
        #expect(first.status == 0 && first.stdout == "1\n", "\(first.stderr)")
        #expect(first.stderr.contains("19 permutations x 3 targets in 1 batch x") && first.stderr.contains("of CPU, about"))
        #expect(first.stderr.contains("test 1 finished: 15 edges tested"))
        let json = try samplenet("test-results", "--test", "1", "--format", "json", "--catalog", catalog)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 15)
        for row in rows {
            let p = try #require(row["p"] as? Double), exceed = try #require(row["exceed"] as? Int), q = try #require(row["q"] as? Double)
            #expect(p == Double(1 + exceed) / 20 && q >= p && q <= 1)
        }
        #expect(rows.map { $0["p"] as! Double } == rows.map { $0["p"] as! Double }.sorted())

        // Interrupt test 2 once a target is committed, then resume it.
        let pid = try spawn(samplenetBinary, Self.test + ["--batch", "1", "--catalog", catalog])
        let reader = try Catalog(path: catalog, mustExist: true)
        var done = 0
        for _ in 0..<3000 where done < 1 {
            usleep(10_000)
            done = (try? reader.modulationTestTargets(2).filter(\.finished).count) ?? 0
        }
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let interrupted = try #require(try reader.modulationTest(2))
        try #require(try reader.modulationTestTargets(2).filter(\.finished).count < 3, "the test finished before the interrupt")
        #expect(interrupted.status == .incomplete && (status >> 8) & 0xff == 130)
        #expect(try samplenet("test-results", "--test", "2", "--catalog", catalog).stdout.contains("\tNA\n"))   // no q yet
        let refused = try samplenet("test", "--resume", "2", "--permutations", "50", "--catalog", catalog)
        #expect(refused.status == 64)
        let resumed = try samplenet("test", "--resume", "2", "--threads", "1", "--batch", "2", "--catalog", catalog)
        #expect(resumed.status == 0 && resumed.stdout == "2\n", "\(resumed.stderr)")
        #expect(try results(2, catalog) == results(1, catalog))

        // Effects: stored, and the call rule (q and effect >= 0.1) is what --max-q keeps.
        let all = try results(1, catalog).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(all.first == ["regulator", "target", "statistic", "exceed", "permutations", "p", "q", "effect", "varies"])
        let big = Set(all.dropFirst().filter { Double($0[7])! >= 0.1 }.map { $0[0] + ">" + $0[1] })
        for r in all.dropFirst() { #expect(r[8] == String(Double(r[6])! <= 0.1 && Double(r[7])! >= 0.1), "\(r)") }
        let kept = try samplenet("test-results", "--test", "1", "--max-q", "1", "--catalog", catalog).stdout.split(separator: "\n").dropFirst()
        #expect(Set(kept.map { $0.split(separator: "\t").prefix(2).joined(separator: ">") }) == big && big.count < 15 && !big.isEmpty)

        // edges --max-q reads the latest finished test and adds q.
        let edges = try samplenet("edges", "--run", "1", "--target", "CDH1", "--max-q", "1", "--min-effect", "0", "--catalog", catalog)
        let lines = edges.stdout.split(separator: "\n")
        #expect(lines.first == "cell\tregulator\ttarget\tbeta\tq" && lines.count > 100)
        let called = try samplenet("edges", "--run", "1", "--max-q", "1", "--catalog", catalog).stdout.split(separator: "\n").dropFirst()
        #expect(Set(called.map { $0.split(separator: "\t")[1...2].joined(separator: ">") }) == big)
        let none = try samplenet("edges", "--run", "1", "--max-q", "0", "--catalog", catalog)
        #expect(none.status == 0 && none.stdout == "cell\tregulator\ttarget\tbeta\tq\n")

        // effects shows q whenever a test exists; exports filter on it and carry it.
        let tested = Dictionary(uniqueKeysWithValues: try results(1, catalog).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t").map(String.init)
            return (f[0] + ">" + f[1], f[6])
        })
        let effects = try samplenet("effects", "--run", "1", "--target", "CDH1", "--catalog", catalog).stdout.split(separator: "\n")
        #expect(effects.first?.hasSuffix("\tq") == true)
        for line in effects.dropFirst() {
            let f = line.split(separator: "\t").map(String.init)
            #expect(f.last == tested[f[1] + ">CDH1"] ?? "NA", "\(line)")
        }
        let wide = try samplenet("export", "wide", "--run", "1", "--max-q", "1", "--min-effect", "0", "--catalog", catalog).stdout.split(separator: "\n")
        #expect(wide.first?.hasPrefix("edge\tregulator\ttarget\tq\t") == true && wide.count == 16)
        let cell = try samplenet("export", "network", "--run", "1", "--cell", "MDA-MB-231", "--max-q", "1", "--catalog", catalog)
        #expect(cell.stdout.split(separator: "\n").first?.hasSuffix("\tq") == true, "\(cell.stdout)")

        // The explorer's edge list shows q from the finished test and filters on it with Q.
        var session = try HeadlessSession(catalog: try Catalog(path: catalog, mustExist: true), modulator: "emt")
        let frame = session.press(.enter).frame.snapshot
        #expect(frame.contains("q: modulation test"), "\(frame)")
        #expect(session.state.cellEdges?.edges.contains { $0.q != nil } == true)
        #expect(session.press(.char("Q")).frame.snapshot.contains("q<=0.1, effect>=0.1: "))
    }

    /// Stability selection through the binary: frequencies on the 2B-halves grid, the
    /// threshold's stable flag, the bound in the summary, and not mistaken for a q source.
    @Test func stabilitySelection() throws {
        let catalog = try copyOfSampleCatalog()
        #expect(try samplenet(Self.profile + ["--catalog", catalog]).stdout == "1\n")
        let run = try samplenet("test", "--run", "1", "--kind", "stability", "--pairs", "5", "--threshold", "0.8", "--threads", "2",
                                "--catalog", catalog)
        #expect(run.status == 0 && run.stdout == "1\n", "\(run.stderr)")
        #expect(run.stderr.contains("5 pairs of halves (about one full profile each) x 3 targets in 1 batch x"))
        #expect(run.stderr.contains("expected falsely selected among them <= "))
        let json = try samplenet("test-results", "--run", "1", "--kind", "stability", "--format", "json", "--catalog", catalog)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows {
            let f = try #require(row["frequency"] as? Double), k = try #require(row["halves_selecting"] as? Int)
            #expect(f == Double(k) / 10 && (row["stable"] as? String == "true") == (f >= 0.8))
        }
        #expect(try samplenet("edges", "--run", "1", "--max-q", "0.1", "--catalog", catalog).status == 64)   // no permutation test
        #expect(try samplenet("test-results", "--test", "1", "--max-q", "0.1", "--catalog", catalog).status == 64)
    }

    @Test func badRequestsAreRefused() throws {
        let catalog = try copyOfSampleCatalog()
        #expect(try samplenet("test", "--run", "9", "--catalog", catalog).status == 64)
        #expect(try samplenet("test", "--run", "1", "--permutations", "5", "--catalog", catalog).status == 64)
        #expect(try samplenet("test", "--run", "1", "--kind", "stability", "--threshold", "0.5", "--catalog", catalog).status == 64)
        #expect(try samplenet("edges", "--run", "1", "--max-q", "0.1", "--catalog", catalog).status == 64)
        #expect(try samplenet("test-results", "--run", "1", "--catalog", catalog).status == 64)
    }
}
