import Foundation

/// A shard folder's progress from its files alone (issue 21 item 5): a shard is done when its
/// shard file exists (written atomically, so existence means complete), else as its status
/// file says (a running shard on this host whose process is gone shows as dead), else pending.
public struct ShardProgress: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case done, running, dead, failed, interrupted, pending
    }
    public struct Shard: Sendable {
        public var index: Int
        public var state: State
        public var status: ShardStatus?
    }
    public var plan: ShardJob.Plan
    public var shards: [Shard]

    public static func read(folder: String) throws -> ShardProgress {
        let plan = try ShardJob.readPlan(folder: folder)
        let host = ProcessInfo.processInfo.hostName
        let shards = (1...plan.shards).map { i -> Shard in
            let status = ShardStatus.read(folder: folder, shard: i, of: plan.shards)
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(ShardFile.name(shard: i, of: plan.shards))) {
                return Shard(index: i, state: .done, status: status)
            }
            guard let status else { return Shard(index: i, state: .pending, status: nil) }
            switch status.state {
            case .running: return Shard(index: i, state: status.host == host && kill(status.pid, 0) != 0 && errno == ESRCH ? .dead : .running, status: status)
            case .failed: return Shard(index: i, state: .failed, status: status)
            case .interrupted: return Shard(index: i, state: .interrupted, status: status)
            case .done: return Shard(index: i, state: .pending, status: status)     // status says done but the file is gone
            }
        }
        return ShardProgress(plan: plan, shards: shards)
    }

    public func count(_ state: State) -> Int { shards.filter { $0.state == state }.count }

    /// Seconds until the running shards finish at their rates so far (nil when none reports one).
    public var runningETA: Double? { shards.filter { $0.state == .running }.compactMap { $0.status?.eta }.max() }

    /// Mean wall seconds of the finished shards that left a status (nil when none).
    public var meanShardSeconds: Double? {
        let times = shards.filter { $0.state == .done }.compactMap { $0.status.map { $0.updated - $0.started } }
        return times.isEmpty ? nil : times.reduce(0, +) / Double(times.count)
    }
}
