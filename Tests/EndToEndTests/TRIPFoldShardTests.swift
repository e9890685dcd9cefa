import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The per-fold profiles of an honest TRIP run, sharded and kept in a folder (issue 21 item 1):
/// `--fold-shard I/N` profiles its units reading the catalog only; a unit profiled again writes
/// the same bytes; the TRIP run that reads them stores exactly the scores and predictions of a
/// run that profiled everything itself; a folder made for other inputs, or a damaged file, is
/// refused with exit 65 naming the file, and nothing is written.
@Suite(.serialized) struct TRIPFoldShardTests {
    static let profile = ["profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM", "--regulators", ProfileCommandTests.regulators]
        + ProfileCommandTests.fixed
    static let trip = ["trip", "--run", "1", "--response", "gefitinib", "--repeats", "1", "--folds", "3", "--epochs", "20",
                       "--hidden", "0", "--threads", "1"]

    func ok(_ arguments: [String]) throws -> RunResult {
        let result = try samplenet(arguments)
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    func files(_ folder: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: folder + "/" + $0)!) })
    }

    @Test func shardedFoldProfilesGiveTheSameRun() throws {
        let catalog = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("folds-\(UUID().uuidString)").path
        #expect(try ok(Self.profile + ["--catalog", catalog]).stdout == "1\n")
        let before = FileManager.default.contents(atPath: catalog)
        for i in 1...2 {
            let shard = try ok(Self.trip + ["--fold-dir", folder, "--fold-shard", "\(i)/2", "--catalog", catalog])
            #expect(shard.stdout.isEmpty && shard.stderr.contains("fold shard \(i)/2: \(i == 1 ? 5 : 4) profiled"), "\(shard.stderr)")
        }
        #expect(FileManager.default.contents(atPath: catalog) == before, "a fold shard wrote the catalog")
        let written = try files(folder)
        #expect(written.count == 9)     // 3 folds x (response + 2 controls)

        // A unit profiled again writes the same bytes; the others are checked and kept.
        try FileManager.default.removeItem(atPath: folder + "/fold-v1-s0.bin")
        let again = try ok(Self.trip + ["--fold-dir", folder, "--fold-shard", "2/2", "--catalog", catalog])
        #expect(again.stderr.contains("1 profiled, 3 already"), "\(again.stderr)")
        #expect(try files(folder) == written)

        // The run reading the folder equals a run that profiles everything itself.
        let read = try ok(Self.trip + ["--fold-dir", folder, "--catalog", catalog])
        #expect(read.stdout == "2\n" && read.stderr.contains("(from the fold store) done (9/"), "\(read.stderr)")
        #expect(try ok(Self.trip + ["--catalog", catalog]).stdout == "3\n")
        let c = try Catalog(path: catalog, mustExist: true)
        let scores = { (run: Int) in try c.tripScores(runID: run).map { "\($0.model) \($0.metric) \($0.fold) \($0.value.bitPattern)" } }
        #expect(try scores(2) == scores(3) && !scores(2).isEmpty)
        // The runs list carries each TRIP run's stored verdict (the explorer's Jobs shows it).
        let verdicts = try c.runs().map(\.verdict)
        let stored = try c.tripVerdict(runID: 2)?.verdict
        #expect(verdicts[0] == nil && verdicts[1] == stored && stored != nil)
        let modules = { (run: Int) in try ok(["subnetworks", "--trip", String(run), "--catalog", catalog]).stdout }
        #expect(try modules(2) == modules(3))

        // Another seed's run does not take these profiles; a damaged file is refused.
        let foreign = try samplenet(Self.trip + ["--seed", "2", "--fold-dir", folder, "--catalog", catalog])
        #expect(foreign.status == 65 && foreign.stderr.contains("fold-v0-s0.bin") && foreign.stderr.contains("made for other inputs"), "\(foreign.stderr)")
        let damaged = folder + "/fold-v0-s0.bin"
        let original = try #require(FileManager.default.contents(atPath: damaged))
        try original.dropLast(7).write(to: URL(fileURLWithPath: damaged))
        let runsBefore = try c.runs().count
        let truncated = try samplenet(Self.trip + ["--fold-dir", folder, "--catalog", catalog])
        #expect(truncated.status == 65 && truncated.stderr.contains("fold-v0-s0.bin") && truncated.stderr.contains("truncated"), "\(truncated.stderr)")
        #expect(try c.runs().count == runsBefore)
        // Options that profile nothing have no use for the folder.
        let plain = try samplenet(["trip", "--run", "1", "--response", "erlotinib", "--fold-dir", folder, "--catalog", catalog])
        #expect(plain.status != 0 && plain.stderr.contains("has none"), "\(plain.stderr)")
    }
}
