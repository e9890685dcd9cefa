/// The lists whose filter is a prompt edited live (`/` or `f`, InputMode.listFilter) and
/// cleared by `F`: which text filters each, and how the list is recomputed when it changes.
/// (The cell list's tissue filter and the edge list's gene filter keep their selection, so
/// they have prompts of their own.)
public enum ListFilter: Sendable, Equatable {
    case groups, compare, module, jobs, trip, gene

    /// The list a screen shows, when it is one of these.
    init?(screen: Screen) {
        switch screen {
        case .groups: self = .groups
        case .compare: self = .compare
        case .module: self = .module
        case .jobs: self = .jobs
        case .trip: self = .trip
        case .gene: self = .gene
        default: return nil
        }
    }

    var text: WritableKeyPath<AppState, String> {
        switch self {
        case .groups: return \.groupFilter
        case .compare: return \.compareFilter
        case .module: return \.moduleFilter
        case .jobs: return \.jobFilter
        case .trip: return \.tripFilter
        case .gene: return \.geneFilter
        }
    }

    /// Recomputes the list after its filter changed; `toTop` moves the cursor to the top first
    /// (while typing), otherwise it only stays within the list (`F`).
    func relist(_ state: inout AppState, toTop: Bool) {
        let list: WritableKeyPath<AppState, ListPosition>, count: (AppState) -> Int
        switch self {
        case .groups:
            if toTop { state.groupList.cursor = 0 }
            state.reorderGroups()                   // keeps an order of its own, and clamps
            return
        case .compare:
            if toTop { state.compareList.cursor = 0 }
            state.reorderCompare()
            return
        case .module: (list, count) = (\.moduleList, { $0.moduleEdges.count })
        case .jobs: (list, count) = (\.jobList, { $0.shownRuns.count })
        case .trip: (list, count) = (\.tripList, { $0.shownModules.count })
        case .gene: (list, count) = (\.geneList, { $0.geneRows.count })
        }
        if toTop { state[keyPath: list].cursor = 0 }
        let n = count(state)
        state[keyPath: list].clamp(count: n, visible: state.listHeight)
    }
}

/// A list's filter prompt: filters as it is typed, the cursor to the top of what is left.
func updateListFilter(_ state: inout AppState, _ list: ListFilter, key: Key, field: TextField, previous: String) {
    guard updateSheetFilter(&state, key: key, field: field, previous: previous, filter: list.text,
                            mode: { .listFilter(list, $0, previous: $1) }) else { return }
    list.relist(&state, toTop: true)
}
