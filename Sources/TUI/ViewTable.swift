import Foundation
import Catalog

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
            // What the view shows: its filter and sort applied.
            let rows: [[String]] = state.geneRows.compactMap { row in
                switch row {
                case let .edge(e, incoming): return [incoming ? "regulator_in_cell" : "target_in_cell", cell, e.regulator, e.target, "\(e.beta)", "NA", "NA"]
                case let .ranked(rank, r, _): return ["rec_rank", "", r.regulator, view.gene, "NA", "\(r.rec)", "\(rank)"]
                case .heading, .note: return nil
                }
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
