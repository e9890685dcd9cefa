import Catalog

/// One TRIP module (subnetwork) as a sheet (issue 22 item 5): every edge reachable by the
/// cursor, sorted by importance, regulator, target or sign, filtered by gene, with the
/// selected line's own contribution beside each edge; Enter opens the edge across lines.
public enum ModuleSort: String, CaseIterable, Sendable {
    case importance, regulator, target, sign
}

extension AppState {
    /// The module the sheet shows (the open subnetwork of the shown TRIP run).
    var openModule: NamedSubnetwork? {
        guard let rank = openSubnetwork else { return nil }
        return trip?.subnetworks.first { $0.rank == rank }
    }

    /// The open module's edges in display order: filtered by gene, then sorted.
    var moduleEdges: [NamedSubnetwork.Edge] {
        let wanted = moduleFilter.lowercased()
        let edges = (openModule?.edges ?? []).filter { wanted.isEmpty || $0.regulator.lowercased().contains(wanted) || $0.target.lowercased().contains(wanted) }
        switch moduleSort {
        case .importance: return edges                      // as stored: by importance
        case .regulator: return edges.sorted { ($0.regulator, $0.target) < ($1.regulator, $1.target) }
        case .target: return edges.sorted { ($0.target, $0.regulator) < ($1.target, $1.regulator) }
        case .sign: return edges.enumerated().sorted { ($1.element.sign, $0.offset) < ($0.element.sign, $1.offset) }.map(\.element)
        }
    }

    /// After a live update re-ranks modules, the sheet follows the module it showed: the new
    /// one sharing most genes with it.
    mutating func followOpenModule(previous: NamedSubnetwork?) {
        guard let previous, let view = trip else { return }
        let genes = Set(previous.genes)
        let best = view.subnetworks.max { a, b in
            let (x, y) = (Set(a.genes).intersection(genes).count, Set(b.genes).intersection(genes).count)
            return x != y ? x < y : a.rank > b.rank
        }
        openSubnetwork = best.flatMap { Set($0.genes).isDisjoint(with: genes) ? nil : $0.rank }
        moduleList.clamp(count: moduleEdges.count, visible: listHeight)
    }
}

/// Enter on a TRIP subnetwork: its sheet.
func openModule(_ state: inout AppState, rank: Int) {
    state.openSubnetwork = rank
    state.moduleList = ListPosition()
    state.moduleFilter = ""
    state.screens.append(.module)
}

func updateModule(_ state: inout AppState, key: Key) -> [Effect] {
    let edges = state.moduleEdges
    if state.moduleList.move(key, page: state.listHeight - 1) {
        state.moduleList.clamp(count: edges.count, visible: state.listHeight)
        return []
    }
    if updateSheetKeys(&state, key: key, sort: \.moduleSort, list: \.moduleList, what: "edges",
                       filter: .module) { return [] }
    switch key {
    case .char("c"):
        return openContributions(&state)
    case .enter, .right, .char("l"):
        guard edges.indices.contains(state.moduleList.cursor), let parent = state.tripRun?.parentRunID else { return [] }
        let edge = edges[state.moduleList.cursor]
        let symbols = state.geneSymbols
        let id = { (symbol: String) in symbols.first { $0.value == symbol }?.key }
        guard let regulator = id(edge.regulator), let target = id(edge.target) else {
            state.message = "\(edge.regulator) or \(edge.target) is not a gene of this catalog"
            return []
        }
        state.screens.append(.edgeProfile)
        state.edgeProfile = nil
        return [.loadEdgeProfile(runID: parent, regulatorID: regulator, targetID: target)]
    default: break
    }
    return []
}

func renderModule(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    guard let module = state.openModule, let view = state.trip else {
        header(" Module", state, into: &buffer)
        buffer.write("  This module is gone from the live ranking; Esc goes back to the list.", x: 0, y: 3, style: .dim, maxWidth: state.width)
        return
    }
    header(String(format: " TRIP run %d module #%d, score %.4f: %d edges, %d genes %@ importance  effect", view.runID, module.rank, module.score,
                  module.edges.count, module.genes.count, g.bullet), state, into: &buffer)
    let edges = state.moduleEdges
    // The selected line's own contribution of each edge, when it is among its stored ones.
    let own = state.contributions.flatMap { $0.tripRunID == view.runID && $0.cellID == state.selectedCell?.id ? $0 : nil }
    let key = state.selectedCell?.key ?? ""
    let arrow = g == .unicode ? " → " : " -> "
    rows(count: edges.count, position: state.moduleList, state, into: &buffer) { index in
        let e = edges[index]
        let mine = own.map { c in c.value(regulator: e.regulator, target: e.target).map { String(format: "  %@ %+.4g", key, $0) }
            ?? "  \(key) not in its top 100" } ?? ""
        return ("  " + e.regulator + arrow + e.target + String(format: "  importance %.4f  %@", e.importance, e.sign > 0 ? "raises" : "lowers") + mine,
                .normal)
    }
    var summary = " sorted by \(state.moduleSort.rawValue) (s) \(g.bullet) genes: " + module.genes.joined(separator: " ")
    if !state.moduleFilter.isEmpty { summary = " filter \"\(state.moduleFilter)\": \(edges.count) of \(module.edges.count) shown \(g.bullet)" + summary }
    buffer.write(summary, x: 0, y: summaryRow(state), style: state.moduleFilter.isEmpty ? .dim : .warning, maxWidth: state.width)
}
