import Catalog

/// Jobs as a sheet (issue 22 item 5): `s` sorts the runs, `/` filters them by id, kind,
/// modulator, status or label, like every other list.
public enum JobSort: String, CaseIterable, Sendable {
    case id, newest, status, modulator
}

extension AppState {
    /// The runs Jobs lists, filtered and sorted; the cursor indexes this list.
    var shownRuns: [RunRecord] {
        let wanted = jobFilter.lowercased()
        let runs = wanted.isEmpty ? self.runs : self.runs.filter { r in
            [String(r.id), r.kind.rawValue, r.modulator ?? "", r.shownStatus, r.label ?? ""].contains { $0.lowercased().contains(wanted) }
        }
        switch jobSort {
        case .id: return runs
        case .newest: return runs.sorted { $0.id > $1.id }
        case .status: return runs.sorted { ($0.shownStatus, $0.id) < ($1.shownStatus, $1.id) }
        case .modulator: return runs.sorted { ($0.modulator ?? "", $0.id) < ($1.modulator ?? "", $1.id) }
        }
    }

    /// The run under the cursor in Jobs.
    var selectedJob: RunRecord? {
        let shown = shownRuns
        return shown.indices.contains(jobList.cursor) ? shown[jobList.cursor] : nil
    }
}

/// A sheet's `s` (the next sort, cursor to the top, then `resorted` for a list that keeps its
/// order) and `/` or `f` (the prompt of its `filter`); false for any other key.
func updateSheetKeys<S: CaseIterable & Equatable & RawRepresentable>(_ state: inout AppState, key: Key, sort: WritableKeyPath<AppState, S>,
                                                                      list: WritableKeyPath<AppState, ListPosition>, what: String,
                                                                      filter: ListFilter,
                                                                      resorted: (inout AppState) -> Void = { _ in }) -> Bool
    where S.RawValue == String {
    switch key {
    case .char("s"):
        state[keyPath: sort] = state[keyPath: sort].next
        state[keyPath: list].cursor = 0
        resorted(&state)
        state.message = "\(what) sorted by \(state[keyPath: sort].rawValue)"
    case .char("/"), .char("f"):
        state.mode = .listFilter(filter, TextField(), previous: state[keyPath: filter.text])
    default:
        return false
    }
    return true
}

/// `F` on any list: clears that list's filter in one key (the list keeps its cursor where it can).
func clearFilter(_ state: inout AppState) {
    let filter: WritableKeyPath<AppState, String>, relist: (inout AppState) -> Void
    if let list = ListFilter(screen: state.screen) {
        (filter, relist) = (list.text, { list.relist(&$0, toTop: false) })
    } else if state.screen == .cells {
        (filter, relist) = (\.tissueFilter, { $0.reorder(keeping: $0.selectedCell?.id) })
    } else if state.screen == .edges {
        (filter, relist) = (\.edgeFilter, { $0.reorderEdges() })
    } else {
        state.message = "no filter to clear here"
        return
    }
    guard !state[keyPath: filter].isEmpty else {
        state.message = "no filter to clear here"
        return
    }
    let cleared = state[keyPath: filter]
    state[keyPath: filter] = ""
    relist(&state)
    state.message = "filter \"\(cleared)\" cleared"
}

/// Jobs' keys: `x` (twice) cancels, `R` resumes, `D` (twice) deletes, Enter shows the run in its
/// views, `s`/`/` sort and filter; `cancelling` / `deleting`: the run a first `x` / `D` named.
func updateJobs(_ state: inout AppState, key: Key, cancelling: Int?, deleting: Int?) -> [Effect] {
    if key == .char("x") {
        guard let run = state.selectedJob else { return [] }
        switch run.liveness {
        case .alive:
            guard cancelling == run.id else {
                state.confirmCancel = run.id
                state.message = "x again cancels run \(run.id) (\(run.kind.rawValue) \(run.modulator)); finished targets are kept; any other key keeps it"
                return []
            }
            if let pid = run.pid { state.cancelledPIDs.insert(Int32(pid)) }
            state.message = "cancelling run \(run.id) (SIGTERM to pid \(run.pid ?? 0)); finished targets are kept"
            return [.cancelJob(runID: run.id)]
        case let .elsewhere(host):
            state.message = "run \(run.id) runs on \(host): cancel it there"
        case .dead:
            state.message = "run \(run.id) is dead (its process is gone): " + (run.recoveryAdvice ?? "nothing to cancel")
        case .notRunning:
            state.message = "run \(run.id) is not running"
        }
        return []
    }
    if key == .char("R") { return resumeSelectedRun(&state) }
    if key == .char("D") {
        guard let run = state.selectedJob else { return [] }
        guard !run.isActive else { state.message = "run \(run.id) is running: cancel it first (x)"; return [] }
        guard deleting == run.id else {
            let trips = state.runs.filter { $0.parentRunID == run.id }.map { String($0.id) }
            state.confirmDelete = run.id
            state.message = "D again deletes run \(run.id)" + (trips.isEmpty ? "" : " and TRIP run\(trips.count == 1 ? "" : "s") \(trips.joined(separator: ", ")) on it")
                + " with everything stored (one transaction); any other key keeps it"
            return []
        }
        return [.startJob(arguments: ["runs", "delete", String(run.id), "--catalog", state.catalogName])]
    }
    if key == .enter || key == .char("l") || key == .right {
        guard let run = state.selectedJob else { return [] }
        guard state.choose(run) else {
            state.message = "run \(run.id) has no networks to show (its modulator is not in this catalog)"
            return []
        }
        state.message = "run \(run.id) is now shown for \(state.modulator?.name ?? "")" + (run.status == .finished || run.isActive ? "" : " (\(run.shownStatus))")
        return show(&state, run.kind == .trip ? [.trip] : [.cells])
    }
    if updateSheetKeys(&state, key: key, sort: \.jobSort, list: \.jobList, what: "runs",
                       filter: .jobs) { return [] }
    _ = state.jobList.move(key, page: state.listHeight - 1)
    state.jobList.clamp(count: state.shownRuns.count, visible: state.listHeight)
    return []
}
