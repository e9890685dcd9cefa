/// The explorer's state transitions: the key map of each mode lives here.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case let .resize(width, height):
        state.width = width
        state.height = height
        state.clampCursor()
        return []
    case .tick:
        return []
    case let .key(key):
        switch state.mode {
        case .help:
            state.mode = .browse           // any key closes the help
            return key == .char("q") ? [.quit] : []
        case let .search(query, origin):
            updateSearch(&state, key: key, query: query, origin: origin)
            return []
        case .browse:
            return updateBrowse(&state, key: key)
        }
    }
}

private func updateBrowse(_ state: inout AppState, key: Key) -> [Effect] {
    state.message = nil
    let page = max(1, state.listHeight - 1)
    switch key {
    case .char("q"): return [.quit]
    case .down, .char("j"): state.cursor += 1
    case .up, .char("k"): state.cursor -= 1
    case .pageDown, .char(" "): state.cursor += page
    case .pageUp, .char("b"): state.cursor -= page
    case .home, .char("g"): state.cursor = 0
    case .end, .char("G"): state.cursor = state.order.count - 1
    case .char("m"):
        guard !state.modulators.isEmpty else { state.message = "no modulators in this catalog"; break }
        let keep = state.selectedCell?.id
        state.modulatorIndex = ((state.modulatorIndex ?? -1) + 1) % state.modulators.count
        state.reorder(keeping: keep)
    case .char("s"):
        let keep = state.selectedCell?.id
        let all = SortOrder.allCases
        state.sort = all[(all.firstIndex(of: state.sort)! + 1) % all.count]
        state.reorder(keeping: keep)
    case .char("/"):
        state.mode = .search(query: "", origin: state.cursor)
    case .char("n"): jumpToMatch(&state, forward: true, from: state.cursor + 1)
    case .char("N"): jumpToMatch(&state, forward: false, from: state.cursor - 1)
    case .char("?"): state.mode = .help
    case .escape: break
    default: break
    }
    state.clampCursor()
    return []
}

private func updateSearch(_ state: inout AppState, key: Key, query: String, origin: Int) {
    switch key {
    case .escape:
        state.cursor = origin
        state.mode = .browse
    case .enter:
        state.lastSearch = query.isEmpty ? state.lastSearch : query
        state.mode = .browse
        if !query.isEmpty && !matches(state, at: state.cursor, query) { state.message = "no cell line matches \"\(query)\"" }
    case .backspace:
        let shorter = String(query.dropLast())
        state.mode = .search(query: shorter, origin: origin)
        state.cursor = origin
        if !shorter.isEmpty { jump(&state, query: shorter, forward: true, from: origin) }
    case let .char(c):
        let longer = query + String(c)
        state.mode = .search(query: longer, origin: origin)
        jump(&state, query: longer, forward: true, from: origin)
    default: break
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
