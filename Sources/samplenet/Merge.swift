import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `samplenet merge --run ID DIR`: a sharded run's shard files into the catalog (issue 21).
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a sharded profile run's shard files into the catalog (the only step that writes it).",
        discussion: """
            Reads DIR/plan.json (written by `profile --shards N --out DIR`) and every
            shard-I-of-N.tsv in DIR, one target at a time, one transaction per shard. Missing
            shards are listed and the run stays incomplete; a shard from another plan or other
            data, or one whose checksum fails, merges nothing and is reported (exit 65 after
            the good shards are merged); targets already in the catalog are counted as
            duplicates and left unchanged. Merging again after more shards finish is safe.
            A sharded modulation test (`samplenet test --run R --shards N --out DIR`) merges with
            --test ID instead; its q-values are computed when its last shard is in.
            Example:
              samplenet profile --modulator emt --targets @targets.txt --shards 8 --out shards
              samplenet profile --shard 3/8 --out shards      (on any node; catalog read-only)
              samplenet merge --run 1 shards
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), help: "The sharded profile run.") var runID: Int?
    @Option(name: .customLong("test"), help: "The sharded modulation test (instead of --run).") var testID: Int?
    @Argument(help: ArgumentHelp("The shard folder.", valueName: "dir")) var folder: String

    func validate() throws {
        guard (runID == nil) != (testID == nil) else { throw ValidationError("give --run ID or --test ID") }
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.open()
            let plan = try ShardJob.readPlan(folder: folder)
            if let testID { return try mergeTest(testID, plan: plan, catalog: cat) }
            guard let runID else { return }
            guard plan.testID == nil else { throw InputError.usage("the plan in \(folder) is test \(plan.testID!)'s; use merge --test") }
            guard plan.runID == runID else { throw InputError.usage("the plan in \(folder) is for run \(plan.runID), not run \(runID)") }
            guard let record = try cat.run(runID), record.kind == .profile, record.dataHash == plan.dataHash,
                  record.parametersJSON == plan.parameters else {
                throw InputError.usage("\(cat.path) has no profile run \(runID) matching the plan in \(folder) (parameters and data hash)")
            }
            let parameters = try ProfileParameters.decode(plan.parameters)
            let data = try ProfileData.load(catalog: cat, parameters: parameters)
            guard data.dataHash == plan.dataHash else {
                throw InputError.usage("the catalog's data changed since run \(runID) was planned (data hash differs); nothing merged")
            }
            let r = try ShardMerge.merge(catalog: cat, plan: plan, folder: folder, data: data)
            try Self.conclude(r, what: "run", id: runID, shards: plan.shards)
        }
    }

    func mergeTest(_ testID: Int, plan: ShardJob.Plan, catalog cat: Catalog) throws {
        guard plan.testID == testID, let record = try cat.modulationTest(testID), record.runID == plan.runID else {
            throw InputError.usage("the plan in \(folder) is not for test \(testID) of this catalog")
        }
        let (_, data) = try ModulationTestCommand.load(cat, runID: record.runID)
        guard data.dataHash == plan.dataHash else { throw InputError.usage("the catalog's data changed since test \(testID) was planned; nothing merged") }
        let r = try TestShards.merge(catalog: cat, plan: plan, folder: folder, record: record, data: data,
                                     threads: ProcessInfo.processInfo.activeProcessorCount)
        try Self.conclude(r, what: "test", id: testID, shards: plan.shards)
    }

    /// Prints what was merged and each refused shard; exit 65 when there was one.
    static func conclude(_ r: ShardMerge.Report, what: String, id: Int, shards: Int) throws {
        printNote("\(what) \(id): merged \(r.merged.count) of \(shards) shards (\(r.targets) targets"
                  + (r.duplicates > 0 ? ", \(r.duplicates) already in the catalog and left as they were" : "") + ")"
                  + (r.missing.isEmpty ? "" : "; missing: shards " + r.missing.map(String.init).joined(separator: ", "))
                  + (r.finished ? "; \(what) finished" : "; \(what) incomplete"))
        for problem in r.problems { printError(problem) }
        if !r.problems.isEmpty { throw ExitCode(ExitStatus.badData) }
    }
}
