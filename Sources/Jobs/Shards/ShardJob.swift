import Catalog
import Compute
import Foundation

/// Sharded profile runs (issue 21): a plan in a shard folder, shards that read the catalog
/// read-only and write only their own file, and `merge`, the one writer of the catalog.
///
/// The split: target k (in the run's order) goes to shard (k mod N) + 1. Every target of a
/// run costs the same number of fits (METHOD.md 1.5), so dealing them out in turn balances the
/// estimated cost within one target, and the split depends on nothing but the run.
public enum ShardJob {
    public struct Plan: Codable, Equatable, Sendable {
        public var runID: Int
        public var dataHash: String
        public var shards: Int
        /// The run's parameters JSON, exactly as the catalog stores it.
        public var parameters: String
        /// Set for a modulation test's shards (`test --shards`); nil for a profile run's.
        public var testID: Int?
        public init(runID: Int, dataHash: String, shards: Int, parameters: String, testID: Int? = nil) {
            self.runID = runID; self.dataHash = dataHash; self.shards = shards; self.parameters = parameters; self.testID = testID
        }
    }

    public static let planName = "plan.json"

    public static func targets(of shard: Int, shards: Int, count: Int) -> [Int] {
        stride(from: shard - 1, to: count, by: shards).map { $0 }
    }

    public static func writePlan(_ plan: Plan, folder: String) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw InputError.missing(file: folder, problem: "cannot create: \(error.localizedDescription)")
        }
        try ShardFile.writeAtomically(try sortedKeysJSON(plan) + "\n", to: (folder as NSString).appendingPathComponent(planName))
    }

    public static func readPlan(folder: String) throws -> Plan {
        let path = (folder as NSString).appendingPathComponent(planName)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw InputError.missing(file: path) }
        do { return try decodeCatalogJSON(Plan.self, from: text) } catch {
            throw InputError.badData(file: path, line: 1, problem: "not a shard plan")
        }
    }

    /// Fits shard `shard`'s targets and writes its file atomically. Returns false when the
    /// file was already complete (nothing redone); nil when interrupted (no file written).
    public static func runShard(_ shard: Int, plan: Plan, folder: String, parameters: ProfileParameters, data: ProfileData,
                                threads: Int, batchSize: Int) throws -> Bool? {
        let path = (folder as NSString).appendingPathComponent(ShardFile.name(shard: shard, of: plan.shards))
        if FileManager.default.fileExists(atPath: path), (try? verify(path: path, plan: plan, shard: shard)) != nil { return false }
        BLASThreads.set(1)
        installJobStopHandlers()
        let profiler = try NetworkProfiler(modulator: data.modulatorValues, regulators: data.regulators, targets: data.targets,
                                           targetSelfIndex: data.targetSelfIndex, options: parameters.options)
        let mine = targets(of: shard, shards: plan.shards, count: data.targetIDs.count)
        let status = ShardStatusWriter(folder: folder, shard: shard, of: plan.shards, total: profiler.fitsPerTarget * mine.count)
        let reporter = ProgressReporter(total: profiler.fitsPerTarget * mine.count, label: "shard \(shard)/\(plan.shards) of run \(plan.runID)",
                                        observer: { status.progress(done: $0, total: $1, elapsed: $2) })
        reporter.start()
        var state = ShardStatus.State.failed
        defer { reporter.stop(); status.end(state) }
        var body = ShardFile.headerLine(ShardFile.Header(runID: plan.runID, dataHash: plan.dataHash, shard: shard, shards: plan.shards,
                                                         targets: mine.count))
        let fitting = ContinuousClock.now
        for start in stride(from: 0, to: mine.count, by: max(1, batchSize)) {
            let batch = Array(mine[start..<min(mine.count, start + max(1, batchSize))])
            guard let results = try profiler.profile(batch: batch, threads: threads, stop: jobStopFlag,
                                                     progress: { reporter.advance(by: $0) }) else { state = .interrupted; return nil }
            for r in results {
                let target = ShardFile.Target(index: r.target, bandwidth: r.bandwidth, cv: ProfileJob.cvRow(r.cv), fits: r.fits)
                body += ShardFile.lines(target, symbol: parameters.targets[r.target])
            }
        }
        let writing = ContinuousClock.now
        try ShardFile.writeAtomically(body + ShardFile.trailer(digestOf: body), to: path)
        let wrote = ContinuousClock.now
        // The per-shard costs of docs/BENCHMARKS.md 10 (bench/scale_bench.py reads this line).
        printNote(String(format: "shard %d/%d timings: fits %.2f s, writing %.2f s (%.1f MB)", shard, plan.shards,
                         (writing - fitting).inSeconds, (wrote - writing).inSeconds, Double(body.utf8.count) / 1e6))
        state = .done
        return true
    }

    /// Reads a whole shard file, checking header against the plan and the trailer.
    static func verify(path: String, plan: Plan, shard: Int) throws {
        let reader = try ShardReader(path: path)
        guard reader.header.kind == (plan.testID == nil ? .run : .test), reader.header.runID == (plan.testID ?? plan.runID),
              reader.header.dataHash == plan.dataHash, reader.header.shard == shard,
              reader.header.shards == plan.shards else { throw InputError.badData(file: path, line: 1, problem: "belongs to another plan") }
        if plan.testID == nil { while try reader.next() != nil {} } else { while try reader.nextTested() != nil {} }
        try reader.finish()
    }
}
