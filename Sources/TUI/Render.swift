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

/// Keys every screen shares, as the help overlay lists them.
let commonKeyHelp: [(keys: String, action: String)] = [
    ("Tab S-Tab", "cell lines / explain (TRIP) / jobs"),
    ("Esc Bksp h Left", "back"),
    (":", "cell gene edge explain import export trip"),
    ("r", "start a NetworkProfiler run (a small form)"),
    ("t", "start TRIP on the shown run (a form: response, input, ranks, units, folds, seed)"),
    ("M", "modulators: coverage, distribution, runs"),
    ("e", "export view (:export csv|json|PATH)"),
    ("F", "clear this list's filter"),
    ("X", "stop the first look (make run's automatic profile and TRIP)"),
    ("?", "this help"),
    ("q", "quit"),
]

/// Every key of a screen, as the help overlay lists them.
public func keyHelp(_ screen: Screen) -> [(keys: String, action: String)] {
    let movement: [(keys: String, action: String)] = [("j k  Down Up", "move the selection"), ("PgDn PgUp  Space b", "move a page"),
                                                      ("g G  Home End", "first / last row")]
    switch screen {
    case .cells:
        return movement + [("Enter l Right", "this cell line's edges"), ("m", "next modulator (views follow its latest run)"),
                           ("s", "sort: value ascending, descending, name"), ("/", "search by name (Enter keeps, Esc cancels)"),
                           ("f", "filter by tissue or cancer type (Esc restores)"),
                           ("c", "mark A, then on another line: compare the two networks"),
                           ("Space", "mark / unmark the line for a group comparison (instead of paging here)"),
                           ("v", "compare groups edge by edge: marked vs the other listed lines, or bottom vs top quartile"),
                           ("n N", "next / previous match")] + commonKeyHelp
    case .edges:
        return movement + [("Enter l Right", "this edge across all cell lines"), ("s", "sort: |beta|, regulator, target, |RE|, q"),
                           ("Q", "only varying calls (q <= 0.1 and effect >= 0.1, samplenet test), again: all"),
                           ("R T", "gene view of the edge's regulator / target (REC ranking)"),
                           ("/ f", "filter by gene (Esc restores)")] + commonKeyHelp
    case .edgeProfile:
        return [("R", "the regulator's other edges in this cell line"), ("T", "the target's other edges in this cell line")] + commonKeyHelp
    case .trip:
        return movement + [("Enter l Right", "a subnetwork's edges as a sheet (with this line's contributions)"),
                           ("s", "sort modules: rank, size"), ("/ f", "keep the modules holding a gene"),
                           ("c", "the selected cell line's own top contributing edges")] + commonKeyHelp
    case .contributions:
        return movement + [("Enter l Right", "this edge across all cell lines")] + commonKeyHelp
    case .compare:
        return movement + [("s", "sort: |B - A| (absent = 0), regulator, target, status"), ("/ f", "filter by gene (Enter on empty clears)")]
            + commonKeyHelp
    case .groups:
        return movement + [("Enter l Right", "this edge across all cell lines"), ("s", "sort: |B - A|, q, regulator, target"),
                           ("/ f", "filter by gene (Enter on empty clears)")] + commonKeyHelp
    case .module:
        return movement + [("Enter l Right", "this edge across all cell lines"), ("s", "sort: importance, regulator, target, sign"),
                           ("/ f", "filter by gene (Enter on empty clears)"), ("c", "the selected cell line's own top contributing edges")]
            + commonKeyHelp
    case .modulators:
        return movement + [("Enter m", "make it the current modulator (views follow its latest run)")] + commonKeyHelp
    case .gene:
        return movement + [("Enter", "this edge (or ranked regulator -> gene) across all cell lines"),
                           ("s", "sort each section: |beta| and REC rank, or name"), ("/ f", "keep the edges whose other gene matches")] + commonKeyHelp
    case .jobs:
        return movement + [("Enter", "show this run in its views (a profile run for its modulator, a TRIP run in Explain)"),
                           ("x", "cancel the selected running job (asks first; finished targets are kept)"),
                           ("R", "resume the selected cancelled, failed or dead profile run (finished targets are kept)"),
                           ("s", "sort: id, newest, status, modulator"), ("/ f", "filter by id, kind, modulator, status or label"),
                           ("D", "delete the selected run and what is stored with it (asks first)")] + commonKeyHelp
    }
}

func statusHints(_ screen: Screen) -> String {
    switch screen {
    case .cells: return "Enter edges  / search  m modulator  s sort  Tab views  ? help  q quit"
    case .edges: return "Enter edge  / filter  s sort  Esc back  ? help  q quit"
    case .edgeProfile: return "R regulator  T target  Esc back  ? help  q quit"
    case .trip: return "Enter open  c this line  Tab views  ? help  q quit"
    case .contributions: return "Enter edge  Esc back  e export  ? help  q quit"
    case .compare: return "s sort  / filter  Esc back  e export  ? help  q quit"
    case .groups: return "Enter edge  s sort  / filter  Esc back  e export  ? help  q quit"
    case .module: return "Enter edge  s sort  / filter  c contributions  Esc back  e export  ? help  q quit"
    case .gene: return "Enter edge  s sort  / filter  Esc back  e export  ? help  q quit"
    case .modulators: return "Enter use  Esc back  e export  ? help  q quit"
    case .jobs: return "Enter show  x cancel  R resume  r new job  Tab views  ? help  q quit"
    }
}

private func renderHelp(_ state: AppState, into buffer: inout ScreenBuffer) {
    let entries = keyHelp(state.screen)
    let keyWidth = 20
    // As wide as the longest line needs, up to the terminal; actions wrap at words beyond that.
    let widest = entries.map { keyWidth + $0.action.count }.max() ?? 0
    let width = max(min(state.width - 2, widest + 4), min(state.width, keyWidth + 14))
    let room = max(8, width - 4 - keyWidth)
    var lines: [String] = []
    for entry in entries {
        for (i, part) in wrapWords(entry.action, width: room).enumerated() {
            lines.append(fit(i == 0 ? entry.keys : "", keyWidth, glyphs: state.glyphs) + part)
        }
    }
    let height = min(state.height - 2, lines.count + 2)
    if lines.count > height - 2, height > 2 {
        let hidden = lines.count - (height - 3)
        lines = Array(lines.prefix(height - 3)) + ["(\(hidden) more lines: enlarge the terminal)"]
    }
    let x0 = max(0, (state.width - width) / 2), y0 = max(1, (state.height - height) / 2)
    buffer.box(title: " Keys: \(state.screen.title.lowercased()) ", x: x0, y: y0, width: width, height: height, ascii: state.glyphs != .unicode)
    for (i, line) in lines.enumerated() where y0 + 1 + i < y0 + height - 1 {
        buffer.write(line, x: x0 + 2, y: y0 + 1 + i, maxWidth: width - 4)
    }
}

/// Splits text into lines of at most `width` characters at spaces (a longer word is cut).
func wrapWords(_ text: String, width: Int) -> [String] {
    var lines: [String] = [], line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
        var word = word
        while word.count > width {
            if !line.isEmpty { lines.append(line); line = "" }
            lines.append(String(word.prefix(width)))
            word = String(word.dropFirst(width))
        }
        if line.isEmpty { line = word } else if line.count + 1 + word.count <= width { line += " " + word } else { lines.append(line); line = word }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
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
