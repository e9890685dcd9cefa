import ArgumentParser
import Catalog
import Foundation
import Jobs

extension ModulationTestJob.Strata: ExpressibleByArgument {}
extension EdgeTestKind: ExpressibleByArgument {}

/// `samplenet test`: per-edge permutation p- and q-values of a profile run (METHOD.md 1.7).
struct ModulationTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Which edges vary with the modulator beyond chance (permutation p and q per edge), or how stable they are (stability selection).",
        discussion: """
            For every target of a finished profile run: T = sd over lines of each edge's beta
            under one fixed estimator (the target's bandwidth, its lambda and gamma: the run's
            when fixed, else the median selected lambda and the most frequent gamma; one
            round), against B profiles with the modulator permuted across lines (within tissues
            with --strata tissue). p = (1 + #{T_perm >= T}) / (B + 1); q by Benjamini-Hochberg
            over every tested edge of the run. A target whose bandwidth CV chose the static fit
            has p = 1 for every edge. Targets are tested in batches (--batch) sharing each
            permutation, which is the same for every target. The cost (permutations x batches x
            measured seconds per profile) is printed before the work starts.

            --kind stability instead runs complementary-pairs stability selection (METHOD.md
            1.7): --pairs B pairs of disjoint random halves of the lines (within tissues with
            --strata tissue), each profiled alone with the same fixed estimator; an edge is
            selected in a half when non-zero in more than 10% of its lines; its frequency is
            the share of the 2B halves selecting it. The summary gives, for --threshold tau,
            the bound q^2 / ((2 tau - 1) p) per target on the expected number of falsely
            selected edges with frequency >= tau (q: mean selected per half, p: candidates),
            summed over targets.

            Prints the test id alone on stdout. Each target is committed when done: Ctrl-C
            leaves the test incomplete (exit 130) and `samplenet test --resume ID` finishes it
            with the same results. Read results with `samplenet test-results --test ID` or
            `samplenet edges --run RUN --max-q 0.1`.
            Examples:
              samplenet test --run 1
              samplenet test --run 1 --permutations 1000 --strata tissue --threads 8
              samplenet test --run 1 --kind stability --pairs 50 --threshold 0.8
              samplenet test --resume 2
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), help: "The finished profile run to test.") var runID: Int?
    @Option(help: "permutation (p and q per edge) or stability (selection frequency per edge).") var kind: EdgeTestKind = .permutation
    @Option(parsing: .unconditional, help: "Permutations B per target (permutation).") var permutations = ModulationTestJob.defaultPermutations
    @Option(parsing: .unconditional, help: "Complementary pairs of halves per target (stability).") var pairs = ModulationTestJob.defaultPairs
    @Option(parsing: .unconditional, help: "Stability threshold tau in (0.5, 1] for the false-selection bound.")
    var threshold = ModulationTestJob.defaultThreshold
    @Option(help: "Permute within groups of this annotation: tissue.") var strata: ModulationTestJob.Strata?
    @Option(parsing: .unconditional, help: "Seed of the permutations (SplitMix64).") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Resume an incomplete test.", valueName: "test-id")) var resume: Int?
    @Option(parsing: .unconditional, help: "Targets tested together on shared Grams (memory grows with it; results do not change).")
    var batch = ProfileJob.defaultBatchSize
    @Option(parsing: .unconditional, help: ArgumentHelp("Create the test and a plan for N shards in --out; test nothing (run each with --shard I/N, then `samplenet merge --test ID DIR`).", valueName: "N"))
    var shards: Int?
    @Option(help: ArgumentHelp("Test shard I of the plan in --out (catalog read-only) and write its file there.", valueName: "I/N"))
    var shard: ShardSpec?
    @Option(help: ArgumentHelp("The shard folder (with --shards or --shard).", valueName: "dir")) var out: String?

    func validate() throws {
        if shard != nil || shards != nil || out != nil { return try validateSharding() }
        guard (runID == nil) != (resume == nil) else { throw ValidationError("give --run ID, or --resume TEST-ID alone") }
        if resume != nil && (permutations != ModulationTestJob.defaultPermutations || pairs != ModulationTestJob.defaultPairs
                             || threshold != ModulationTestJob.defaultThreshold || kind != .permutation || strata != nil || seed != 1) {
            throw ValidationError("--resume takes the test's own settings; drop --kind, --permutations, --pairs, --threshold, --strata and --seed (only --threads and --batch may change)")
        }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard (1...100_000).contains(pairs) else { throw ValidationError("--pairs must be between 1 and 100000") }
        guard threshold > 0.5 && threshold <= 1 else { throw ValidationError("--threshold must lie in (0.5, 1]: the bound needs tau > 1/2") }
        guard (19...1_000_000).contains(permutations) else {
            throw ValidationError("--permutations must be between 19 and 1000000 (with fewer, no p-value can reach 0.05)")
        }
        let maxThreads = 4 * ProcessInfo.processInfo.activeProcessorCount
        guard (1...maxThreads).contains(threads) else { throw ValidationError("--threads must be between 1 and \(maxThreads) (4 per core of this machine)") }
    }

    /// The run's parameters and data, refused when the catalog's data changed since the run.
    static func load(_ cat: Catalog, runID: Int) throws -> (ProfileParameters, ProfileData) {
        guard let run = try cat.run(runID) else { throw InputError.usage("run \(runID) is gone") }
        let parameters = try ProfileParameters.decode(run.parametersJSON)
        let data = try ProfileData.load(catalog: cat, parameters: parameters)
        guard data.dataHash == run.dataHash else {
            throw InputError.usage("the catalog's data changed since run \(runID) was made (data hash differs); profile again")
        }
        return (parameters, data)
    }

    func run() throws {
        try ExitStatus.guarded {
            if let shard, let out { return try runShard(shard, folder: out) }
            let cat = try catalog.open()
            var job = ModulationTestJob(catalog: cat, threads: threads)
            job.batchSize = batch
            let record: ModulationTestRecord
            let parameters: ProfileParameters, data: ProfileData
            if let resume {
                guard let found = try cat.modulationTest(resume) else { throw InputError.usage("no modulation test \(resume) in \(cat.path)") }
                (parameters, data) = try Self.load(cat, runID: found.runID)
                try cat.resumeModulationTest(resume)
                record = try cat.modulationTest(resume)!
            } else {
                guard let runID, let run = try cat.run(runID), run.kind == .profile else {
                    throw InputError.usage("no profile run \(runID ?? 0) in \(cat.path)")
                }
                guard run.status == .finished else { throw InputError.usage("run \(runID) is \(run.shownStatus); test a finished run") }
                (parameters, data) = try Self.load(cat, runID: runID)
                let targets = try ModulationTestJob.plan(catalog: cat, runID: runID, options: parameters.options)
                guard !targets.isEmpty else { throw InputError.usage("run \(runID) has no target with edges: nothing to test") }
                let id = try cat.createModulationTest(runID: runID, kind: kind, draws: kind == .permutation ? permutations : pairs,
                                                      threshold: kind == .stability ? threshold : nil, seed: seed,
                                                      strata: strata?.rawValue ?? "", targets: targets)
                record = try cat.modulationTest(id)!
            }
            writeLine(String(record.id))
            if let shards, let out { return try plan(record, shards: shards, folder: out, data: data, parameters: parameters, catalog: cat) }
            let strata = ModulationTestJob.strata(ModulationTestJob.Strata(rawValue: record.strata), cells: data.cells)
            try job.run(record: record, parameters: parameters, data: data, targets: try cat.modulationTestTargets(record.id), strata: strata)
        }
    }
}
