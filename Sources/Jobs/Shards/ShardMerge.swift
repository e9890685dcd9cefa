import Catalog
import Compute
import Foundation

/// `samplenet merge`: the shard files of a plan into the catalog, one transaction per shard,
/// streaming one target at a time. A shard whose header does not match the plan, whose
/// checksum fails or whose indices do not fit the run is reported and merges nothing; a
/// target already in the catalog is counted as a duplicate and left as it is.
public enum ShardMerge {
    public struct Report: Sendable, Equatable {
        public var merged: [Int] = []
        public var targets = 0
        public var duplicates = 0
        public var missing: [Int] = []
        public var problems: [String] = []
        public var finished = false
    }

    public static func merge(catalog: Catalog, plan: ShardJob.Plan, folder: String, data: ProfileData) throws -> Report {
        var report = collect(plan: plan, folder: folder) { path, shard in
            try mergeShard(path: path, shard: shard, catalog: catalog, plan: plan, data: data)
        }
        let finished = try catalog.runTargets(plan.runID).filter(\.finished).count
        report.finished = finished == data.targetIDs.count
        if report.finished {
            try catalog.setRunStatus(plan.runID, status: .finished)
        } else {
            try catalog.setRunStatus(plan.runID, status: .incomplete,
                                     message: "sharded: \(finished) of \(data.targetIDs.count) targets merged; run the missing shards, then samplenet merge --run \(plan.runID) \(folder)")
        }
        return report
    }

    /// Every shard file of the plan through `mergeOne` (path, shard index -> targets merged,
    /// duplicates); missing, stray and refused shards reported. Shared by profile and test shards.
    static func collect(plan: ShardJob.Plan, folder: String, mergeOne: (String, Int) throws -> (Int, Int)) -> Report {
        var report = Report()
        let expected = (1...plan.shards).map { ShardFile.name(shard: $0, of: plan.shards) }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for stray in present.filter({ $0.hasPrefix("shard-") && $0.hasSuffix(".tsv") && !expected.contains($0) }).sorted() {
            report.problems.append("\(stray): not a shard of this plan (\(plan.shards) shards)")
        }
        for shard in 1...plan.shards {
            let path = (folder as NSString).appendingPathComponent(expected[shard - 1])
            guard FileManager.default.fileExists(atPath: path) else { report.missing.append(shard); continue }
            do {
                let (targets, duplicates) = try mergeOne(path, shard)
                report.merged.append(shard)
                report.targets += targets
                report.duplicates += duplicates
            } catch let error as InputError {
                report.problems.append(error.description)
            } catch {
                report.problems.append("\(path): \(error)")
            }
        }
        return report
    }

    /// One shard in one transaction; returns (targets merged, duplicates skipped).
    static func mergeShard(path: String, shard: Int, catalog: Catalog, plan: ShardJob.Plan, data: ProfileData) throws -> (Int, Int) {
        let reader = try ShardReader(path: path)
        let h = reader.header
        guard h.kind == .run, h.runID == plan.runID, h.shard == shard, h.shards == plan.shards else {
            throw InputError.badData(file: path, line: 1, problem: "header names run \(h.runID) shard \(h.shard)/\(h.shards), not run \(plan.runID) shard \(shard)/\(plan.shards)")
        }
        guard h.dataHash == plan.dataHash else {
            throw InputError.badData(file: path, line: 1, problem: "computed on other data (hash \(h.dataHash.prefix(12)), the run's \(plan.dataHash.prefix(12)))")
        }
        let mine = Set(ShardJob.targets(of: shard, shards: plan.shards, count: data.targetIDs.count))
        let done = Set(try catalog.runTargets(plan.runID).filter(\.finished).map(\.targetID))
        let cells = data.cells.count, regulators = data.regulatorIDs.count
        let symbols = try ProfileParameters.decode(plan.parameters).targets
        return try catalog.write {
            var merged = 0, duplicates = 0, seen = Set<Int>()
            while let (t, symbol) = try reader.next() {
                guard mine.contains(t.index), t.index < symbols.count, symbol == symbols[t.index],
                      t.fits.count == cells, t.fits.allSatisfy({ $0.cell < cells && $0.edges.allSatisfy { $0.regulator < regulators } }) else {
                    throw InputError.badData(file: path, line: nil, problem: "target \(symbol) does not fit shard \(shard) of run \(plan.runID)")
                }
                guard seen.insert(t.index).inserted else { throw InputError.badData(file: path, line: nil, problem: "target \(symbol) twice") }
                if done.contains(data.targetIDs[t.index]) { duplicates += 1; continue }
                try ProfileJob.save(t, runID: plan.runID, data: data, catalog: catalog)
                merged += 1
            }
            try reader.finish()
            guard seen.count == mine.count else {
                throw InputError.badData(file: path, line: nil, problem: "\(seen.count) of the shard's \(mine.count) targets")
            }
            return (merged, duplicates)
        }
    }
}
