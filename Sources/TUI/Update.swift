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

private func updateCells(_ state: inout AppState, key: Key) -> [Effect] {
    var position = ListPosition(cursor: state.cursor, top: state.top)
    if key != .char(" "), position.move(key, page: state.listHeight - 1) {     // Space marks lines here
        state.cursor = position.cursor
        state.clampCursor()
        return []
    }
    switch key {
    case .char("m"):
        guard !state.modulators.isEmpty else { state.message = "no modulators in this catalog"; break }
        let keep = state.selectedCell?.id
        state.modulatorIndex = ((state.modulatorIndex ?? -1) + 1) % state.modulators.count
        state.cellEdges = nil
        state.trip = nil
        state.reorder(keeping: keep)
    case .char("s"):
        let keep = state.selectedCell?.id
        state.sort = state.sort.next
        state.reorder(keeping: keep)
    case .char("/"):
        state.mode = .search(TextField(), origin: state.cursor)
    case .char("f"):
        state.mode = .tissueFilter(TextField(), previous: state.tissueFilter)
    case .char("n"): jumpToMatch(&state, forward: true, from: state.cursor + 1)
    case .char("N"): jumpToMatch(&state, forward: false, from: state.cursor - 1)
    case .enter, .right, .char("l"):
        return openEdges(&state)
    case .char("c"):
        return markOrCompare(&state)
    case .char(" "):
        guard let cell = state.selectedCell else { break }
        if state.lineMarks.remove(cell.id) == nil { state.lineMarks.insert(cell.id) }
        state.message = "\(state.lineMarks.count) line\(state.lineMarks.count == 1 ? "" : "s") marked (v compares them with the other listed lines; no marks: bottom vs top quartile)"
        state.cursor += 1
    case .char("v"):
        return openGroups(&state)
    default: break
    }
    state.clampCursor()
    return []
}

/// `c`: the first press marks the selected cell line as A; the second, on another line,
/// compares the two networks.
func markOrCompare(_ state: inout AppState) -> [Effect] {
    guard let cell = state.selectedCell else { return [] }
    guard let a = state.compareMark, a != cell.id else {
        state.compareMark = cell.id
        state.message = "\(cell.name) marked as A: select another cell line and press c to compare"
        return []
    }
    guard let run = state.profileRun else { state.message = "no run for this modulator"; return [] }
    state.compareMark = nil
    state.comparison = nil
    state.screens = [.cells, .compare]
    state.compareBName = cell.name
    state.compareAName = state.cells.first { $0.id == a }?.name ?? "A"
    return [.loadCompare(runID: run.id, cellA: a, cellB: cell.id)]
}

/// Opens the selected cell line's network in the current run.
func openEdges(_ state: inout AppState) -> [Effect] {
    guard let cell = state.selectedCell else { return [] }
    guard let run = state.profileRun else {
        state.message = "no NetworkProfiler run for \(state.modulator?.name ?? "this modulator") yet: samplenet profile --modulator \(state.modulator?.name ?? "NAME")"
        return []
    }
    guard state.modulator?.values[cell.id] != nil else {
        state.message = "\(cell.name) has no \(state.modulator?.name ?? "modulator") value, so no network in this run"
        return []
    }
    if state.cellEdges?.cellID != cell.id || state.cellEdges?.runID != run.id {
        // A gene filter belongs to the network it was typed on, not to the next line or run.
        if !state.edgeFilter.isEmpty { state.message = "gene filter \"\(state.edgeFilter)\" cleared (another line or run)" }
        state.edgeFilter = ""
        state.cellEdges = nil
        state.reorderEdges()
    }
    state.screens = [.cells, .edges]
    return [.loadCellEdges(runID: run.id, cellID: cell.id)]
}

/// A new list of runs: reload what the current screen shows if its run moved on.
private func runsChanged(_ state: inout AppState, _ runs: [RunRecord]) -> [Effect] {
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

private func updateSearch(_ state: inout AppState, key: Key, field: TextField, origin: Int) {
    let query = field.text
    switch key {
    case .escape:
        state.cursor = origin
        state.mode = .browse
    case .enter:
        state.lastSearch = query.isEmpty ? state.lastSearch : query
        state.mode = .browse
        if !query.isEmpty && !matches(state, at: state.cursor, query) { state.message = "no cell line matches \"\(query)\"" }
    default:
        var edited = field
        guard edited.apply(key) else { break }
        state.mode = .search(edited, origin: origin)
        guard edited.text != query else { break }
        state.cursor = origin
        if !edited.text.isEmpty { jump(&state, query: edited.text, forward: true, from: origin) }
    }
    state.clampCursor()
}

private func jumpToMatch(_ state: inout AppState, forward: Bool, from start: Int) {
    guard let query = state.lastSearch, !query.isEmpty else { state.message = "no search yet: press /"; return }
    if !jump(&state, query: query, forward: forward, from: start) { state.message = "no cell line matches \"\(query)\"" }
}

/// Moves the cursor to the next match (wrapping around); false when nothing matches.
@discardableResult
private func jump(_ state: inout AppState, query: String, forward: Bool, from start: Int) -> Bool {
    let n = state.order.count
    guard n > 0 else { return false }
    for step in 0..<n {
        let position = ((forward ? start + step : start - step) % n + n) % n
        if matches(state, at: position, query) { state.cursor = position; return true }
    }
    return false
}

private func matches(_ state: AppState, at position: Int, _ query: String) -> Bool {
    guard state.order.indices.contains(position) else { return false }
    let cell = state.cells[state.order[position]]
    let q = query.lowercased()
    return cell.name.lowercased().contains(q) || cell.key.lowercased().contains(q)
}
