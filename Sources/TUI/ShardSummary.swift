import Catalog
import Foundation
import Jobs

/// A sharded run's progress as the explorer shows it (issue 21 item 5), read from its shard
/// folder's files alone (never the catalog) until `merge` stores the results.
public struct ShardSummary: Equatable, Sendable {
    public var total: Int
    public var done: Int
    public var running: Int
    /// Dead or failed shards: to be rerun.
    public var broken: Int
    /// Seconds until the running shards finish at their rates so far.
    public var eta: Double?

    public init(total: Int, done: Int, running: Int, broken: Int, eta: Double?) {
        self.total = total; self.done = done; self.running = running; self.broken = broken; self.eta = eta
    }

    /// The summaries of every unfinished profile run planned in shards whose folder is readable here.
    public static func read(runs: [RunRecord]) -> [Int: ShardSummary] {
        var out: [Int: ShardSummary] = [:]
        for run in runs where run.kind == .profile && run.status != .finished {
            guard let folder = (try? ProfileParameters.decode(run.parametersJSON))?.shardFolder,
                  let p = try? ShardProgress.read(folder: folder), p.plan.runID == run.id, p.plan.testID == nil else { continue }
            out[run.id] = ShardSummary(total: p.plan.shards, done: p.count(.done), running: p.count(.running),
                                       broken: p.count(.dead) + p.count(.failed) + p.count(.interrupted), eta: p.runningETA)
        }
        return out
    }

    /// "shards 3/8 done, 2 running, 1 to rerun, ETA 4:00".
    public var text: String {
        var parts = ["shards \(done)/\(total) done"]
        if running > 0 { parts.append("\(running) running") }
        if broken > 0 { parts.append("\(broken) to rerun") }
        if let eta { parts.append("ETA " + RunTiming.clock(eta)) }
        return parts.joined(separator: ", ")
    }
}
