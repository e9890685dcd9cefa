import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs

/// `--shard I/N`.
struct ShardSpec: ExpressibleByArgument {
    var index: Int
    var count: Int
    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i; count = n
    }
}

/// Sharded profile runs (issue 21): `--shards N --out DIR` creates the run and its plan;
/// `--shard I/N --out DIR` fits one shard reading the catalog read-only; `merge` stores them.
extension Profile {
    func validateSharding() throws {
        if shards != nil || shard != nil {
            guard out != nil else { throw ValidationError("--shards and --shard need --out DIR (the shard folder)") }
            guard resume == nil, shards == nil || shard == nil else { throw ValidationError("use one of --shards N, --shard I/N and --resume") }
        } else if out != nil {
            throw ValidationError("--out goes with --shards N or --shard I/N")
        }
        if let shards, !(1...100_000).contains(shards) { throw ValidationError("--shards must be between 1 and 100000") }
        if shard != nil {
            let given = resumeConflicts().filter { $0 != "--resume" }
            if !given.isEmpty { throw ValidationError("--shard takes the run's parameters from the plan; drop \(given.joined(separator: ", "))") }
        }
    }

    func plan(runID: Int, shards: Int, folder: String, parameters: ProfileParameters, data: ProfileData, catalog cat: Catalog) throws {
        let plan = ShardJob.Plan(runID: runID, dataHash: data.dataHash, shards: min(shards, data.targetIDs.count), parameters: try parameters.json())
        do { try ShardJob.writePlan(plan, folder: folder) } catch {
            try? cat.setRunStatus(runID, status: .failed, message: "could not write the shard plan: \(error)")
            throw error
        }
        try cat.setRunStatus(runID, status: .incomplete,
                             message: "sharded: \(plan.shards) shards planned in \(folder); run each with --shard I/\(plan.shards), then samplenet merge --run \(runID) \(folder)")
        printNote("run \(runID): \(data.targetIDs.count) targets in \(plan.shards) shards, plan in \(folder)/\(ShardJob.planName); "
                  + "each shard: samplenet profile --shard I/\(plan.shards) --out \(folder); then samplenet merge --run \(runID) \(folder)")
    }

    func runShard(_ spec: ShardSpec, folder: String) throws {
        let plan = try ShardJob.readPlan(folder: folder)
        guard spec.count == plan.shards else { throw InputError.usage("the plan in \(folder) has \(plan.shards) shards, not \(spec.count)") }
        let cat = try catalog.openForReading()
        guard let run = try cat.run(plan.runID), run.kind == .profile, run.dataHash == plan.dataHash else {
            throw InputError.usage("\(cat.path) has no profile run \(plan.runID) with the plan's data hash; is this the catalog the plan was made from?")
        }
        let parameters = try ProfileParameters.decode(plan.parameters)
        let data = try ProfileData.load(catalog: cat, parameters: parameters)
        guard data.dataHash == plan.dataHash else {
            throw InputError.usage("the catalog's data changed since run \(plan.runID) was planned (data hash differs); plan a new run")
        }
        let name = ShardFile.name(shard: spec.index, of: spec.count)
        switch try ShardJob.runShard(spec.index, plan: plan, folder: folder, parameters: parameters, data: data, threads: threads, batchSize: batch) {
        case true?: printNote("wrote \(folder)/\(name)")
        case false?: printNote("\(folder)/\(name) is already complete; nothing redone")
        case nil:
            printNote("shard \(spec.index)/\(spec.count) interrupted; nothing written (rerun it)")
            throw JobInterrupted()
        }
    }
}
