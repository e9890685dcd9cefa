import Catalog
import Foundation

/// Rendering of the jobs, gene, modulators, compare and job-form screens.
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
