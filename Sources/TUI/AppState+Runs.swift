import Catalog

/// Which runs the views show: the current modulator's NetworkProfiler run and the TRIP run
/// explaining it, choosing others (Enter in Jobs, `explore --run`), and following a new list
/// of runs.
extension AppState {
    /// The NetworkProfiler run the views show for the current modulator: the one chosen in Jobs
    /// (Enter) or by `explore --run`; else the latest run that is working now (its edges stream
    /// in); else the latest finished one; else the latest incomplete or cancelled one with
    /// finished targets. A newer small, cancelled or dead run no longer hides a finished one.
    public var profileRun: RunRecord? {
        guard let name = modulator?.name else { return nil }
        let mine = runs.filter { $0.kind == .profile && $0.modulator == name }
        if let chosen = chosenRuns[name], let run = mine.first(where: { $0.id == chosen }) { return run }
        return mine.last { $0.isActive } ?? mine.last { $0.status == .finished }
            ?? mine.last { [.incomplete, .cancelled, .running].contains($0.status) && $0.progressDone > 0 }
    }

    /// The TRIP run explaining `profileRun`: the one chosen in Jobs, else the latest working or
    /// finished one, else the latest that did not fail.
    public var tripRun: RunRecord? {
        guard let parent = profileRun?.id else { return nil }
        let mine = runs.filter { $0.kind == .trip && $0.parentRunID == parent }
        if let chosenTripRunID, let run = mine.first(where: { $0.id == chosenTripRunID }) { return run }
        return mine.last { $0.isActive || $0.status == .finished } ?? mine.last { $0.effectiveStatus != .failed }
    }

    /// Makes `run` the one its views show (a TRIP run: its parent too), and its modulator
    /// current. false when the run is not one the views can show.
    mutating func choose(_ run: RunRecord) -> Bool {
        let profile = run.kind == .trip ? runs.first { $0.id == run.parentRunID } : run
        guard let profile, profile.kind == .profile, let name = profile.modulator,
              let index = modulators.firstIndex(where: { $0.name == name }) else { return false }
        chosenRuns[name] = profile.id
        if run.kind == .trip { chosenTripRunID = run.id }
        if modulatorIndex != index {
            let keep = selectedCell?.id
            modulatorIndex = index
            reorder(keeping: keep)
        }
        cellEdges = nil
        trip = nil
        return true
    }
}

/// A new list of runs: reload what the current screen shows if its run moved on.
func runsChanged(_ state: inout AppState, _ runs: [RunRecord]) -> [Effect] {
    let before = state.runs
    state.runs = runs
    state.jobList.clamp(count: state.shownRuns.count, visible: state.listHeight)
    var effects: [Effect] = []
    if state.screens.contains(.edges), let run = state.profileRun, let cell = state.selectedCell,
       before.first(where: { $0.id == run.id }) != run || state.cellEdges?.runID != run.id {
        effects.append(.loadCellEdges(runID: run.id, cellID: cell.id))
    }
    if state.screen == .trip, let run = state.tripRun, before.first(where: { $0.id == run.id }) != run || state.trip?.runID != run.id {
        effects.append(.loadTrip(runID: run.id))
    }
    return effects
}
