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

private func rows(_ lines: [String], position: ListPosition, _ state: AppState, into buffer: inout ScreenBuffer, styles: [Style]? = nil) {
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

func renderJobs(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    header("  " + fit("run", 5, glyphs: g) + fit("kind", 8, glyphs: g) + fit("modulator", 11, glyphs: g) + fit("status", 11, glyphs: g)
           + "progress", state, into: &buffer)
    if state.runs.isEmpty {
        buffer.write("  No runs yet. Start one: samplenet profile --modulator \(state.modulator?.name ?? "emt") --targets CDH1,VIM",
                     x: 0, y: 3, style: .dim, maxWidth: state.width)
        return
    }
    let barWidth = max(5, min(30, state.width - 60))
    let lines = state.shownRuns.map { r -> String in
        let fraction = r.progressTotal > 0 ? Double(r.progressDone) / Double(r.progressTotal) : (r.status == .finished ? 1 : 0)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = g == .unicode ? String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
            : String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
        return fit(String(r.id), 5, glyphs: g) + fit(r.kind.rawValue, 8, glyphs: g) + fit(r.modulator ?? "-", 11, glyphs: g) + fit(r.shownStatus, 11, glyphs: g)
            + bar + String(format: " %3.0f%%", fraction * 100)
            + (state.shardProgress[r.id].map { " " + $0.text } ?? (r.kind == .profile ? " \(r.edges) edges" : ""))
            + (RunTiming(r, now: state.now).map { " ETA " + RunTiming.clock($0.remaining) } ?? "")
            + (r.verdict.map { $0 == "signal" ? " \(g.bullet) signal" : " \(g.bullet) ! NO EVIDENCE" } ?? "")
            + (r.label.map { " \(g.bullet) \($0)" } ?? "")
            + ((r.kind == .profile && state.chosenRuns[r.modulator ?? ""] == r.id) || state.chosenTripRunID == r.id ? " \(g.bullet) shown" : "")
    }
    rows(lines, position: state.jobList, state, into: &buffer)
    // Jobs this explorer started that failed: exit status and the tail of the log.
    var y = 2 + min(lines.count, state.listHeight) + 1
    for job in state.launched where (job.exitStatus ?? 0) != 0 {
        for line in ["job pid \(job.pid) exited with status \(job.exitStatus!) (log \(job.log)):"] + job.tail.map({ "    " + $0 }) {
            guard y < summaryRow(state) else { break }
            buffer.write("  " + line, x: 0, y: y, style: .warning, maxWidth: state.width)
            y += 1
        }
    }
    if let r = state.selectedJob {
        let filter = state.jobFilter.isEmpty ? "" : " filter \"\(state.jobFilter)\": \(lines.count) of \(state.runs.count) (F clears) \(g.bullet)"
        let text = filter + " run \(r.id): " + (runParametersLine(r).map { $0 + " \(g.bullet) " } ?? "") + "created \(r.createdAt)" + (r.finishedAt.map { ", finished \($0)" } ?? "")
            + (r.message.isEmpty ? "" : " \(g.bullet) \(r.message)")
        buffer.write(text, x: 0, y: summaryRow(state), style: state.jobFilter.isEmpty ? .dim : .warning, maxWidth: state.width)
    } else if !state.jobFilter.isEmpty {
        buffer.write(" filter \"\(state.jobFilter)\": no run matches (F clears)", x: 0, y: summaryRow(state), style: .warning, maxWidth: state.width)
    }
}

func renderGene(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let arrow = g == .unicode ? "→" : "->"
    header("  " + fit("Gene \(state.geneView?.gene ?? "")  " + (state.selectedCell?.name ?? ""), state.width - 2, glyphs: g), state, into: &buffer)
    guard let view = state.geneView else {
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    let list = state.geneRows
    rows(count: list.count, position: state.geneList, state, into: &buffer) { index in
        switch list[index] {
        case let .heading(text): return (text, .columnHeader)
        case let .note(text): return ("  " + text, .dim)
        case let .edge(e, incoming):
            let other = incoming ? "\(fit(e.regulator, 14, glyphs: g)) \(arrow) \(view.gene)" : "\(view.gene) \(arrow) \(fit(e.target, 14, glyphs: g))"
            return ("  " + fit(other, 32, glyphs: g) + " beta " + fit(String(format: "%+.4g", e.beta), 11, glyphs: g, alignRight: true), .normal)
        case let .ranked(rank, r, here):
            let name = r.regulator
            let cell = here.map { "here " + String(format: "%+.3g", $0) } ?? "no edge here"
            return (fit("\(rank)", 5, glyphs: g, alignRight: true) + "  " + fit(name, 14, glyphs: g) + " REC " + fit(String(format: "%.4g", r.rec), 9, glyphs: g, alignRight: true)
                    + "  \(r.directCells) lines  " + cell, .normal)
        }
    }
}

/// Coverage and distribution of one modulator, and how many profile runs use it.
struct ModulatorSummary {
    var min: Double?, median: Double?, max: Double?
    var runs: Int

    init(_ m: ModulatorColumn, runs: [RunRecord]) {
        let sorted = m.values.values.sorted()
        min = sorted.first
        max = sorted.last
        median = sorted.isEmpty ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        self.runs = runs.filter { $0.kind == .profile && $0.modulator == m.name }.count
    }
}

func renderModulators(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let bins = max(8, min(30, state.width - 64))
    header("  " + fit("modulator", 12, glyphs: g) + fit("unit", 13, glyphs: g) + fit("lines", 9, glyphs: g) + fit("median", 8, glyphs: g)
           + fit("distribution (min..max)", bins + 16, glyphs: g) + "runs", state, into: &buffer)
    guard !state.modulators.isEmpty else {
        buffer.write("  No modulators yet: samplenet import response ... or samplenet modulator emt --signature FILE",
                     x: 0, y: 3, style: .dim, maxWidth: state.width)
        return
    }
    let current = state.modulatorIndex
    let lines = state.modulators.enumerated().map { i, m -> String in
        let s = ModulatorSummary(m, runs: state.runs)
        let h = Plot.histogram(Array(m.values.values), bins: bins, unicode: g == .unicode)
        let range = s.min.map { String(format: "%.2f ", $0) } ?? ""
        return fit((i == current ? "* " : "") + m.name, 12, glyphs: g) + fit(m.unit, 13, glyphs: g)
            + fit("\(m.values.count)/\(state.cells.count)", 9, glyphs: g) + fit(s.median.map { String(format: "%.3g", $0) } ?? "-", 8, glyphs: g)
            + fit(range + h.bars + (s.max.map { String(format: " %.2f", $0) } ?? ""), bins + 16, glyphs: g) + "\(s.runs)"
    }
    rows(lines, position: state.modulatorList, state, into: &buffer)
}

/// The detail line of the drill-down screens.
func screenDetail(_ state: AppState) -> String {
    let g = state.glyphs
    switch state.screen {
    case .edges:
        guard let e = state.selectedEdge else { return state.selectedCell?.name ?? "" }
        return "\(state.selectedCell?.name ?? "") \(g.bullet) \(e.regulator) \(g == .unicode ? "→" : "->") \(e.target) \(g.bullet) beta "
            + String(format: "%.5g", e.beta)
    case .trip:
        guard let s = state.selectedModule else { return "" }
        return "subnetwork #\(s.rank) \(g.bullet) \(s.genes.count) genes \(g.bullet) \(s.edges.count) edges \(g.bullet) score " + String(format: "%.4g", s.score)
    case .jobs:
        let counts = "\(state.runs.filter(\.isActive).count) running \(g.bullet) \(state.runs.count) runs"
        guard let r = state.selectedJob else { return counts }
        var parts = ["run \(r.id): \(r.progressDone)/\(r.progressTotal) \(r.kind == .profile ? "targets" : "tasks")"]
        if let timing = RunTiming(r, now: state.now) { parts.append(timing.summary) }
        if let shards = state.shardProgress[r.id] { parts.append(shards.text + " (from the shard folder)") }
        if let threads = r.threads { parts.append("\(threads) thread\(threads == 1 ? "" : "s")") }
        if r.isActive, let pid = r.pid { parts.append("pid \(pid)" + (r.host.map { " on \($0)" } ?? "")) }
        if let advice = r.recoveryAdvice, r.liveness.isDead { parts.append("dead: " + advice) }
        return parts.joined(separator: " \(g.bullet) ") + " \(g.bullet) " + counts
    default:
        return ""
    }
}

/// The "start a job" form, drawn over the current screen.
func renderForm(_ form: JobForm, _ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let width = min(state.width - 2, 76), height = 8
    guard width > 20, state.height >= height + 2 else { return }
    let x0 = (state.width - width) / 2, y0 = max(1, (state.height - height) / 2)
    buffer.box(title: " New NetworkProfiler run: \(form.modulator) ", x: x0, y: y0, width: width, height: height,
               ascii: g != .unicode, clearRows: true)
    let inner = width - 4
    buffer.write(fit("targets (empty: every gene)", inner, glyphs: g), x: x0 + 2, y: y0 + 1, style: .dim)
    if form.field == 0 {
        renderField("", form.targetsField, x: x0 + 2, y: y0 + 2, width: x0 + 2 + inner, style: .normal, into: &buffer)
    } else {
        buffer.write(fit(form.targets, inner, glyphs: g), x: x0 + 2, y: y0 + 2, style: .normal)
    }
    buffer.write(fit("estimator (Space switches)", inner, glyphs: g), x: x0 + 2, y: y0 + 3, style: .dim)
    let choice = form.quick ? "quick: fixed h 0.2, lambda 0.05, gamma 0.1" : "full: bandwidth CV + recursive mWAICc"
    buffer.write(fit(choice, inner, glyphs: g), x: x0 + 2, y: y0 + 4, style: form.field == 1 ? .selected : .normal)
    let estimate = JobEstimate(form: form, runs: state.runs, genes: state.geneSymbols.count)
    buffer.write(fit(estimate.summary, inner, glyphs: g), x: x0 + 2, y: y0 + 5, style: estimate.needsConfirmation ? .warning : .dim)
    if form.confirming {
        buffer.write(fit("Enter again starts this job; any other key keeps it from starting", inner, glyphs: g), x: x0 + 2, y: y0 + 6, style: .warning)
    } else {
        buffer.write(fit("Enter starts  Tab next field  Ctrl-U clears  Esc keeps it for later", inner, glyphs: g), x: x0 + 2, y: y0 + 6, style: .dim)
    }
}

func renderCompare(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let nameWidth = max(8, min(14, (state.width - 52) / 2))
    header("  " + fit("Regulator", nameWidth, glyphs: g) + "   " + fit("Target", nameWidth, glyphs: g) + " "
           + fit("A: " + state.compareAName, 11, glyphs: g, alignRight: true) + " " + fit("B: " + state.compareBName, 11, glyphs: g, alignRight: true)
           + " " + fit("B - A", 9, glyphs: g, alignRight: true) + " " + fit("status", 7, glyphs: g), state, into: &buffer)
    guard let view = state.comparison else {
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    func number(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? g.missing }
    let arrow = g == .unicode ? "→" : ">"
    rows(count: state.compareOrder.count, position: state.compareList, state, into: &buffer) { index in
        let r = view.rows[state.compareOrder[index]]
        return (fit(r.regulator, nameWidth, glyphs: g) + " \(arrow) " + fit(r.target, nameWidth, glyphs: g) + " "
                + fit(number(r.betaA), 11, glyphs: g, alignRight: true) + " " + fit(number(r.betaB), 11, glyphs: g, alignRight: true)
                + " " + fit(String(format: "%+.4f", r.difference), 9, glyphs: g, alignRight: true) + " " + fit(r.status, 7, glyphs: g),
                r.group == 0 ? .normal : .accent)
    }
    let c = view.counts
    var summary = " both: \(c.both) \(g.bullet) only A: \(c.onlyA) \(g.bullet) only B: \(c.onlyB) \(g.bullet) absent = 0"
    if !state.compareFilter.isEmpty { summary = " filter \"\(state.compareFilter)\": \(state.compareOrder.count) shown (/ Enter clears) \(g.bullet)" + summary }
    buffer.write(summary, x: 0, y: summaryRow(state), style: state.compareFilter.isEmpty ? .dim : .warning, maxWidth: state.width)
}
