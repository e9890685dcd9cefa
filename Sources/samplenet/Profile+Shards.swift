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

    /// What a shard run did (`ShardJob.runShard` / `TestShards.runShard`): wrote its file,
    /// found it complete, or was interrupted (exit 130).
    func report(_ outcome: Bool?, folder: String) throws {
        let name = ShardFile.name(shard: index, of: count)
        switch outcome {
        case true?: printNote("wrote \(folder)/\(name)")
        case false?: printNote("\(folder)/\(name) is already complete; nothing redone")
        case nil:
            printNote("shard \(index)/\(count) interrupted; nothing written (rerun it)")
            throw JobInterrupted()
        }
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
        if slurm.slurm && shards == nil { throw ValidationError("--slurm goes with --shards N --out DIR") }
        if slurm.submit && !slurm.slurm { throw ValidationError("--submit goes with --slurm") }
        guard slurm.cpus >= 1 else { throw ValidationError("--cpus must be at least 1") }
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
        if slurm.slurm { try writeSlurm(runID: runID, plan: plan, folder: folder, parameters: parameters, data: data) }
    }

    /// Measures one target here (1 thread), then writes the sbatch scripts with a time and
    /// memory per shard task from it, and prints or submits them.
    func writeSlurm(runID: Int, plan: ShardJob.Plan, folder: String, parameters: ProfileParameters, data: ProfileData) throws {
        let profiler = try NetworkProfiler(modulator: data.modulatorValues, regulators: data.regulators, targets: data.targets,
                                           targetSelfIndex: data.targetSelfIndex, options: parameters.options)
        printNote("measuring one target (\(parameters.targets[0]), 1 thread) for the Slurm estimate ...")
        let clock = ContinuousClock.now
        _ = try profiler.profile(batch: [0], threads: 1, stop: jobStopFlag)
        let perTarget = (ContinuousClock.now - clock).inSeconds
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let rssMiB = Int(usage.ru_maxrss / 1024)
        let perShard = (data.targetIDs.count + plan.shards - 1) / plan.shards
        let estimate = perTarget * Double(perShard) / Double(slurm.cpus)
        let time = slurm.time ?? SlurmScripts.clock(1.5 * estimate + 600)
        let mem = slurm.mem ?? "\(max(1024, 2 * rssMiB))M"
        let scripts = SlurmScripts(runID: runID, shards: plan.shards, folder: folder, catalog: catalog.path, options: slurm)
        let (array, merge) = try scripts.write(time: time, mem: mem)
        printNote(String(format: "per shard task: %d targets, about %@ on %d CPU%@ (%.1f s per target measured here), peak memory here %d MiB; "
                         + "asking --time=%@ --mem=%@", perShard, SlurmScripts.clock(estimate), slurm.cpus, slurm.cpus == 1 ? "" : "s",
                         perTarget, rssMiB, time, mem))
        if slurm.submit {
            let arrayJob = try SlurmScripts.sbatch([array])
            let mergeJob = try SlurmScripts.sbatch(["--dependency=afterok:\(arrayJob)", merge])
            printNote("submitted: array job \(arrayJob) (\(plan.shards) tasks), merge job \(mergeJob) after it")
        } else {
            printNote("submit with:\n  jid=$(sbatch --parsable \(array))\n  sbatch --dependency=afterok:$jid \(merge)")
        }
    }

    func runShard(_ spec: ShardSpec, folder: String) throws {
        let started = ContinuousClock.now
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
        printNote(String(format: "shard %d/%d timings: plan, catalog and inputs read and hashed in %.2f s", spec.index, spec.count,
                         (ContinuousClock.now - started).inSeconds))
        try spec.report(try ShardJob.runShard(spec.index, plan: plan, folder: folder, parameters: parameters, data: data,
                                              threads: threads, batchSize: batch), folder: folder)
    }
}
