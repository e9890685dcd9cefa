import Foundation

/// The smallest terminal the layout fits; below it a short message is shown instead.
public let minimumSize = (width: 50, height: 10)

/// Renders the explorer. Pure: the same state and size always give the same buffer.
public func render(_ state: AppState) -> ScreenBuffer {
    var buffer = ScreenBuffer(width: state.width, height: state.height)
    guard state.width >= minimumSize.width, state.height >= minimumSize.height else {
        let lines = ["Terminal too small", "(\(state.width)x\(state.height); need \(minimumSize.width)x\(minimumSize.height))", "q quits"]
        for (i, line) in lines.enumerated() where i < state.height {
            buffer.write(line, x: max(0, (state.width - line.count) / 2), y: max(0, state.height / 2 - 1) + i)
        }
        return buffer
    }
    renderTitle(state, into: &buffer)
    switch state.screen {
    case .cells:
        renderList(state, into: &buffer)
        renderHistogram(state, into: &buffer)
    case .edges: renderEdges(state, into: &buffer)
    case .edgeProfile: renderEdgeProfile(state, into: &buffer)
    case .trip: renderTrip(state, into: &buffer)
    case .jobs: renderJobs(state, into: &buffer)
    case .compare: renderCompare(state, into: &buffer)
    case .groups: renderGroups(state, into: &buffer)
    case .module: renderModule(state, into: &buffer)
    case .gene: renderGene(state, into: &buffer)
    case .modulators: renderModulators(state, into: &buffer)
    case .contributions: renderContributions(state, into: &buffer)
    }
    renderDetail(state, into: &buffer)
    renderStatus(state, into: &buffer)
    if state.mode == .help { renderHelp(state, into: &buffer) }
    if case let .form(form) = state.mode { renderForm(form, state, into: &buffer) }
    if case let .tripForm(form) = state.mode { renderTripForm(form, state, into: &buffer) }
    return buffer
}

/// Column widths of the cell-line list for a given terminal width.
struct ListColumns {
    var name: Int, tissue: Int, cancer: Int, value: Int
    init(width: Int) {
        value = 12
        let rest = width - value - 2 - 3          // left margin, gaps
        name = max(12, min(24, rest * 2 / 5))
        tissue = max(10, min(26, (rest - name) / 2))
        cancer = max(0, rest - name - tissue)
    }
}

private func renderTitle(_ state: AppState, into buffer: inout ScreenBuffer) {
    buffer.fill(row: 0, style: .title)
    let left = " SampleNet \(state.glyphs.separator) " + breadcrumb(state)
    var right = "no modulators "
    if let m = state.modulator {
        let run = state.profileRun.map { " run \($0.id)" + ($0.status == .finished ? "" : " (\($0.shownStatus))") } ?? " no run: r starts one"
        right = "\(m.name)\(m.unit.isEmpty ? "" : " [\(m.unit)]") \(m.values.count)/\(state.cells.count)\(run) "
    }
    buffer.write(fit(left, max(0, state.width - right.count - 1), glyphs: state.glyphs), x: 0, y: 0, style: .title)
    buffer.write(right, x: max(0, state.width - right.count), y: 0, style: .title)
}

private func renderList(_ state: AppState, into buffer: inout ScreenBuffer) {
    let c = ListColumns(width: state.width)
    let g = state.glyphs
    let arrow: String
    switch state.sort {
    case .modulatorAscending: arrow = " " + String(g.up)
    case .modulatorDescending: arrow = " " + String(g.down)
    case .name: arrow = ""
    }
    let valueTitle = (state.modulator?.name ?? "value") + arrow
    let header = "  " + fit("Cell line" + (state.sort == .name ? " " + String(g.up) : ""), c.name, glyphs: g) + " "
        + fit("Tissue", c.tissue, glyphs: g) + " " + fit("Cancer type", c.cancer, glyphs: g) + " "
        + fit(valueTitle, c.value, glyphs: g, alignRight: true)
    buffer.write(header, x: 0, y: 1, style: .columnHeader)
    buffer.fill(row: 1, style: .columnHeader)
    guard !state.order.isEmpty else {
        buffer.write("  No cell lines in this catalog. Import expression first:", x: 0, y: 3, style: .dim)
        buffer.write("  samplenet import expression FILE --catalog \(state.catalogName)", x: 0, y: 4, style: .dim)
        return
    }
    let values = state.modulator?.values ?? [:]
    for row in 0..<state.listHeight {
        let position = state.top + row
        guard position < state.order.count else { break }
        let cell = state.cells[state.order[position]]
        let value = values[cell.id].map { String(format: "%.3f", $0) } ?? g.missing
        let selected = position == state.cursor
        let text = (selected ? "> " : "  ") + fit(cell.name, c.name, glyphs: g) + " " + fit(cell.tissue, c.tissue, glyphs: g)
            + " " + fit(cell.cancerType, c.cancer, glyphs: g) + " " + fit(value, c.value, glyphs: g, alignRight: true)
        let y = 2 + row
        buffer.write(text, x: 0, y: y, style: selected ? .selected : (values[cell.id] == nil ? .dim : .normal))
        if selected { buffer.fill(row: y, style: .selected) }
    }
}

/// "Cell lines › HCC827 › GRHL2 → CDH1": the drill-down path.
func breadcrumb(_ state: AppState) -> String {
    let arrow = state.glyphs == .unicode ? " › " : " > "
    return state.screens.map { screen -> String in
        switch screen {
        case .edges: return state.selectedCell?.name ?? "Edges"
        case .compare: return "\(state.compareAName) vs \(state.compareBName)"
        case .groups: return "Groups"
        case .module: return state.openSubnetwork.map { "Module #\($0)" } ?? "Module"
        case .gene: return state.geneView?.gene ?? "Gene"
        case .contributions: return state.selectedCell?.name ?? "Contributions"
        case .edgeProfile:
            guard let p = state.edgeProfile else { return "Edge" }
            return p.regulator + (state.glyphs == .unicode ? " → " : " -> ") + p.target
        default: return screen.title
        }
    }.joined(separator: arrow)
}

private func renderDetail(_ state: AppState, into buffer: inout ScreenBuffer) {
    let y = state.height - 2
    let g = state.glyphs
    switch state.mode {
    case let .search(field, _):
        renderField("/", field, x: 0, y: y, width: state.width, into: &buffer)
        return
    case let .filter(field, _), let .listFilter(_, field, _):
        renderField("filter genes (Enter on empty clears): ", field, x: 0, y: y, width: state.width, into: &buffer)
        return
    case let .tissueFilter(field, _):
        renderField("filter tissue / cancer type: ", field, x: 0, y: y, width: state.width, into: &buffer)
        return
    case let .command(field):
        renderField(":", field, x: 0, y: y, width: state.width, into: &buffer)
        return
    default: break
    }
    if let message = state.message {
        buffer.write(" " + message, x: 0, y: y, style: .warning, maxWidth: state.width)
        return
    }
    guard state.screen == .cells else {
        buffer.write(" " + screenDetail(state), x: 0, y: y, style: .accent, maxWidth: state.width)
        return
    }
    guard let cell = state.selectedCell else { return }
    var parts = [cell.name]
    if cell.key != cell.name { parts.append("key \(cell.key)") }
    if !cell.tissue.isEmpty { parts.append(cell.tissue) }
    if let m = state.modulator {
        if let v = m.values[cell.id], let r = state.rank(of: cell.id) {
            parts.append("\(m.name) \(String(format: "%.4g", v)) (rank \(r.rank)/\(r.of) ascending)")
        } else {
            parts.append("no \(m.name) value")
        }
    }
    buffer.write(" " + parts.joined(separator: " \(g.bullet) "), x: 0, y: y, style: .accent, maxWidth: state.width)
}

private func renderStatus(_ state: AppState, into buffer: inout ScreenBuffer) {
    let y = state.height - 1
    buffer.fill(row: y, style: .statusBar)
    let sortName: String
    switch state.sort {
    case .modulatorAscending: sortName = "value \(state.glyphs.up)"
    case .modulatorDescending: sortName = "value \(state.glyphs.down)"
    case .name: sortName = "name"
    }
    let position = state.order.isEmpty ? "0/0" : "\(state.cursor + 1)/\(state.order.count)"
    let left: String
    switch state.screen {
    case .cells:
        let filter = state.tissueFilter.isEmpty ? "" : "tissue: \(state.tissueFilter) \(state.glyphs.separator) "
        left = " \(position) \(state.glyphs.separator) sort: \(sortName) \(state.glyphs.separator) \(filter)"
    case .edges:
        let count = state.edgeOrder.count
        left = " \(count == 0 ? 0 : state.edgeList.cursor + 1)/\(count) \(state.glyphs.separator) sort: \(state.edgeSort.label) \(state.glyphs.separator) "
    case .compare:
        let count = state.compareOrder.count
        left = " \(count == 0 ? 0 : state.compareList.cursor + 1)/\(count) \(state.glyphs.separator) sort: \(state.compareSort.rawValue) \(state.glyphs.separator) "
    default: left = " "
    }
    let hints: String
    switch state.mode {
    case .browse: hints = statusHints(state.screen)
    case .help: hints = "any key closes help"
    default: hints = "Enter accept  Esc cancel"
    }
    buffer.write(fit(left + hints, state.width, glyphs: state.glyphs), x: 0, y: y, style: .statusBar)
}

/// A prompt and its text field, the cell under the cursor shown selected (a space past the
/// end), scrolled so that the cursor stays in view.
func renderField(_ label: String, _ field: TextField, x: Int, y: Int, width: Int, style: Style = .accent, into buffer: inout ScreenBuffer) {
    let room = max(1, width - x - label.count - 1)
    let chars = Array(field.text)
    let start = max(0, field.cursor - room + 1)
    let shown = String(chars[start..<min(chars.count, start + room)])
    buffer.write(label + shown, x: x, y: y, style: style, maxWidth: width - x)
    let under = field.cursor < chars.count ? String(chars[field.cursor]) : " "
    buffer.write(under, x: x + label.count + field.cursor - start, y: y, style: .selected)
}
