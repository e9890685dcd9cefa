import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `samplenet runs shards DIR`: a sharded run's or test's progress from its shard folder,
/// without the catalog (issue 21 item 5).
struct RunsShards: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Progress of a sharded run or test from its shard folder: done, running, dead, failed and pending shards, ETA.",
        discussion: """
            Reads only DIR: plan.json, the shard files (a shard is done when its file exists)
            and the status files shards keep current (host, process, progress, updated at most
            every 5 s). A running shard on this host whose process is gone shows as dead; rerun
            it. Nothing is merged: `samplenet merge` does that.
            Example: samplenet runs shards shards/
            """)
    @Argument(help: ArgumentHelp("The shard folder.", valueName: "dir")) var folder: String
    @Option(help: "text or json.") var format: Format = .text
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        try ExitStatus.guarded {
            let p = try ShardProgress.read(folder: folder)
            let what = p.plan.testID.map { "test \($0) of run \(p.plan.runID)" } ?? "run \(p.plan.runID)"
            switch format {
            case .json:
                let rows: [[String: Any]] = p.shards.map { s in
                    var row: [String: Any] = ["shard": s.index, "state": s.state.rawValue]
                    if let st = s.status { row["host"] = st.host; row["pid"] = st.pid; row["done"] = st.done; row["total"] = st.total
                        row["eta_seconds"] = st.eta ?? NSNull() }
                    return row
                }
                let object: [String: Any] = ["run": p.plan.runID, "test": p.plan.testID ?? NSNull(), "shards": rows,
                                             "running_eta_seconds": p.runningETA ?? NSNull()]
                print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
            case .text:
                print("\(what): \(p.plan.shards) shards: " + ShardProgress.State.allCases.map { "\(p.count($0)) \($0.rawValue)" }.joined(separator: ", ")
                      + (p.runningETA.map { "; running shards done in about \(Self.clock($0))" } ?? "")
                      + (p.meanShardSeconds.map { "; a finished shard took \(Self.clock($0)) on average" } ?? ""))
                for s in p.shards where s.state != .done && s.state != .pending {
                    let st = s.status
                    print("  shard \(s.index): \(s.state.rawValue)" + (st.map { " on \($0.host) (pid \($0.pid)), \($0.done)/\($0.total)"
                        + ($0.eta.map { ", ETA \(Self.clock($0))" } ?? "") } ?? ""))
                }
            }
        }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
