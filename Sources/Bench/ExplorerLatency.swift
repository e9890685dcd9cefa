import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs
import TUI

/// `samplenet-bench explorer` (`make bench-explorer`): keystroke-to-frame latency of the
/// explorer on a large catalog, headless. `--generate` first adds a synthetic profile run of
/// the requested size (real cells and genes of the catalog, random edges) so the catalog holds
/// tens of millions of edge rows.
struct ExplorerLatency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explorer",
        abstract: "Time the explorer's keystrokes on a large catalog (make bench-explorer).")
    @Option(help: "The catalog file.") var catalog: String
    @Flag(help: "Add a synthetic profile run first.") var generate = false
    @Option(help: "Targets of the synthetic run.") var targets = 1000
    @Option(help: "Edges per (target, cell) of the synthetic run.") var edgesPerFit = 23
    @Option(help: "Modulator of the synthetic run.") var modulator = "gefitinib"

    func run() throws {
        let cat = try Catalog(path: catalog, mustExist: true)
        if generate { try generateRun(cat) }
        // RE on its own thread, as in the interactive explorer: keys are timed back to back
        // while it computes on the other core.
        var session = try HeadlessSession(catalog: cat, modulator: modulator, regulatoryEffects: true, backgroundEffects: true)
        defer { session.stop() }
        // The explorer fills its RE expression cache in the background at start-up; timed here on its own.
        let warm = ContinuousClock().measure { try? session.cellEffects?.warm(cat) }
        print(String(format: "RE expression cache (filled in the background at explorer start): %.0f ms", warm.inSeconds * 1000))
        // A browsing session: cell list, a cell's edges, sorts and filters, an edge across
        // cells, back, other views, another cell.
        var keys: [Key] = []
        keys += Array(repeating: .char("j"), count: 20) + [.char("s"), .char("s"), .char("s"), .pageDown, .char("G"), .char("g")]
        keys += [.enter] + Array(repeating: .char("j"), count: 20) + [.char("s"), .char("s"), .char("s"), .pageDown, .char("G"), .char("g")]
        keys += [.enter, .escape] + Array(repeating: .char("j"), count: 5) + [.enter, .char("R")]
        keys += [.char("T"), .char("j"), .escape, .char("R"), .escape, .escape]     // gene views: REC over every line
        keys += [.char("j"), .enter, .escape, .tab, .tab, .tab] + Array(repeating: .char("k"), count: 10) + [.enter]
        var times: [Double] = []
        var slow: [String] = []
        for (index, key) in keys.enumerated() {
            let screen = session.state.screen
            let seconds = session.press(key).seconds
            times.append(seconds)
            if seconds > 0.05 { slow.append(String(format: "#%d %@ on %@: %.0f ms", index, "\(key)", "\(screen)", seconds * 1000)) }
        }
        times.sort()
        let edges = try cat.runs().reduce(0) { $0 + $1.edges }
        func ms(_ v: Double) -> String { String(format: "%.2f ms", v * 1000) }
        writeLine("catalog: \(edges) edge rows; \(times.count) keystrokes")
        for line in slow { writeLine("  over 50 ms: \(line)") }
        writeLine("keystroke to frame: median \(ms(times[times.count / 2])), p99 \(ms(times[min(times.count - 1, Int(Double(times.count) * 0.99))])), max \(ms(times.last!))")
        // How long after a line's edges appear its RE column fills in (five lines).
        _ = session.press(.escape)
        var arrivals: [Double] = []
        for _ in 0..<5 {
            _ = session.settle(timeout: 0.2)                        // drop answers still in flight
            _ = session.press(.char("j"))
            _ = session.press(.enter)
            if let waited = session.settle() { arrivals.append(waited) }
            _ = session.press(.escape)
        }
        arrivals.sort()
        if !arrivals.isEmpty {
            writeLine("RE column filled \(ms(arrivals[arrivals.count / 2])) (median of \(arrivals.count) lines; max \(ms(arrivals.last!))) after the edges appeared")
        }
        // And a gene view's REC ranking (every line of the run), for three targets.
        var rankings: [Double] = []
        _ = session.press(.enter)
        _ = session.settle(timeout: 1)
        for _ in 0..<3 {
            _ = session.press(.char("j"))
            _ = session.press(.char("T"))
            if session.state.geneView?.rankingPending == true, let waited = session.settle() { rankings.append(waited) }
            _ = session.press(.escape)
        }
        rankings.sort()
        if !rankings.isEmpty {
            writeLine("REC ranking filled \(ms(rankings[rankings.count / 2])) (median of \(rankings.count) genes; max \(ms(rankings.last!))) after the gene view appeared")
        }
        // A group comparison (bottom against top quartile of every line: every edge of half
        // the run's lines) computes on its own thread: the key returns at once, keys go on
        // while it works, and it arrives later.
        _ = session.settle(timeout: 1)
        for _ in 0..<6 where session.state.screen != .cells { _ = session.press(session.state.screens.count > 1 ? .escape : .tab) }
        let v = session.press(.char("v")).seconds
        var during: [Double] = []
        for key in [Key.char("s"), .char("s"), .char("s")] where session.state.groups == nil { during.append(session.press(key).seconds) }
        if let waited = session.settle(timeout: 120) {
            let lines = (session.state.groups?.linesA.count ?? 0) + (session.state.groups?.linesB.count ?? 0)
            writeLine("group comparison (\(lines) lines, \(session.state.groups?.rows.count ?? 0) edges): key \(ms(v)); "
                      + "\(during.count) keys meanwhile, max \(ms(during.max() ?? 0)); arrived \(ms(waited)) later")
        }
    }

    private func generateRun(_ cat: Catalog) throws {
        guard let m = try cat.modulator(named: modulator) else { throw InputError.usage("no modulator \(modulator)") }
        let values = try cat.modulatorValues(m).values.sorted { $0.value < $1.value }
        let genes = try cat.genes()
        let regulators = genes.filter(\.isRegulator).map(\.id)
        let targetIDs = Array(genes.map(\.id).prefix(targets))
        let id = try cat.createRun(kind: .profile, modulatorID: m.id, parametersJSON: "{\"synthetic\":true}", dataHash: "synthetic",
                                   cells: values.map { ($0.key, $0.value) }, targetIDs: targetIDs, cellsSkipped: 0)
        var rng = SystemRandomNumberGenerator()
        for (n, target) in targetIDs.enumerated() {
            var edges: [EdgeRow] = []
            for (cell, _) in values {
                for regulator in regulators.shuffled(using: &rng).prefix(edgesPerFit) where regulator != target {
                    edges.append(EdgeRow(cellID: cell, regulatorID: regulator, targetID: target, beta: Double.random(in: -1...1, using: &rng)))
                }
            }
            try cat.saveTarget(runID: id, targetID: target, bandwidth: 0.2, cv: nil, fits: [], edges: edges)
            if n % 100 == 99 { printNote("generated \(n + 1)/\(targetIDs.count) targets") }
        }
        try cat.setRunStatus(id, status: .finished)
    }
}
