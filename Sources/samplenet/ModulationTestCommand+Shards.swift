import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `test --shards N --out DIR` and `test --shard I/N --out DIR` (issue 21): a modulation test
/// spread over a cluster like a profile run; `merge --test ID DIR` stores it.
extension ModulationTestCommand {
    func validateSharding() throws {
        guard out != nil, (shards == nil) != (shard == nil) else {
            throw ValidationError("give --shards N --out DIR (with --run) or --shard I/N --out DIR")
        }
        guard resume == nil else { throw ValidationError("--resume does not go with --shards or --shard") }
        if shards != nil { guard runID != nil else { throw ValidationError("--shards needs --run ID") } }
        if let shards, !(1...100_000).contains(shards) { throw ValidationError("--shards must be between 1 and 100000") }
        if shard != nil, runID != nil || kind != .permutation || permutations != ModulationTestJob.defaultPermutations
            || pairs != ModulationTestJob.defaultPairs || strata != nil || seed != 1 {
            throw ValidationError("--shard takes the test's settings from the plan; only --threads and --batch may be given")
        }
    }

    func plan(_ record: ModulationTestRecord, shards: Int, folder: String, data: ProfileData, parameters: ProfileParameters, catalog cat: Catalog) throws {
        let count = try cat.modulationTestTargets(record.id).count
        let plan = ShardJob.Plan(runID: record.runID, dataHash: data.dataHash, shards: min(shards, count), parameters: try parameters.json(),
                                 testID: record.id)
        try ShardJob.writePlan(plan, folder: folder)
        try cat.setModulationTestStatus(record.id, status: .incomplete,
                                        message: "sharded: \(plan.shards) shards planned in \(folder); then samplenet merge --test \(record.id) \(folder)")
        printNote("test \(record.id): \(count) targets in \(plan.shards) shards, plan in \(folder)/\(ShardJob.planName); "
                  + "each shard: samplenet test --shard I/\(plan.shards) --out \(folder); then samplenet merge --test \(record.id) \(folder)")
    }

    func runShard(_ spec: ShardSpec, folder: String) throws {
        let plan = try ShardJob.readPlan(folder: folder)
        guard let testID = plan.testID else { throw InputError.usage("the plan in \(folder) is a profile run's; use samplenet profile --shard") }
        guard spec.count == plan.shards else { throw InputError.usage("the plan in \(folder) has \(plan.shards) shards, not \(spec.count)") }
        let cat = try catalog.openForReading()
        guard let record = try cat.modulationTest(testID), record.runID == plan.runID else {
            throw InputError.usage("\(cat.path) has no modulation test \(testID) of run \(plan.runID); is this the catalog the plan was made from?")
        }
        let (parameters, data) = try Self.load(cat, runID: record.runID)
        guard data.dataHash == plan.dataHash else { throw InputError.usage("the catalog's data changed since test \(testID) was planned") }
        try spec.report(try TestShards.runShard(spec.index, plan: plan, folder: folder, record: record, parameters: parameters, data: data,
                                                all: try cat.modulationTestTargets(testID), threads: threads, batchSize: batch), folder: folder)
    }
}
