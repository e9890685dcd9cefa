import Foundation
import TestSupport
import Testing
@testable import Catalog

/// `samplenet profile`, `runs`, `edges`: the run lifecycle through the real binary.
@Suite(.serialized) struct ProfileCommandTests {
    static let regulators = "@" + repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/regulators30.txt").path
    static let fixed = ["--bandwidth", "0.5", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion"]
    static let targets = "CDH1,VIM,ZEB1,ESRP1,GRHL2,EPCAM,SPARC,KRT19"

    @Test func printsTheRunIDAloneAndStoresEdges() throws {
        let catalog = try copyOfSampleCatalog()
        let result = try runProgram(samplenetBinary, ["profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM",
                                                      "--regulators", Self.regulators, "--catalog", catalog, "--timings"] + Self.fixed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "1\n")
        #expect(result.stderr.contains("67 cell lines without a value left out"))
        // --timings: inputs, then designs and solves (both took time) within the whole.
        let times = result.stderr.split(separator: "\n").filter { $0.hasPrefix("timings:") }
            .flatMap { $0.split(separator: " ").compactMap { Double($0) } }
        #expect(times.count == 4 && times[1] > 0 && times[2] > 0 && times[0] < times[3], "\(result.stderr)")
        let runs = try samplenet("runs", "--format", "json", "--catalog", catalog)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["status"] as? String == "finished")
        #expect(list[0]["cells"] as? Int == 908 && list[0]["cells_skipped"] as? Int == 67)
        #expect(list[0]["targets_done"] as? Int == 2)
        #expect((list[0]["edges"] as? Int ?? 0) > 0)
        let parameters = try #require(list[0]["parameters"] as? [String: Any])
        #expect(parameters["modulator"] as? String == "gefitinib")
        #expect((parameters["regulators"] as? [String])?.count == 30)

        // tsv: header, sorted rows, numbers that read back exactly to the stored doubles.
        let tsv = try samplenet("edges", "--run", "1", "--target", "CDH1", "--catalog", catalog)
        let lines = tsv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "cell\tregulator\ttarget\tbeta")
        let rows = lines.dropFirst().map { $0.split(separator: "\t").map(String.init) }
        #expect(rows.allSatisfy { $0.count == 4 && $0[2] == "CDH1" })
        #expect(rows.map { [$0[0], $0[1]] } == rows.map { [$0[0], $0[1]] }.sorted { $0.lexicographicallyPrecedes($1) })
        let stored = try Catalog(path: catalog, mustExist: true)
        var exact: [String: Double] = [:]
        try stored.edges(runID: 1, targetID: stored.genes().first { $0.symbol == "CDH1" }?.id) { exact["\($0.cell) \($0.regulator)"] = $0.beta }
        #expect(rows.count == exact.count)
        #expect(rows.allSatisfy { Double($0[3]) == exact["\($0[0]) \($0[1])"] })

        // json and ndjson carry the same edges.
        let json = try samplenet("edges", "--run", "1", "--target", "CDH1", "--format", "json", "--catalog", catalog)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == rows.count)
        let ndjson = try samplenet("edges", "--run", "1", "--target", "CDH1", "--format", "ndjson", "--catalog", catalog)
        #expect(ndjson.stdout.split(separator: "\n").count == rows.count)
        let csv = try samplenet("edges", "--run", "1", "--cell", "MDA-MB-231", "--format", "csv", "--catalog", catalog)
        #expect(csv.stdout.hasPrefix("cell,regulator,target,beta\n"))
        #expect(csv.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("MDAMB231,") })
    }

    @Test func unknownGenesAreNamed() throws {
        let catalog = try copyOfSampleCatalog()
        let result = try samplenet("profile", "--modulator", "emt", "--targets", "CDH1,NOTAGENE,ALSONOT", "--catalog", catalog)
        #expect(result.status == 64)
        #expect(result.stderr.contains("unknown target genes: NOTAGENE, ALSONOT"))
        #expect(result.stdout.isEmpty)
        let noModulator = try samplenet("profile", "--modulator", "nonesuch", "--targets", "CDH1", "--catalog", catalog)
        #expect(noModulator.status == 64)
        #expect(noModulator.stderr.contains("no modulator named nonesuch"))
    }

    /// Real data, full default estimator (bandwidth CV + recursive mWAICc): the batched
    /// path, whose fits start each grid point from the neighbouring cell's support
    /// (PathGuide), gives the per-fit path's edges: the same (cell, regulator, target) set
    /// and betas within 1e-9.
    @Test func guidedBatchedRunEqualsThePerFitPathOnRealData() throws {
        let catalog = try copyOfSampleCatalog()
        let common = ["profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM", "--regulators", Self.regulators,
                      "--threads", "2", "--catalog", catalog]
        #expect(try runProgram(samplenetBinary, common).stdout == "1\n")
        #expect(try runProgram(samplenetBinary, common + ["--per-fit"]).stdout == "2\n")
        func edges(_ run: Int) throws -> [String: Double] {
            var table: [String: Double] = [:]
            for line in try samplenet("edges", "--run", "\(run)", "--catalog", catalog).stdout.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: "\t")
                table[fields[0..<3].joined(separator: " ")] = Double(fields[3])
            }
            return table
        }
        let guided = try edges(1), perFit = try edges(2)
        #expect(guided.count > 1000)
        #expect(Set(guided.keys) == Set(perFit.keys))
        let worst = guided.map { abs($0.value - (perFit[$0.key] ?? .infinity)) }.max() ?? 0
        #expect(worst <= 1e-9, "max |beta difference| \(worst)")

        // The static arm (METHOD.md 1.7) was part of both CVs: each target has its best finite
        // h, the static fit's CV error and a verdict, the same on both paths.
        func targets(_ run: Int) throws -> [[String: Any]] {
            let out = try samplenet("runs", "targets", "\(run)", "--format", "json", "--catalog", catalog)
            #expect(out.stderr.contains("2 targets, 2 finished"), "\(out.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        }
        let a = try targets(1), b = try targets(2)
        #expect(a.map { $0["target"] as? String } == ["CDH1", "VIM"])
        for (x, y) in zip(a, b) {
            let verdict = x["verdict"] as? String
            #expect(verdict == "varies" || verdict == "static is as good")
            #expect(verdict == y["verdict"] as? String && x["best_finite_bandwidth"] as? Double == y["best_finite_bandwidth"] as? Double)
            let s1 = try #require(x["static_cv_error"] as? Double), s2 = try #require(y["static_cv_error"] as? Double)
            #expect(abs(s1 - s2) <= 1e-9 * s2 && (x["difference_se"] as? Double ?? -1) >= 0)
            #expect((x["static"] as? String == "true") == (verdict == "static is as good"))
        }
        let text = try samplenet("runs", "targets", "1", "--catalog", catalog).stdout
        #expect(text.contains("static CV error (SE)") && text.contains("CDH1") && text.contains("2 targets, 2 finished; "))
    }

    /// Ctrl-C after the first committed target leaves the run incomplete (exit 130); --resume
    /// finishes it without redoing finished targets, and the edges equal an uninterrupted run's.
    @Test func interruptAndResumeGiveTheSameEdgesAsOneRun() throws {
        let catalog = try copyOfSampleCatalog()
        let arguments = ["profile", "--modulator", "gefitinib", "--targets", Self.targets, "--regulators", Self.regulators,
                         "--threads", "2", "--batch", "2", "--catalog", catalog] + Self.fixed
        let reference = try runProgram(samplenetBinary, arguments)
        #expect(reference.stdout == "1\n")

        // Start run 2 and interrupt it once a target is committed.
        let pid = try spawn(samplenetBinary, arguments)
        let reader = try Catalog(path: catalog, mustExist: true)
        var done = 0
        for _ in 0..<600 where done < 1 {
            usleep(20_000)
            done = try reader.run(2)?.progressDone ?? 0
        }
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let interrupted = try #require(try reader.run(2))
        try #require(interrupted.progressDone < 8, "the run finished before the interrupt; make it slower")
        #expect((status >> 8) & 0xff == 130)
        #expect(interrupted.status == .incomplete)
        #expect(interrupted.message.contains("--resume 2"))
        let committed = interrupted.progressDone

        let resumed = try samplenet("profile", "--resume", "2", "--catalog", catalog)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == "2\n")
        #expect(resumed.stderr.contains("\(8 - committed) of 8 targets to do"))
        #expect(try reader.run(2)?.status == .finished)
        let one = try samplenet("edges", "--run", "1", "--catalog", catalog).stdout
        let two = try samplenet("edges", "--run", "2", "--catalog", catalog).stdout
        #expect(one == two)
        #expect(one.split(separator: "\n").count > 100)
        let again = try samplenet("profile", "--resume", "2", "--catalog", catalog)
        #expect(again.stderr.contains("already finished"))
    }
}
