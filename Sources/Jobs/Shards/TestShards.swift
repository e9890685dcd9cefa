import Catalog
import Compute
import Foundation

/// A modulation test (`samplenet test`) spread over shards like a profile run (issue 21): the
/// test is created in the catalog with its targets, `test --shard I/N` tests the targets at
/// positions p with p mod N = I - 1 of the test's target list (catalog read-only; a target's
/// result does not depend on what it is batched with, so the split changes nothing), and
/// `merge --test ID` stores them and computes the q-values once every target is in.
public enum TestShards {
    /// The shard's targets by ShardJob's split, applied to positions in the test's target list.
    public static func targets(of shard: Int, shards: Int, in all: [ModulationTestTarget]) -> [ModulationTestTarget] {
        ShardJob.targets(of: shard, shards: shards, count: all.count).map { all[$0] }
    }

    /// Tests one shard's targets and writes its file atomically; false when the file was
    /// already complete, nil when interrupted (nothing written).
    public static func runShard(_ shard: Int, plan: ShardJob.Plan, folder: String, record: ModulationTestRecord, parameters: ProfileParameters,
                                data: ProfileData, all: [ModulationTestTarget], threads: Int, batchSize: Int) throws -> Bool? {
        let path = (folder as NSString).appendingPathComponent(ShardFile.name(shard: shard, of: plan.shards))
        if FileManager.default.fileExists(atPath: path), (try? ShardJob.verify(path: path, plan: plan, shard: shard)) != nil { return false }
        BLASThreads.set(1)
        installJobStopHandlers()
        let mine = targets(of: shard, shards: plan.shards, in: all)
        let groups = ModulationTestJob.batches(mine, size: max(1, batchSize))
        let strata = ModulationTestJob.strata(ModulationTestJob.Strata(rawValue: record.strata), cells: data.cells)
        let symbol = Dictionary(uniqueKeysWithValues: zip(data.targetIDs, parameters.targets))
        let status = ShardStatusWriter(folder: folder, shard: shard, of: plan.shards, total: record.draws * groups.count)
        let reporter = ProgressReporter(total: record.draws * groups.count, label: "shard \(shard)/\(plan.shards) of test \(record.id)",
                                        unit: record.kind == .permutation ? "permutations" : "pairs",
                                        observer: { status.progress(done: $0, total: $1, elapsed: $2) })
        reporter.start()
        var state = ShardStatus.State.failed
        defer { reporter.stop(); status.end(state) }
        var results: [Int: ShardFile.Tested] = [:]
        for members in groups {
            let batch = ModulationTestJob.batch(members, data: data, options: parameters.options, strata: strata)
            guard let outcome = try ModulationTestJob.test(record, batch: batch, threads: threads, progress: { reporter.advance() }) else { state = .interrupted; return nil }
            for (t, r) in zip(members, outcome) {
                results[t.targetID] = ShardFile.Tested(targetID: t.targetID, edges: r.edges, meanSelected: r.meanSelected, candidates: r.candidates)
            }
        }
        var body = ShardFile.headerLine(ShardFile.Header(kind: .test, runID: record.id, dataHash: plan.dataHash, shard: shard,
                                                         shards: plan.shards, targets: mine.count))
        for t in mine { body += ShardFile.lines(results[t.targetID]!, symbol: symbol[t.targetID] ?? "?") }
        try ShardFile.writeAtomically(body + ShardFile.trailer(digestOf: body), to: path)
        state = .done
        return true
    }

    /// Stores the shards of test `record` (one transaction each) and, when every target is in,
    /// finishes the test (q-values). Targets already stored count as duplicates.
    public static func merge(catalog: Catalog, plan: ShardJob.Plan, folder: String, record: ModulationTestRecord, data: ProfileData,
                             threads: Int) throws -> ShardMerge.Report {
        let all = try catalog.modulationTestTargets(record.id)
        var report = ShardMerge.collect(plan: plan, folder: folder) { path, shard in
            let reader = try ShardReader(path: path)
            let h = reader.header
            guard h.kind == .test, h.runID == record.id, h.shard == shard, h.shards == plan.shards, h.dataHash == plan.dataHash else {
                throw InputError.badData(file: path, line: 1, problem: "not shard \(shard)/\(plan.shards) of test \(record.id) on this run's data")
            }
            let mine = targets(of: shard, shards: plan.shards, in: all)
            let expected = Set(mine.map(\.targetID)), done = Set(mine.filter(\.finished).map(\.targetID))
            let regulators = data.regulatorIDs
            return try catalog.write {
                var merged = 0, duplicates = 0, seen = Set<Int>()
                while let (t, _) = try reader.nextTested() {
                    guard expected.contains(t.targetID), seen.insert(t.targetID).inserted, t.edges.allSatisfy({ $0.regulator < regulators.count }) else {
                        throw InputError.badData(file: path, line: nil, problem: "target \(t.targetID) does not belong to shard \(shard) of test \(record.id)")
                    }
                    if done.contains(t.targetID) { duplicates += 1; continue }
                    let edges = t.edges.map { TestedEdge(targetID: t.targetID, regulatorID: regulators[$0.regulator], statistic: $0.statistic,
                                                         exceed: $0.exceed, p: $0.p, effect: $0.effect) }
                    // Shards record no timings (they would make reruns differ): seconds 0.
                    try catalog.saveModulationTestTarget(testID: record.id, targetID: t.targetID, seconds: 0, edges: edges,
                                                         meanSelected: t.meanSelected, candidates: t.candidates)
                    merged += 1
                }
                try reader.finish()
                guard seen == expected else { throw InputError.badData(file: path, line: nil, problem: "\(seen.count) of the shard's \(expected.count) targets") }
                return (merged, duplicates)
            }
        }
        let left = try catalog.modulationTestTargets(record.id).filter { !$0.finished }.count
        report.finished = left == 0
        if report.finished {
            try ModulationTestJob(catalog: catalog, threads: threads).finish(record)
        } else {
            try catalog.setModulationTestStatus(record.id, status: .incomplete,
                                                message: "sharded: \(left) targets left; run the missing shards, then samplenet merge --test \(record.id) \(folder)")
        }
        return report
    }
}
