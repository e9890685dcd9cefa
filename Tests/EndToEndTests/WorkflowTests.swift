import Foundation
import TestSupport
import Testing

/// The documented `workflow/Snakefile` run by a real Snakemake with --cores 2 (issue 21 item 4):
/// plan, three shard jobs, merge; the merged run's edges equal a single-process run's. Needs
/// `snakemake` on PATH (`make test-workflow` installs it from PyPI); skipped otherwise.
@Suite(.serialized) struct WorkflowTests {
    static let snakemake: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { "\($0)/snakemake" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: snakemake != nil, "snakemake is not on PATH (make test-workflow installs it)"))
    func snakefileRunsShardsAndMerge() throws {
        let sharded = try copyOfSampleCatalog(), single = try copyOfSampleCatalog()
        let folder = testScratchFolder.appendingPathComponent("workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let args = ["--modulator", "emt", "--targets", "CDH1,VIM,SPARC,KRT19,ESRP1", "--regulators", "AEBP1,AHR,AKNA,ARID3A,ZEB1,SNAI2",
                    "--bandwidth", "0.5", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion"]
        let result = try runProgram(Self.snakemake!, ["-s", repositoryRoot.appendingPathComponent("workflow/Snakefile").path, "--cores", "2",
                                                      "--directory", folder.path, "--config", "catalog=\(sharded)", "out=shards", "shards=3",
                                                      "samplenet=\(samplenetBinary)", "profile_args=\(args.joined(separator: " "))"])
        try #require(result.status == 0, "\(result.stderr)")
        for i in 1...3 { #expect(FileManager.default.fileExists(atPath: folder.path + "/shards/shard-\(i)-of-3.tsv")) }
        #expect(try samplenet(["profile"] + args + ["--catalog", single]).status == 0)
        let merged = try samplenet("edges", "--run", "1", "--catalog", sharded).stdout
        let reference = try samplenet("edges", "--run", "1", "--catalog", single).stdout
        #expect(!merged.isEmpty && merged == reference)
    }
}
