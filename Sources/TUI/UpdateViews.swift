import Foundation
import Catalog

/// Key maps of the drill-down screens, the edge filter and the `:` command line.

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
    let rows = view.rows(cell: state.selectedCell?.name ?? "")
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
    if updateModuleListSheet(&state, key: key) { return [] }
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

/// `:cell NAME`, `:gene SYMBOL`, `:edge REGULATOR TARGET`, `:explain [CELL]`, `:trip`, `:jobs`, `:q`.
func updateCommand(_ state: inout AppState, key: Key, field: TextField) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .browse
    case .backspace where field.text.isEmpty:
        state.mode = .browse
    case .enter:
        state.mode = .browse
        return runCommand(&state, field.text)
    default:
        var edited = field
        if edited.apply(key) { state.mode = .command(edited) }
    }
    return []
}

private func runCommand(_ state: inout AppState, _ text: String) -> [Effect] {
    let words = text.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    let argument = words.dropFirst().joined(separator: " ")
    switch verb {
    case "q", "quit":
        return [.quit]
    case "cell":
        let key = CellKey.normalise(argument)
        guard let position = state.order.firstIndex(where: {
            let cell = state.cells[$0]
            return cell.key == key || CellKey.normalise(cell.name) == key
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
        guard let gene = state.geneSymbols.first(where: { $0.value.uppercased() == argument.uppercased() })?.key else {
            state.message = "unknown gene \(argument)"
            return []
        }
        return openGene(&state, geneID: gene)
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
    case "export":
        var format: ViewTable.Format?, path: String?
        for word in words.dropFirst() {
            if let f = ViewTable.Format(rawValue: word.lowercased()) { format = f } else { path = word }
        }
        if format == nil, let path, let f = ViewTable.Format(rawValue: (path as NSString).pathExtension.lowercased()) { format = f }
        return exportView(&state, format: format, path: path)
    case "trip":
        // `:trip` shows the view; `:trip OPTIONS` starts `samplenet trip` on the shown run as a
        // job (options as on the command line), instead of ignoring them.
        guard words.count > 1 else { return show(&state, [.trip]) }
        guard let run = state.profileRun, run.status == .finished else {
            state.message = "TRIP needs a finished NetworkProfiler run for \(state.modulator?.name ?? "this modulator")"
            return []
        }
        let options = Array(words.dropFirst())
        return [.startJob(arguments: ["trip", "--catalog", state.catalogName] + (options.contains("--run") ? [] : ["--run", String(run.id)]) + options)]
    case "import":
        // `samplenet import KIND FILE [options]` as a job: the catalog is written by that
        // process in one transaction; the explorer reads it again when it finishes.
        let kinds = ["expression", "modulator", "response", "regulators", "annotation", "network"]
        guard words.count >= 3, kinds.contains(words[1]) else {
            state.message = "usage: :import \(kinds.joined(separator: "|")) FILE [options, e.g. --dry-run, --drug gefitinib]"
            return []
        }
        return [.startJob(arguments: ["import"] + words.dropFirst() + ["--catalog", state.catalogName])]
    case "explain":
        if !argument.isEmpty {
            let key = CellKey.normalise(argument)
            guard let position = state.order.firstIndex(where: { state.cells[$0].key == key || CellKey.normalise(state.cells[$0].name) == key }) else {
                state.message = "no cell line \(argument)"
                return []
            }
            state.cursor = position
            state.clampCursor()
        }
        state.screens = [.trip]
        return (state.tripRun.map { [.loadTrip(runID: $0.id)] } ?? []) + openContributions(&state)
    case "modulators": return show(&state, [.cells, .modulators])
    case "jobs": return show(&state, [.jobs])
    case "cells": return show(&state, [.cells])
    default:
        state.message = "unknown command :\(verb) (try :cell, :gene, :edge, :explain, :import, :export, :trip, :jobs, :q)"
        return []
    }
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

/// `e` (and `:export [tsv|csv|json] [PATH]`): the current view as a table file, by default
/// `samplenet-SCREEN-runID-YYYYMMDD-HHMMSS.EXT` in the working directory (the run the view
/// shows, the time in UTC); never written over an existing file.
func exportView(_ state: inout AppState, format: ViewTable.Format? = nil, path: String? = nil) -> [Effect] {
    if let format { state.exportFormat = format }
    let table = ViewTable.of(state)
    return [.writeFile(path: path ?? defaultExportName(state), contents: table.text(state.exportFormat), rows: table.rows.count,
                       numbered: path == nil)]
}

func defaultExportName(_ state: AppState) -> String {
    let run = state.screen == .trip || state.screen == .contributions ? state.tripRun : state.profileRun
    var parts = ["samplenet", String(describing: state.screen)]
    if let run { parts.append("run\(run.id)") }
    if let now = state.now {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: now))
        parts.append(String(format: "%04d%02d%02d-%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!))
    }
    return parts.joined(separator: "-") + "." + state.exportFormat.rawValue
}

/// The rows of the current view as a table, and its text in each export format.
public struct ViewTable: Equatable, Sendable {
    public enum Format: String, Sendable, CaseIterable { case tsv, csv, json }
    public var columns: [String]
    public var rows: [[String]]
    /// Columns whose values are numbers (unquoted in JSON; "NA" becomes null).
    public var numeric: Set<String>

    public static func of(_ state: AppState) -> ViewTable {
        switch state.screen {
        case .cells:
            let name = state.modulator?.name ?? "value"
            return ViewTable(columns: ["cell_line", "key", "tissue", "cancer_type", name], rows: state.order.map { i in
                let c = state.cells[i]
                return [c.name, c.key, c.tissue, c.cancerType, state.modulator?.values[c.id].map { "\($0)" } ?? "NA"]
            }, numeric: [name])
        case .edges:
            return ViewTable(columns: ["cell_line", "regulator", "target", "beta", "re"], rows: state.cellEdges.map { e in
                state.edgeOrder.map { [state.selectedCell?.key ?? "", e.edges[$0].regulator, e.edges[$0].target, "\(e.edges[$0].beta)",
                                       e.edges[$0].effect.map { "\($0)" } ?? "NA"] }
            } ?? [], numeric: ["beta", "re"])
        case .edgeProfile:
            let keys = Dictionary(state.cells.map { ($0.id, $0.key) }, uniquingKeysWith: { a, _ in a })
            return ViewTable(columns: ["cell_line", "modulator_standardised", "regulator", "target", "beta"], rows: state.edgeProfile.map { p in
                p.points.map { [keys[$0.cellID] ?? "?", "\($0.modulator)", p.regulator, p.target, "\($0.beta)"] }
            } ?? [], numeric: ["modulator_standardised", "beta"])
        case .trip:
            return ViewTable(columns: ["rank", "score", "regulator", "target", "importance", "sign"], rows: state.shownModules.flatMap { s in
                s.edges.map { ["\(s.rank)", "\(s.score)", $0.regulator, $0.target, "\($0.importance)", "\($0.sign)"] }
            }, numeric: ["rank", "score", "importance", "sign"])
        case .compare:
            let a = "beta_\(state.compareAName)", b = "beta_\(state.compareBName)"
            let rows = state.comparison?.rows ?? []
            return ViewTable(columns: ["regulator", "target", a, b, "difference_b_minus_a", "status"], rows: state.compareOrder.map { rows[$0] }.map {
                [$0.regulator, $0.target, $0.betaA.map { "\($0)" } ?? "0", $0.betaB.map { "\($0)" } ?? "0", "\($0.difference)", $0.status]
            }, numeric: [a, b, "difference_b_minus_a"])
        case .groups:
            // Each row carries the group definitions, so an exported file says what A and B were.
            let rows = state.groups?.rows ?? [], a = state.groups?.definitionA ?? "", b = state.groups?.definitionB ?? ""
            return ViewTable(columns: ["regulator", "target", "mean_a", "mean_b", "difference_b_minus_a", "present_a", "present_b", "p_welch", "q_bh",
                                       "group_a", "group_b"],
                             rows: state.groupOrder.map { rows[$0] }.map {
                                 [$0.regulator, $0.target, "\($0.meanA)", "\($0.meanB)", "\($0.difference)", "\($0.presentA)", "\($0.presentB)", "\($0.p)", "\($0.q)", a, b]
                             }, numeric: ["mean_a", "mean_b", "difference_b_minus_a", "present_a", "present_b", "p_welch", "q_bh"])
        case .module:
            let rank = state.openSubnetwork.map(String.init) ?? "NA"
            return ViewTable(columns: ["module", "regulator", "target", "importance", "sign"], rows: state.moduleEdges.map {
                [rank, $0.regulator, $0.target, "\($0.importance)", "\($0.sign)"]
            }, numeric: ["module", "importance", "sign"])
        case .modulators:
            let total = state.cells.count
            return ViewTable(columns: ["modulator", "unit", "cell_lines", "of", "min", "median", "max", "runs"], rows: state.modulators.map { m in
                let s = ModulatorSummary(m, runs: state.runs)
                return [m.name, m.unit, "\(m.values.count)", "\(total)", s.min.map { "\($0)" } ?? "NA", s.median.map { "\($0)" } ?? "NA",
                        s.max.map { "\($0)" } ?? "NA", "\(s.runs)"]
            }, numeric: ["cell_lines", "of", "min", "median", "max", "runs"])
        case .gene:
            guard let view = state.geneView else { return ViewTable(columns: [], rows: [], numeric: []) }
            let cell = state.selectedCell?.key ?? ""
            var rows = view.regulators.map { ["regulator_in_cell", cell, $0.regulator, view.gene, "\($0.beta)", "NA", "NA"] }
            rows += view.targets.map { ["target_in_cell", cell, view.gene, $0.target, "\($0.beta)", "NA", "NA"] }
            rows += (view.ranking ?? []).enumerated().map { rank, r in
                ["rec_rank", "", r.regulator, view.gene, "NA", "\(r.rec)", "\(rank + 1)"]
            }
            return ViewTable(columns: ["section", "cell_line", "regulator", "target", "beta", "rec", "rank"], rows: rows, numeric: ["beta", "rec", "rank"])
        case .contributions:
            let cell = state.selectedCell?.key ?? ""
            return ViewTable(columns: ["cell_line", "regulator", "target", "contribution"], rows: (state.contributions?.rows ?? []).map {
                [cell, $0.regulator, $0.target, "\($0.value)"]
            }, numeric: ["contribution"])
        case .jobs:
            return ViewTable(columns: ["run", "kind", "modulator", "status", "progress_done", "progress_total", "edges"], rows: state.shownRuns.map {
                ["\($0.id)", $0.kind.rawValue, $0.modulator ?? "", $0.status.rawValue, "\($0.progressDone)", "\($0.progressTotal)", "\($0.edges)"]
            }, numeric: ["run", "progress_done", "progress_total", "edges"])
        }
    }

    /// The table in an export format, through the one table writer the CLI uses (numeric
    /// columns: numbers, with NA for missing; the same layout as `samplenet edges`).
    public func text(_ format: Format) -> String {
        let sink = StringSink()
        var writer = TableWriter(TableFormat(rawValue: format.rawValue) ?? .tsv, columns: columns, to: sink)
        for row in rows {
            writer.row(zip(columns, row).map { column, value in
                guard numeric.contains(column) else { return .text(value) }
                return Double(value).map { .number($0) } ?? .missing
            })
        }
        writer.finish()
        return sink.text
    }
}

func updateTissueFilter(_ state: inout AppState, key: Key, field: TextField, previous: String) {
    let keep = state.selectedCell?.id
    let query = field.text
    switch PromptEdit(key, field: field) {
    case .cancel:
        state.tissueFilter = previous
        state.mode = .browse
    case .accept:
        state.mode = .browse
        state.tissueFilter = query
        state.reorder(keeping: keep)
        if state.order.isEmpty { state.message = "no cell line's tissue or cancer type contains \"\(query)\"" }
    case let .changed(edited):
        state.mode = .tissueFilter(edited, previous: previous)
        state.tissueFilter = edited.text
    case .ignored: return
    }
    state.reorder(keeping: keep)
}

/// The comparison as a sheet: move, `s` sorts (|B - A|, regulator, target, status), `/` or `f`
/// filters by gene (Enter on empty clears).
func updateCompare(_ state: inout AppState, key: Key) -> [Effect] {
    if state.compareList.move(key, page: state.listHeight - 1) {
        state.compareList.clamp(count: state.compareOrder.count, visible: state.listHeight)
        return []
    }
    switch key {
    case .char("s"):
        state.compareSort = state.compareSort.next
        state.compareList.cursor = 0
        state.reorderCompare()
    case .char("/"), .char("f"):
        state.mode = .compareFilter(TextField(), previous: state.compareFilter)
    default: break
    }
    return []
}

func updateCompareFilter(_ state: inout AppState, key: Key, field: TextField, previous: String) {
    guard updateSheetFilter(&state, key: key, field: field, previous: previous, filter: \.compareFilter, mode: InputMode.compareFilter) else { return }
    state.compareList.cursor = 0
    state.reorderCompare()
}

/// A sheet's gene-filter prompt: filters as it is typed, Enter keeps the text (so Enter on an
/// empty line clears the filter), Esc restores `previous`. false when the key changed nothing.
func updateSheetFilter(_ state: inout AppState, key: Key, field: TextField, previous: String, filter: WritableKeyPath<AppState, String>,
                       mode: (TextField, String) -> InputMode) -> Bool {
    switch PromptEdit(key, field: field) {
    case .cancel: state[keyPath: filter] = previous; state.mode = .browse
    case .accept: state[keyPath: filter] = field.text; state.mode = .browse
    case let .changed(edited): state.mode = mode(edited, previous); state[keyPath: filter] = edited.text
    case .ignored: return false
    }
    return true
}

extension CaseIterable where Self: Equatable {
    /// The next case, after the last the first: what a sort key cycles through.
    var next: Self {
        let all = Array(Self.allCases)
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
