import Catalog
import Foundation

/// The summary row above the detail line.
func summaryRow(_ state: AppState) -> Int { state.height - 3 }

/// The modulator's distribution over the cell lines with a value, the selected line marked.
func renderHistogram(_ state: AppState, into buffer: inout ScreenBuffer) {
    guard let m = state.modulator, !m.values.isEmpty else { return }
    let y = summaryRow(state)
    let label = " \(m.name) "
    let bins = max(1, min(60, state.width - label.count - 24))
    let values = Array(m.values.values)
    let h = Plot.histogram(values, bins: bins, unicode: state.glyphs == .unicode)
    buffer.write(label, x: 0, y: y, style: .dim)
    let x0 = label.count
    buffer.write(String(format: "%.2f ", h.lower), x: x0, y: y, style: .dim)
    let barsX = x0 + String(format: "%.2f ", h.lower).count
    buffer.write(h.bars, x: barsX, y: y, style: .accent)
    buffer.write(String(format: " %.2f", h.upper), x: barsX + bins, y: y, style: .dim)
    if let cell = state.selectedCell, let v = m.values[cell.id] {
        let b = Plot.bin(of: v, lower: h.lower, upper: h.upper, bins: bins)
        let mark: Character = state.glyphs == .unicode ? "▲" : "^"
        let existing = buffer.rows[y][barsX + b].character
        buffer.write(String(existing == " " ? mark : existing), x: barsX + b, y: y, style: .match)
    }
}

func header(_ text: String, _ state: AppState, into buffer: inout ScreenBuffer) {
    buffer.write(fit(text, state.width, glyphs: state.glyphs), x: 0, y: 1, style: .columnHeader)
    buffer.fill(row: 1, style: .columnHeader)
}

/// Writes list rows from `position.top`, the cursor row highlighted. Only the visible rows
/// are formatted, so a list of any length costs the same per frame.
func rows(count: Int, position: ListPosition, _ state: AppState, into buffer: inout ScreenBuffer,
                  line: (Int) -> (text: String, style: Style)) {
    for row in 0..<state.listHeight {
        let index = position.top + row
        guard index < count else { break }
        let selected = index == position.cursor
        let (text, style) = line(index)
        buffer.write((selected ? "> " : "  ") + text, x: 0, y: 2 + row, style: selected ? .selected : style, maxWidth: state.width)
        if selected { buffer.fill(row: 2 + row, style: .selected) }
    }
}

func rows(_ lines: [String], position: ListPosition, _ state: AppState, into buffer: inout ScreenBuffer, styles: [Style]? = nil) {
    rows(count: lines.count, position: position, state, into: &buffer) { (lines[$0], styles?[$0] ?? .normal) }
}

func renderEdges(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let arrow = g == .unicode ? "→" : ">"
    let tested = state.cellEdges?.edges.contains { $0.q != nil } == true
    let nameWidth = max(8, min(16, (state.width - 30 - (tested ? 9 : 0)) / 2))
    header("  " + fit("Regulator", nameWidth, glyphs: g) + "   " + fit("Target", nameWidth, glyphs: g) + " "
           + fit("beta", 11, glyphs: g, alignRight: true) + " " + fit("RE", 11, glyphs: g, alignRight: true) + "  sign"
           + (tested ? " " + fit("q", 8, glyphs: g, alignRight: true) : ""), state, into: &buffer)
    guard let edges = state.cellEdges else {
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    if edges.edges.isEmpty {
        let message: String
        switch state.profileRun {
        case let run? where run.status == .finished: message = "  No edges: every fit of this cell line is the intercept-only model."
        case let run? where run.isActive: message = "  No edges yet: the run is still working."
        case let run?: message = "  No edges: run \(run.id) is \(run.shownStatus)" + (run.recoveryAdvice.map { "; " + $0 } ?? "")
        case nil: message = "  No edges."
        }
        buffer.write(message, x: 0, y: 3, style: .dim, maxWidth: state.width)
    }
    rows(count: state.edgeOrder.count, position: state.edgeList, state, into: &buffer) { index in
        let e = edges.edges[state.edgeOrder[index]]
        return (fit(e.regulator, nameWidth, glyphs: g) + " \(arrow) " + fit(e.target, nameWidth, glyphs: g) + " "
                + fit(String(format: "%.4f", e.beta), 11, glyphs: g, alignRight: true) + " "
                + fit(e.effect.map { String(format: "%.4f", $0) } ?? g.missing, 11, glyphs: g, alignRight: true) + "  " + (e.beta > 0 ? "+" : "-")
                + (tested ? "    " + fit(e.q.map { String(format: "%.3g", $0) } ?? g.missing, 8, glyphs: g, alignRight: true) : ""), .normal)
    }
    let y = summaryRow(state)
    var summary = " \(edges.edges.count) edges \(g.bullet) \(edges.regulatorCount) regulators \(g.bullet) \(edges.targetCount) targets"
        + (edges.edges.contains { $0.effect != nil } ? " \(g.bullet) RE: paths <= 2 via this run's targets" : "")
    if !state.edgeFilter.isEmpty { summary += " \(g.bullet) filter \"\(state.edgeFilter)\": \(state.edgeOrder.count)" }
    if let limit = state.edgeMaxQ {
        summary += " \(g.bullet) q<=\(limit), effect>=\(AppState.modulationMinEffect): \(state.edgeOrder.count) shown (Q: all)"
    } else if tested { summary += " \(g.bullet) q: modulation test (Q: varying calls)" }
    buffer.write(summary, x: 0, y: y, style: .dim, maxWidth: state.width)
}

func renderTrip(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    guard let run = state.tripRun else {
        header(" Explain (TRIP)", state, into: &buffer)
        let parent = state.profileRun.map { "samplenet trip --run \($0.id) --response OTHER-MODULATOR" } ?? "a NetworkProfiler run first (samplenet profile)"
        buffer.write("  No TRIP run for this modulator's networks yet. Start one: \(parent)", x: 0, y: 3, style: .dim, maxWidth: state.width)
        return
    }
    guard let view = state.trip, view.runID == run.id else {
        header(" TRIP run \(run.id)", state, into: &buffer)
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    let live = view.status == .running ? " \(g.bullet) training, epoch \(view.epoch.map(String.init) ?? "?") (live)" : ""
    let filter = state.tripFilter.isEmpty ? "" : " \(g.bullet) filter \"\(state.tripFilter)\": \(state.shownModules.count) of \(view.subnetworks.count) (F clears)"
    header(" TRIP run \(view.runID) of run \(run.parentRunID.map(String.init) ?? "?")\(live)\(filter) \(g.bullet) rank  score  genes", state, into: &buffer)
    var lines: [String] = [], styles: [Style] = []
    var position = state.tripList
    for (index, sub) in state.shownModules.enumerated() {
        if index == state.tripList.cursor { position.cursor = lines.count }
        lines.append(String(format: "#%-3d %8.4f  ", sub.rank, sub.score) + "\(sub.edges.count) edge\(sub.edges.count == 1 ? "" : "s"): " + sub.genes.joined(separator: " "))
        styles.append(.normal)
    }
    if lines.isEmpty {
        buffer.write(state.tripFilter.isEmpty ? "  No subnetworks yet." : "  No module holds a gene matching \"\(state.tripFilter)\" (F clears).",
                     x: 0, y: 3, style: .dim)
    }
    position.clamp(count: lines.count, visible: state.listHeight)
    rows(lines, position: position, state, into: &buffer, styles: styles)
    let scores = view.scoreLines.isEmpty ? "cross-validation scores appear when training ends" : view.scoreLines.joined(separator: "  ")
    switch (view.verdict, view.status) {
    case let (verdict?, _) where verdict.isSignal:
        buffer.write(" verdict: signal \(g.bullet) " + scores, x: 0, y: summaryRow(state), style: .dim, maxWidth: state.width)
    case let (verdict?, _):
        buffer.write(" ! \(verdict.verdict.uppercased()): not an explanation (\(verdict.reason))", x: 0, y: summaryRow(state), style: .warning, maxWidth: state.width)
    case (nil, .finished):
        buffer.write(" ! NO VERDICT (run made before controls existed): unvalidated \(g.bullet) " + scores, x: 0, y: summaryRow(state), style: .warning, maxWidth: state.width)
    default:
        buffer.write(" " + scores, x: 0, y: summaryRow(state), style: .dim, maxWidth: state.width)
    }
}

/// The selected line's largest edge contributions to its TRIP prediction, with a bar
/// scaled to the largest.
func renderContributions(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let cell = state.selectedCell?.name ?? "?"
    guard let run = state.tripRun, let view = state.contributions, view.tripRunID == run.id, view.cellID == state.selectedCell?.id else {
        header(" TRIP contributions of \(cell)", state, into: &buffer)
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    header(" TRIP run \(run.id) \(g.bullet) \(cell): edges by |contribution| (+ raises the prediction)", state, into: &buffer)
    guard !view.rows.isEmpty else {
        buffer.write("  \(cell) has an empty network in this run: nothing contributes.", x: 0, y: 3, style: .dim, maxWidth: state.width)
        return
    }
    let largest = view.rows.map { abs($0.value) }.max() ?? 1
    let nameWidth = min(30, max(12, (view.rows.map { $0.regulator.count + $0.target.count + 4 }.max() ?? 12)))
    let barWidth = max(4, min(30, state.width - nameWidth - 16))
    let arrow = g == .unicode ? " → " : " -> "
    let lines = view.rows.map { r -> String in
        let filled = max(1, Int((abs(r.value) / max(largest, .leastNormalMagnitude) * Double(barWidth)).rounded()))
        let bar = String(repeating: g == .unicode ? (r.value > 0 ? "█" : "▒") : (r.value > 0 ? "+" : "-"), count: filled)
        return fit(r.regulator + arrow + r.target, nameWidth, glyphs: g) + fit(String(format: "%+.4g", r.value), 11, glyphs: g, alignRight: true)
            + "  " + bar
    }
    var position = state.contributionList
    position.clamp(count: lines.count, visible: state.listHeight)
    rows(lines, position: position, state, into: &buffer)
    let total = view.rows.reduce(0) { $0 + $1.value }
    buffer.write(" \(view.rows.count) largest stored \(g.bullet) their sum " + String(format: "%+.4g", total),
                 x: 0, y: summaryRow(state), style: .dim, maxWidth: state.width)
}
