import Catalog

/// The explorer's state transitions: the key map of each mode and screen lives here. Loads
/// are asked for as effects; their results come back as messages.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    let effects = updateMessage(&state, message)
    // The first-minute jobs follow the messages after the state has taken them in.
    return state.welcome == nil || state.welcome == .done ? effects : effects + followWelcome(&state, message)
}

private func updateMessage(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .welcome:
        return startWelcome(&state)
    case let .resize(width, height):
        state.width = width
        state.height = height
        state.clampCursor()
        state.edgeList.clamp(count: state.edgeOrder.count, visible: state.listHeight)
        return []
    case let .tick(now):
        state.now = now
        return []
    case let .runsLoaded(runs):
        return runsChanged(&state, runs)
    case let .cellEdgesLoaded(edges):
        guard edges.cellID == state.selectedCell?.id else { return [] }     // a stale answer
        let sameCell = state.cellEdges?.cellID == edges.cellID && state.cellEdges?.runID == edges.runID
        // The selection is read against the old edges and order, before they are replaced: a
        // streaming run's reload then keeps the cursor on the same regulator -> target.
        let keep = sameCell ? state.selectedEdge : nil
        state.cellEdges = edges
        if !sameCell { state.edgeList = ListPosition() }
        state.reorderEdges(keeping: keep)
        return []
    case let .cellEffectsLoaded(runID, cellID, effects):
        guard var current = state.cellEdges, current.runID == runID, current.cellID == cellID,
              current.edges.count == effects.count else { return [] }                    // a stale answer
        var edges = current.edges                  // assigned once: `edges` recounts on every set
        for i in edges.indices { edges[i].effect = effects[i] }
        current.edges = edges
        state.cellEdges = current
        state.reorderEdges()
        return []
    case let .geneRankingLoaded(runID, geneID, ranking):
        guard var view = state.geneView, view.runID == runID, view.geneID == geneID, view.rankingPending else { return [] }
        view.ranking = ranking
        view.rankingPending = false
        state.geneView = view
        return []
    case let .edgeProfileLoaded(profile):
        state.edgeProfile = profile
        return []
    case let .tripLoaded(view):
        let open = state.openModule
        let previous = state.selectedModule
        state.trip = view
        state.followSelectedModule(previous: previous)
        state.followOpenModule(previous: open)
        return []
    case let .failed(text):
        state.message = text
        return []
    case let .shardProgressLoaded(progress):
        state.shardProgress = progress
        return []
    case let .groupsLoaded(view):
        state.groups = view
        state.groupList = ListPosition()
        state.reorderGroups()
        return []
    case let .compareLoaded(view):
        state.comparison = view
        state.compareList = ListPosition()
        state.reorderCompare()
        return []
    case let .contributionsLoaded(view):
        guard view.cellID == state.selectedCell?.id else { return [] }     // a stale answer
        if state.contributions.map({ $0.cellID != view.cellID || $0.tripRunID != view.tripRunID }) ?? true {
            state.contributionList = ListPosition()
        }
        state.contributions = view
        return []
    case let .geneLoaded(view):
        let same = state.geneView.map { $0.geneID == view.geneID && $0.cellID == view.cellID && $0.runID == view.runID } ?? false
        var view = view
        // Reopened while a ranking for this gene is known: keep it instead of computing again.
        if view.rankingPending, let previous = state.geneView, previous.geneID == view.geneID, previous.runID == view.runID,
           !previous.rankingPending {
            view.ranking = previous.ranking
            view.rankingPending = false
        }
        state.geneView = view
        if !same { state.geneList = ListPosition() }
        return []
    case let .jobStarted(job):
        state.launched.append(job)
        state.message = "started \(job.command) (pid \(job.pid)); log: \(job.log)"
        // A TRIP job opens Explain, whose modules fill in live; a profile shows its progress in Jobs.
        switch job.command {
        case "import": return []
        case "trip": return show(&state, [.trip])
        default: return show(&state, [.jobs])
        }
    case let .jobExited(pid, status, tail, summary):
        guard let index = state.launched.firstIndex(where: { $0.pid == pid }) else { return [] }
        state.launched[index].exitStatus = status
        state.launched[index].tail = tail
        if state.cancelledPIDs.remove(pid) != nil {
            let run = state.runs.first { $0.pid.map(Int32.init) == pid }
            state.message = "job \(pid) cancelled" + (run.map { "; run \($0.id) keeps its finished targets (resume: samplenet \($0.kind == .trip ? "trip" : "profile") --resume \($0.id))" } ?? "")
            return []
        }
        if status != 0 {
            state.message = "job \(pid) failed (exit status \(status)): " + (tail.last ?? "see \(state.launched[index].log)")
            return []
        }
        guard state.launched[index].command == "import" else { return [] }
        // An import changed the catalog's lines, modulators or genes: say what, and read them again.
        state.message = "import finished: " + (summary ?? tail.last ?? "see \(state.launched[index].log)")
        return [.reloadCatalog]
    case let .catalogReloaded(cells, modulators, symbols):
        let keep = state.selectedCell?.id
        let modulator = state.modulator?.name
        state.cells = cells
        state.modulators = modulators
        state.geneSymbols = symbols
        state.modulatorIndex = modulators.firstIndex { $0.name == modulator } ?? (modulators.isEmpty ? nil : 0)
        state.reorder(keeping: keep)
        return []
    case let .exported(path, rows):
        state.message = "exported \(rows) rows to \(path)"
        return []
    case let .key(key):
        switch state.mode {
        case .help:
            state.mode = .browse           // any key closes the help
            return key == .char("q") ? [.quit] : []
        case let .search(field, origin):
            updateSearch(&state, key: key, field: field, origin: origin)
            return []
        case let .filter(field, previous):
            updateFilter(&state, key: key, field: field, previous: previous)
            return []
        case let .listFilter(list, field, previous):
            updateListFilter(&state, list, key: key, field: field, previous: previous)
            return []
        case let .tissueFilter(field, previous):
            updateTissueFilter(&state, key: key, field: field, previous: previous)
            return []
        case let .command(field):
            return updateCommand(&state, key: key, field: field)
        case let .form(form):
            return updateForm(&state, key: key, form: form)
        case let .tripForm(form):
            return updateTripForm(&state, key: key, form: form)
        case .browse:
            return updateBrowse(&state, key: key)
        }
    }
}

/// Keys every screen shares; then the screen's own.
private func updateBrowse(_ state: inout AppState, key: Key) -> [Effect] {
    state.message = nil
    let confirming = state.confirmQuit
    state.confirmQuit = false
    let cancelling = state.confirmCancel
    state.confirmCancel = nil
    let deleting = state.confirmDelete
    state.confirmDelete = nil
    switch key {
    case .char("q"):
        let running = state.runs.filter(\.isActive)
        if running.isEmpty || confirming { return [.quit] }
        state.confirmQuit = true
        state.message = "\(running.count) job\(running.count == 1 ? " is" : "s are") running: q again quits (they keep running headless); x in Jobs cancels one"
        return []
    case .char("t"):
        openTripForm(&state)
        return []
    case .char("r"):
        state.mode = .form(state.modulator.flatMap { state.lastForms[$0.name] } ?? defaultJobForm(state))
        return []
    case .char("e"):
        return exportView(&state)
    case .char("M"):
        state.modulatorList.cursor = state.modulatorIndex ?? 0
        state.modulatorList.clamp(count: state.modulators.count, visible: state.listHeight)
        return show(&state, [.cells, .modulators])
    case .char("?"): state.mode = .help; return []
    case .char("F"): clearFilter(&state); return []
    case .char("X"): return stopWelcome(&state)
    case .char(":"): state.mode = .command(TextField()); return []
    case .tab, .backTab:
        let top = Screen.topLevel
        let current = top.firstIndex(of: state.screens.first ?? .cells) ?? 0
        let next = top[(current + (key == .tab ? 1 : top.count - 1)) % top.count]
        return show(&state, [next])
    case .escape, .backspace, .left, .char("h"):
        if state.screens.count > 1 { state.screens.removeLast() }
        return []
    default: break
    }
    switch state.screen {
    case .cells: return updateCells(&state, key: key)
    case .edges: return updateEdges(&state, key: key)
    case .edgeProfile: return updateEdgeProfile(&state, key: key)
    case .trip: return updateTrip(&state, key: key)
    case .gene: return updateGene(&state, key: key)
    case .modulators: return updateModulators(&state, key: key)
    case .contributions: return updateContributions(&state, key: key)
    case .compare:
        return updateCompare(&state, key: key)
    case .groups:
        return updateGroups(&state, key: key)
    case .module:
        return updateModule(&state, key: key)
    case .jobs:
        return updateJobs(&state, key: key, cancelling: cancelling, deleting: deleting)
    }
}

/// Replaces the path with `screens` and asks for what the last one needs.
func show(_ state: inout AppState, _ screens: [Screen]) -> [Effect] {
    state.screens = screens
    switch state.screen {
    case .trip:
        guard let run = state.tripRun else { return [] }
        return [.loadTrip(runID: run.id)] + contributionsEffect(state)
    case .contributions:
        return contributionsEffect(state)
    case .edges:
        guard let run = state.profileRun, let cell = state.selectedCell else { return [] }
        return [.loadCellEdges(runID: run.id, cellID: cell.id)]
    default:
        return []
    }
}
