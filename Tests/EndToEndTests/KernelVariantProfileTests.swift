import Compute
import Foundation
import TestSupport
import Testing
@testable import Catalog

/// A small profile through the binary under each instruction-set variant of the C kernels
/// this CPU runs (SAMPLENET_KERNELS): per variant, an uninterrupted run with --batch 3 and a
/// run with --batch 1 interrupted after its first commit and resumed with --batch 2 give
/// byte-identical edges; and every variant's edges are byte-identical to the baseline's (so
/// within any relative tolerance, 1e-12 included). Variants this CPU cannot run are named.
@Suite(.serialized) struct KernelVariantProfileTests {
    static let arguments = ["profile", "--modulator", "gefitinib", "--targets", ProfileCommandTests.targets,
                            "--regulators", ProfileCommandTests.regulators, "--threads", "2"] + ProfileCommandTests.fixed

    /// Starts a run, SIGINTs it once a target is committed, resumes it with --batch 2.
    static func interruptedAndResumed(catalog: String, run: Int, environment: [String: String]) throws -> String {
        let pid = try spawn(samplenetBinary, arguments + ["--batch", "1", "--catalog", catalog], environment: environment)
        let reader = try Catalog(path: catalog, mustExist: true)
        var done = 0
        for _ in 0..<1000 where done < 1 {
            usleep(10_000)
            done = try reader.run(run)?.progressDone ?? 0
        }
        kill(pid, SIGINT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let interrupted = try #require(try reader.run(run))
        try #require(interrupted.progressDone < 8, "the run finished before the interrupt")
        #expect(interrupted.status == .incomplete)
        let resumed = try runProgram(samplenetBinary, ["profile", "--resume", "\(run)", "--batch", "2", "--catalog", catalog],
                                     environment: environment)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        return try samplenet("edges", "--run", "\(run)", "--catalog", catalog).stdout
    }

    @Test func everyVariantResumesBitIdenticallyAndAgreesWithTheBaseline() throws {
        var baseline: String?
        for variant in DenseKernels.Variant.allCases {
            guard variant.isSupported else {
                print("KernelVariantProfileTests: \(variant.name) not run (this CPU cannot)")
                continue
            }
            let environment = [DenseKernels.environmentVariable: variant.name]
            let catalog = try copyOfSampleCatalog()
            let whole = try runProgram(samplenetBinary, Self.arguments + ["--batch", "3", "--catalog", catalog], environment: environment)
            #expect(whole.stdout == "1\n", "\(whole.stderr)")
            let reference = try samplenet("edges", "--run", "1", "--catalog", catalog).stdout
            #expect(reference.split(separator: "\n").count > 100)
            let resumed = try Self.interruptedAndResumed(catalog: catalog, run: 2, environment: environment)
            #expect(resumed == reference, "\(variant.name): the resumed run differs from the uninterrupted one")
            if let baseline { #expect(reference == baseline, "\(variant.name) differs from the baseline variant") } else { baseline = reference }
        }
    }

    @Test func anUnknownOrUnsupportedVariantIsRefused() throws {
        let catalog = try copyOfSampleCatalog()
        let unknown = try runProgram(samplenetBinary, Self.arguments + ["--catalog", catalog], environment: [DenseKernels.environmentVariable: "avx9000"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("names no kernel variant"))
        if let missing = DenseKernels.Variant.allCases.first(where: { !$0.isSupported }) {
            let refused = try runProgram(samplenetBinary, Self.arguments + ["--catalog", catalog], environment: [DenseKernels.environmentVariable: missing.name])
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("cannot run"))
        }
        #expect(try samplenet("runs", "--format", "json", "--catalog", catalog).stdout.contains("\"id\"") == false)
    }
}
