import Catalog
import Foundation
import Synchronization

/// A shard's progress beside its file (issue 21 item 5): `shard-I-of-N.status`, JSON, written
/// atomically when the shard starts, at each progress report (at most every 5 s) and when it
/// ends. Nothing reads the catalog for it: `samplenet runs shards DIR` and a login node see a
/// sharded run's progress from the shard folder alone, before any merge.
public struct ShardStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case running, done, failed, interrupted
    }
    public var state: State
    public var host: String
    public var pid: Int32
    /// Seconds since 1970.
    public var started: Double
    public var updated: Double
    public var done: Int
    public var total: Int

    public static func name(shard: Int, of shards: Int) -> String { "shard-\(shard)-of-\(shards).status" }

    /// Seconds left at the rate so far; nil before any progress.
    public var eta: Double? {
        guard done > 0, updated > started else { return nil }
        return Double(total - done) / (Double(done) / (updated - started))
    }

    public func write(folder: String, shard: Int, of shards: Int) {
        guard let json = try? sortedKeysJSON(self) else { return }
        try? ShardFile.writeAtomically(json + "\n", to: (folder as NSString).appendingPathComponent(Self.name(shard: shard, of: shards)))
    }

    public static func read(folder: String, shard: Int, of shards: Int) -> ShardStatus? {
        let path = (folder as NSString).appendingPathComponent(name(shard: shard, of: shards))
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return try? decodeCatalogJSON(ShardStatus.self, from: text)
    }
}

/// Keeps a shard's status file current while it runs.
public final class ShardStatusWriter: Sendable {
    let folder: String, shard: Int, shards: Int
    private let status: Mutex<ShardStatus>
    private let lastWrite = Mutex<Double>(0)

    public init(folder: String, shard: Int, of shards: Int, total: Int) {
        self.folder = folder; self.shard = shard; self.shards = shards
        let now = Date().timeIntervalSince1970
        status = Mutex(ShardStatus(state: .running, host: ProcessInfo.processInfo.hostName, pid: getpid(), started: now, updated: now,
                                   done: 0, total: total))
        status.withLock { $0.write(folder: folder, shard: shard, of: shards) }
    }

    /// For ProgressReporter's observer: records progress, writing at most every 5 s.
    public func progress(done: Int, total: Int, elapsed: Double) {
        let now = Date().timeIntervalSince1970
        let due = lastWrite.withLock { last -> Bool in
            guard now - last >= 5 else { return false }
            last = now
            return true
        }
        status.withLock {
            $0.done = done; $0.total = total; $0.updated = now
            if due { $0.write(folder: folder, shard: shard, of: shards) }
        }
    }

    public func end(_ state: ShardStatus.State) {
        status.withLock {
            $0.state = state; $0.updated = Date().timeIntervalSince1970
            if state == .done { $0.done = $0.total }
            $0.write(folder: folder, shard: shard, of: shards)
        }
    }
}
