import Catalog

/// `R` in Jobs (issue 22 item 3): resume the selected profile run where it stopped, as a job
/// like `r` (committing one target at a time); finished targets are kept. Runs that cannot be
/// resumed say why and what to do instead.
func resumeSelectedRun(_ state: inout AppState) -> [Effect] {
    guard let run = state.selectedJob else { return [] }
    switch run.kind {
    case .trip:
        state.message = "TRIP run \(run.id) keeps no partial result: start it again with t on run \(run.parentRunID.map(String.init) ?? "?")"
        return []
    case .profile:
        if run.isActive, case .alive = run.liveness {
            state.message = "run \(run.id) is running: nothing to resume"
            return []
        }
        if case let .elsewhere(host) = run.liveness {
            state.message = "run \(run.id) runs on \(host): resume it there"
            return []
        }
        guard run.status != .finished else {
            state.message = "run \(run.id) is finished: nothing to resume"
            return []
        }
        guard !run.message.hasPrefix("sharded") else {
            state.message = "run \(run.id) is sharded: " + run.message
            return []
        }
        state.message = "resuming run \(run.id) (samplenet profile --resume \(run.id)); finished targets are kept"
        return [.startJob(arguments: ["profile", "--resume", String(run.id), "--batch", "1", "--catalog", state.catalogName])]
    }
}
