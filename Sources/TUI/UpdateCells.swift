import Catalog
import Foundation

/// The cell-line list's keys (open, mark, compare) and the name search of every list.
func updateCells(_ state: inout AppState, key: Key) -> [Effect] {
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

func updateSearch(_ state: inout AppState, key: Key, field: TextField, origin: Int) {
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
