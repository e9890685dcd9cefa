/// Key maps of the drill-down screens, the edge filter and the `:` command line.

func updateEdges(_ state: inout AppState, key: Key) -> [Effect] {
    if state.edgeList.move(key, page: state.listHeight - 1) {
        state.edgeList.clamp(count: state.edgeOrder.count, visible: state.listHeight)
        return []
    }
    switch key {
    case .char("s"):
        let all = EdgeSort.allCases
        state.edgeSort = all[(all.firstIndex(of: state.edgeSort)! + 1) % all.count]
        state.reorderEdges()
    case .char("/"), .char("f"):
        state.mode = .filter(query: "", previous: state.edgeFilter)
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
    let count = state.trip?.subnetworks.count ?? 0
    if state.tripList.move(key, page: state.listHeight - 1) {
        state.tripList.clamp(count: count, visible: state.listHeight)
        return []
    }
    switch key {
    case .enter, .right, .char("l"):
        guard let view = state.trip, view.subnetworks.indices.contains(state.tripList.cursor) else { return [] }
        let rank = view.subnetworks[state.tripList.cursor].rank
        state.openSubnetwork = state.openSubnetwork == rank ? nil : rank
    default: break
    }
    return []
}

/// What a key does to a one-line prompt.
enum PromptEdit {
    case cancel, accept, changed(String), ignored

    init(_ key: Key, query: String) {
        switch key {
        case .escape: self = .cancel
        case .enter: self = .accept
        case .backspace: self = .changed(String(query.dropLast()))
        case let .char(c): self = .changed(query + String(c))
        default: self = .ignored
        }
    }
}

func updateFilter(_ state: inout AppState, key: Key, query: String, previous: String) {
    switch PromptEdit(key, query: query) {
    case .cancel:
        state.edgeFilter = previous
        state.mode = .browse
    case .accept:
        state.mode = .browse
    case let .changed(text):
        state.mode = .filter(query: text, previous: previous)
        state.edgeFilter = text
    case .ignored: return
    }
    state.edgeList.cursor = 0
    state.reorderEdges()
}

/// `:cell NAME`, `:gene SYMBOL`, `:edge REGULATOR TARGET`, `:trip`, `:jobs`, `:q`.
func updateCommand(_ state: inout AppState, key: Key, text: String) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .browse
        return []
    case .backspace:
        state.mode = text.isEmpty ? .browse : .command(String(text.dropLast()))
        return []
    case let .char(c):
        state.mode = .command(text + String(c))
        return []
    case .enter:
        state.mode = .browse
        return runCommand(&state, text)
    default:
        return []
    }
}

private func runCommand(_ state: inout AppState, _ text: String) -> [Effect] {
    let words = text.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    let argument = words.dropFirst().joined(separator: " ")
    switch verb {
    case "q", "quit":
        return [.quit]
    case "cell":
        let key = normalisedKey(argument)
        guard let position = state.order.firstIndex(where: {
            let cell = state.cells[$0]
            return cell.key == key || normalisedKey(cell.name) == key
        }) else {
            state.message = "no cell line \(argument)"
            return []
        }
        state.screens = [.cells]
        state.cursor = position
        state.clampCursor()
        return openEdges(&state)
    case "gene":
        guard !argument.isEmpty else { state.message = "usage: :gene SYMBOL"; return [] }
        var effects: [Effect] = []
        if state.screen != .edges { effects = openEdges(&state) }
        state.edgeFilter = argument
        state.edgeList = ListPosition()
        state.reorderEdges()
        return effects
    case "edge":
        guard words.count == 3 else { state.message = "usage: :edge REGULATOR TARGET"; return [] }
        guard let run = state.profileRun else { state.message = "no run for this modulator"; return [] }
        let symbols = state.geneSymbols
        guard let regulator = symbols.first(where: { $0.value.uppercased() == words[1].uppercased() })?.key,
              let target = symbols.first(where: { $0.value.uppercased() == words[2].uppercased() })?.key else {
            state.message = "unknown gene in \(words[1]) \(words[2])"
            return []
        }
        state.screens = state.screen == .edges ? state.screens + [.edgeProfile] : [.cells, .edgeProfile]
        state.edgeProfile = nil
        return [.loadEdgeProfile(runID: run.id, regulatorID: regulator, targetID: target)]
    case "trip": return show(&state, [.trip])
    case "jobs": return show(&state, [.jobs])
    case "cells": return show(&state, [.cells])
    default:
        state.message = "unknown command :\(verb) (try :cell, :gene, :edge, :trip, :jobs, :q)"
        return []
    }
}

/// The cell-line key rule of the catalog: upper case, letters and digits only.
func normalisedKey(_ name: String) -> String {
    String(name.uppercased().filter { $0.isLetter || $0.isNumber })
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
    switch key {
    case .escape:
        state.mode = .browse
        return []
    case .tab, .backTab, .down, .up:
        form.field = 1 - form.field
    case .enter:
        state.mode = .browse
        return [.startJob(arguments: form.arguments(catalog: state.catalogName))]
    case .backspace where form.field == 0:
        form.targets = String(form.targets.dropLast())
    case .char(" ") where form.field == 1, .left where form.field == 1, .right where form.field == 1:
        form.quick.toggle()
    case let .char(c) where form.field == 0:
        form.targets.append(c)
    default: break
    }
    state.mode = .form(form)
    return []
}

/// `e`: the current view as TSV in the working directory.
func exportView(_ state: inout AppState) -> [Effect] {
    var lines: [String] = []
    switch state.screen {
    case .cells:
        let name = state.modulator?.name ?? "value"
        lines = ["cell_line\tkey\ttissue\tcancer_type\t\(name)"] + state.order.map { i in
            let c = state.cells[i]
            return [c.name, c.key, c.tissue, c.cancerType, state.modulator?.values[c.id].map { "\($0)" } ?? "NA"].joined(separator: "\t")
        }
    case .edges:
        lines = ["cell_line\tregulator\ttarget\tbeta"] + (state.cellEdges.map { e in
            state.edgeOrder.map { "\(state.selectedCell?.key ?? "")\t\(e.edges[$0].regulator)\t\(e.edges[$0].target)\t\(e.edges[$0].beta)" }
        } ?? [])
    case .edgeProfile:
        let keys = Dictionary(state.cells.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
        lines = ["cell_line\tmodulator_standardised\tregulator\ttarget\tbeta"] + (state.edgeProfile.map { p in
            p.points.map { "\(keys[$0.cellID] ?? "?")\t\($0.modulator)\t\(p.regulator)\t\(p.target)\t\($0.beta)" }
        } ?? [])
    case .trip:
        lines = ["rank\tscore\tregulator\ttarget\timportance\tsign"] + (state.trip?.subnetworks ?? []).flatMap { s in
            s.edges.map { "\(s.rank)\t\(s.score)\t\($0.regulator)\t\($0.target)\t\($0.importance)\t\($0.sign)" }
        }
    case .compare:
        lines = ["regulator\ttarget\tbeta_\(state.compareAName)\tbeta_\(state.compareBName)"] + (state.comparison?.rows ?? []).map {
            "\($0.regulator)\t\($0.target)\t\($0.betaA.map { "\($0)" } ?? "0")\t\($0.betaB.map { "\($0)" } ?? "0")"
        }
    case .jobs:
        lines = ["run\tkind\tmodulator\tstatus\tprogress_done\tprogress_total\tedges"] + state.runs.map {
            "\($0.id)\t\($0.kind)\t\($0.modulator ?? "")\t\($0.status)\t\($0.progressDone)\t\($0.progressTotal)\t\($0.edges)"
        }
    }
    state.exports += 1
    let screen = String(describing: state.screen)
    let path = "samplenet-\(screen)-\(state.exports).tsv"
    return [.writeFile(path: path, contents: lines.joined(separator: "\n") + "\n", rows: lines.count - 1)]
}

func updateTissueFilter(_ state: inout AppState, key: Key, query: String, previous: String) {
    let keep = state.selectedCell?.id
    switch PromptEdit(key, query: query) {
    case .cancel:
        state.tissueFilter = previous
        state.mode = .browse
    case .accept:
        state.mode = .browse
        state.tissueFilter = query
        state.reorder(keeping: keep)
        if state.order.isEmpty { state.message = "no cell line's tissue or cancer type contains \"\(query)\"" }
    case let .changed(text):
        state.mode = .tissueFilter(query: text, previous: previous)
        state.tissueFilter = text
    case .ignored: return
    }
    state.reorder(keeping: keep)
}
