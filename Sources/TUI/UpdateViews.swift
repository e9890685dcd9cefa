import Foundation
import Catalog

/// Key maps of the drill-down screens, the edge filter and the job form (the `:` command line is in CommandPrompt.swift, exports in ViewTable.swift, sheet prompts in SheetPrompts.swift).

func updateEdges(_ state: inout AppState, key: Key) -> [Effect] {
    if state.edgeList.move(key, page: state.listHeight - 1) {
        state.edgeList.clamp(count: state.edgeOrder.count, visible: state.listHeight)
        return []
    }
    switch key {
    case .char("s"):
        state.edgeSort = state.edgeSort.next
        state.reorderEdges()
    case .char("/"), .char("f"):
        state.mode = .filter(TextField(), previous: state.edgeFilter)
    case .char("Q"):
        guard state.cellEdges?.edges.contains(where: { $0.q != nil }) == true else {
            state.message = "no modulation q-values for this run: run samplenet test --run \(state.cellEdges?.runID ?? 0)"
            return []
        }
        state.edgeMaxQ = state.edgeMaxQ == nil ? AppState.modulationQLimit : nil
        state.reorderEdges()
    case .char("R"), .char("T"):
        guard let edge = state.selectedEdge else { return [] }
        return openGene(&state, geneID: key == .char("R") ? edge.regulatorID : edge.targetID)
    case .enter, .right, .char("l"):
        guard let edge = state.selectedEdge, let run = state.cellEdges?.runID else { return [] }
        state.screens.append(.edgeProfile)
        if state.edgeProfile.map({ $0.regulatorID != edge.regulatorID || $0.targetID != edge.targetID || $0.runID != run }) ?? true {
            state.edgeProfile = nil
        }
        return [.loadEdgeProfile(runID: run, regulatorID: edge.regulatorID, targetID: edge.targetID)]
    default: break
    }
    return []
}

/// Opens the gene view of `geneID` in the selected cell line (and the current run).
func openGene(_ state: inout AppState, geneID: Int) -> [Effect] {
    guard let cell = state.selectedCell else { return [] }
    guard let run = state.profileRun else {
        state.message = "no NetworkProfiler run for \(state.modulator?.name ?? "this modulator") yet"
        return []
    }
    if state.geneView.map({ $0.geneID != geneID || $0.cellID != cell.id || $0.runID != run.id }) ?? true { state.geneView = nil }
    state.screens = state.screen == .edges || state.screen == .edgeProfile ? state.screens + [.gene] : [.cells, .gene]
    return [.loadGene(runID: run.id, cellID: cell.id, geneID: geneID)]
}

func updateGene(_ state: inout AppState, key: Key) -> [Effect] {
    guard let view = state.geneView else { return [] }
    let rows = state.geneRows
    if updateSheetKeys(&state, key: key, sort: \.geneSort, list: \.geneList, what: "sections",
                       filter: .gene) { return [] }
    if state.geneList.move(key, page: state.listHeight - 1) {
        state.geneList.clamp(count: rows.count, visible: state.listHeight)
        return []
    }
    guard case .enter = key, rows.indices.contains(state.geneList.cursor) else { return [] }
    // Enter on an edge or a ranked regulator: that edge across all cell lines.
    let pair: (Int, Int)
    switch rows[state.geneList.cursor] {
    case let .edge(e, _): pair = (e.regulatorID, e.targetID)
    case let .ranked(_, r, _): pair = (r.regulatorID, view.geneID)
    default: return []
    }
    state.screens.append(.edgeProfile)
    if state.edgeProfile.map({ $0.regulatorID != pair.0 || $0.targetID != pair.1 || $0.runID != view.runID }) ?? true { state.edgeProfile = nil }
    return [.loadEdgeProfile(runID: view.runID, regulatorID: pair.0, targetID: pair.1)]
}

/// The modulators screen: Enter (or m) makes the selected modulator current; every view then
/// follows its latest run.
func updateModulators(_ state: inout AppState, key: Key) -> [Effect] {
    if state.modulatorList.move(key, page: state.listHeight - 1) {
        state.modulatorList.clamp(count: state.modulators.count, visible: state.listHeight)
        return []
    }
    guard key == .enter || key == .char("m") || key == .char("l") || key == .right, state.modulators.indices.contains(state.modulatorList.cursor) else { return [] }
    let keep = state.selectedCell?.id
    state.modulatorIndex = state.modulatorList.cursor
    state.cellEdges = nil
    state.trip = nil
    state.geneView = nil
    state.reorder(keeping: keep)
    state.message = "modulator \(state.modulators[state.modulatorList.cursor].name)"
        + (state.profileRun.map { ": run \($0.id)" } ?? ": no run yet (r starts one)")
    return show(&state, [.cells])
}

func updateEdgeProfile(_ state: inout AppState, key: Key) -> [Effect] {
    guard let profile = state.edgeProfile else { return [] }
    switch key {
    case .char("R"), .char("T"):
        // Back to the cell's edges, filtered to the regulator's or the target's other edges.
        state.edgeFilter = key == .char("R") ? profile.regulator : profile.target
        state.screens = [.cells, .edges]
        state.edgeList = ListPosition()
        state.reorderEdges()
    default: break
    }
    return []
}

func updateTrip(_ state: inout AppState, key: Key) -> [Effect] {
    let count = state.shownModules.count
    if state.tripList.move(key, page: state.listHeight - 1) {
        state.tripList.clamp(count: count, visible: state.listHeight)
        return []
    }
    if updateSheetKeys(&state, key: key, sort: \.moduleListSort, list: \.tripList, what: "modules",
                       filter: .trip) { return [] }
    switch key {
    case .enter, .right, .char("l"):
        guard let module = state.selectedModule else { return [] }
        openModule(&state, rank: module.rank)
    case .char("c"):
        return openContributions(&state)
    default: break
    }
    return []
}

/// Loads the selected cell line's contributions in the TRIP run (stored when it finishes).
func contributionsEffect(_ state: AppState) -> [Effect] {
    guard let run = state.tripRun, run.status == .finished, let cell = state.selectedCell else { return [] }
    if let loaded = state.contributions, loaded.tripRunID == run.id, loaded.cellID == cell.id { return [] }
    return [.loadContributions(tripRunID: run.id, cellID: cell.id)]
}

/// The selected cell line's own top contributing edges (`c` on the TRIP screen, `:explain`).
func openContributions(_ state: inout AppState) -> [Effect] {
    guard let run = state.tripRun else { state.message = "no TRIP run for this modulator's networks yet"; return [] }
    guard run.status == .finished else {
        state.message = "TRIP run \(run.id) is \(run.status): per-cell contributions are stored when it finishes"
        return []
    }
    guard state.selectedCell != nil else { state.message = "no cell line selected"; return [] }
    state.screens = state.screen == .trip || state.screen == .module ? state.screens + [.contributions] : [.trip, .contributions]
    return contributionsEffect(state)
}

func updateContributions(_ state: inout AppState, key: Key) -> [Effect] {
    let rows = state.contributions?.rows ?? []
    if state.contributionList.move(key, page: state.listHeight - 1) {
        state.contributionList.clamp(count: rows.count, visible: state.listHeight)
        return []
    }
    guard key == .enter || key == .right || key == .char("l"), rows.indices.contains(state.contributionList.cursor),
          let run = state.profileRun else { return [] }
    let edge = rows[state.contributionList.cursor]
    state.screens.append(.edgeProfile)
    state.edgeProfile = nil
    return [.loadEdgeProfile(runID: run.id, regulatorID: edge.regulatorID, targetID: edge.targetID)]
}

/// What a key does to a one-line prompt (`TextField` editing).
enum PromptEdit {
    case cancel, accept, changed(TextField), ignored

    init(_ key: Key, field: TextField) {
        switch key {
        case .escape: self = .cancel
        case .enter: self = .accept
        default:
            var edited = field
            self = edited.apply(key) ? .changed(edited) : .ignored
        }
    }
}

/// The edge list's gene filter: opens empty and filters as it is typed; Enter keeps what was
/// typed, so Enter on an empty line clears the filter; Esc restores the filter as it was.
func updateFilter(_ state: inout AppState, key: Key, field: TextField, previous: String) {
    switch PromptEdit(key, field: field) {
    case .cancel:
        state.edgeFilter = previous
        state.mode = .browse
    case .accept:
        state.edgeFilter = field.text
        state.mode = .browse
    case let .changed(edited):
        state.mode = .filter(edited, previous: previous)
        state.edgeFilter = edited.text
    case .ignored: return
    }
    state.edgeList.cursor = 0
    state.reorderEdges()
}

/// Markers of epithelial and mesenchymal state: a default target set a new user's first run
/// streams in seconds (those present in the catalog).
let defaultTargets = ["CDH1", "VIM", "ESRP1", "CLDN4", "EPCAM", "FN1", "ZEB1", "SNAI2"]

func defaultJobForm(_ state: AppState) -> JobForm {
    let present = Set(state.geneSymbols.values)
    let targets = present.isEmpty ? defaultTargets : defaultTargets.filter(present.contains)
    return JobForm(modulator: state.modulator?.name ?? "emt", targets: targets.joined(separator: ","))
}

func updateForm(_ state: inout AppState, key: Key, form: JobForm) -> [Effect] {
    var form = form
    let confirmed = form.confirming
    form.confirming = false
    switch key {
    case .escape:
        state.lastForms[form.modulator] = form
        state.mode = .browse
        return []
    case .tab, .backTab, .down, .up:
        form.field = 1 - form.field
    case .enter:
        // A genome-wide or hours-long job asks first, with its estimated time.
        if JobEstimate(form: form, runs: state.runs, genes: state.geneSymbols.count).needsConfirmation && !confirmed {
            form.confirming = true
            break
        }
        state.lastForms[form.modulator] = form
        state.mode = .browse
        return [.startJob(arguments: form.arguments(catalog: state.catalogName))]
    case .char(" ") where form.field == 1, .left where form.field == 1, .right where form.field == 1:
        form.quick.toggle()
    default:
        if form.field == 0 { _ = form.targetsField.apply(key) }
    }
    state.mode = .form(form)
    return []
}
