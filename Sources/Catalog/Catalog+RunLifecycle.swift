import Foundation

extension Catalog {
    /// Marks a run that stopped without saying so (its process is dead, or it runs on a host
    /// that is gone) as stopped, in one transaction: a profile run becomes `incomplete` (its
    /// finished targets stay; `profile --resume` completes it here), a TRIP run `failed` (it
    /// keeps no partial result). An incomplete profile run the user gives up on becomes
    /// `failed`. A run whose process is alive here is refused: cancel it instead.
    public func abandonRun(_ runID: Int) throws -> RunRecord {
        try write {
            guard let record = try run(runID) else { throw InputError.usage("no run \(runID) in \(path)") }
            switch record.liveness {
            case .alive:
                throw InputError.usage("run \(runID) is still running as process \(record.pid ?? 0); stop it first (Ctrl-C, or x in the explorer's Jobs view)")
            case .notRunning where record.status != .incomplete:
                throw InputError.usage("run \(runID) is \(record.status.rawValue); only a dead, elsewhere-running or incomplete run can be abandoned")
            case .notRunning:
                try setRunStatus(runID, status: .failed, message: "abandoned by the user (was incomplete)")
            case .dead, .elsewhere:
                let status: RunStatus = record.kind == .profile ? .incomplete : .failed
                let next = record.kind == .profile ? "; resume with samplenet profile --resume \(runID)" : ""
                try setRunStatus(runID, status: status, message: "abandoned by the user (\(record.liveness))\(next)")
            }
            return try run(runID)!
        }
    }

    /// Deletes a run and everything stored with it (fits, edges, TRIP results; TRIP runs on
    /// it too), in one transaction. Returns the ids deleted. A run whose process is alive
    /// here is refused.
    public func deleteRun(_ runID: Int) throws -> [Int] {
        try write {
            guard let record = try run(runID) else { throw InputError.usage("no run \(runID) in \(path)") }
            var doomed = [record]
            doomed += try runs().filter { $0.parentRunID == runID }
            if let live = doomed.first(where: \.isActive) {
                let state = live.liveness == .alive ? "still running as process \(live.pid ?? 0)" : "\(live.liveness)"
                throw InputError.usage("run \(live.id) is \(state); stop it first (or `samplenet runs abandon \(live.id)` if it is dead)")
            }
            // Children first: parent_run_id has no cascade.
            for r in doomed.reversed() {
                try connection.run("DELETE FROM run WHERE id = ?", [.integer(Int64(r.id))])
            }
            return doomed.map(\.id)
        }
    }
}

extension RunLiveness: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notRunning: return "not running"
        case .alive: return "running"
        case let .dead(reason): return "dead: \(reason)"
        case let .elsewhere(host): return "running on \(host), which this machine cannot check"
        }
    }
}
