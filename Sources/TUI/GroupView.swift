import Catalog

/// Two groups of cell lines compared edge by edge (issue 22 item 4): `Space` marks lines on
/// the cell list; `v` compares the marked lines (A) with the other lines of the current list
/// (B), or, with no marks, the bottom quartile of the current modulator (A) with its top
/// quartile (B), both within the current tissue filter. Rows come from `GroupComparison`
/// (Compute) through the loader.
public struct GroupView: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var regulatorID: Int, targetID: Int
        public var regulator: String, target: String
        public var meanA: Double, meanB: Double
        public var presentA: Double, presentB: Double
        public var p: Double, q: Double
        public var difference: Double { meanB - meanA }
        public init(regulatorID: Int, targetID: Int, regulator: String, target: String, meanA: Double, meanB: Double,
                    presentA: Double, presentB: Double, p: Double, q: Double) {
            self.regulatorID = regulatorID; self.targetID = targetID; self.regulator = regulator; self.target = target
            self.meanA = meanA; self.meanB = meanB; self.presentA = presentA; self.presentB = presentB; self.p = p; self.q = q
        }
    }
    public var runID: Int
    /// What each group is, as the user chose it ("marked: 12 lines", "emt bottom quartile in lung: 25 lines").
    public var definitionA: String, definitionB: String
    public var linesA: [Int], linesB: [Int]
    /// By |B - A|, largest first.
    public var rows: [Row]
    /// Edges at q <= 0.1 with the lines dealt into groups of the same sizes at random (the control).
    public var shuffledCalls: Int?
    public init(runID: Int, definitionA: String, definitionB: String, linesA: [Int], linesB: [Int], rows: [Row], shuffledCalls: Int? = nil) {
        self.runID = runID; self.definitionA = definitionA; self.definitionB = definitionB
        self.linesA = linesA; self.linesB = linesB; self.rows = rows; self.shuffledCalls = shuffledCalls
    }
}

/// Orders of the group comparison (`s` cycles them).
public enum GroupSort: String, CaseIterable, Sendable {
    case difference = "|B - A|", q, regulator, target
}

/// `v` on the cell list: the two groups and what they are, or a message saying why not.
func openGroups(_ state: inout AppState) -> [Effect] {
    guard let run = state.profileRun else { state.message = "no NetworkProfiler run for this modulator"; return [] }
    let within = state.tissueFilter.isEmpty ? "" : " in \"\(state.tissueFilter)\""
    let listed = state.order.map { state.cells[$0].id }
    var a: [Int], b: [Int], definitionA: String, definitionB: String
    if !state.lineMarks.isEmpty {
        a = listed.filter { state.lineMarks.contains($0) }
        b = listed.filter { !state.lineMarks.contains($0) }
        definitionA = "marked lines\(within)"
        definitionB = "the other listed lines\(within)"
    } else {
        guard let modulator = state.modulator else { return [] }
        let valued = listed.filter { modulator.values[$0] != nil }.sorted { modulator.values[$0]! < modulator.values[$1]! }
        let quarter = valued.count / 4
        a = Array(valued.prefix(quarter))
        b = Array(valued.suffix(quarter))
        definitionA = "\(modulator.name) bottom quartile\(within)"
        definitionB = "\(modulator.name) top quartile\(within)"
    }
    a = a.filter { state.modulator?.values[$0] != nil }         // lines without a value have no network in this run
    b = b.filter { state.modulator?.values[$0] != nil }
    guard a.count >= 2, b.count >= 2 else {
        state.message = "each group needs at least 2 lines with a network (A: \(a.count), B: \(b.count)); mark lines with Space or widen the filter"
        return []
    }
    state.groups = nil
    state.groupList = ListPosition()
    state.screens = [.cells, .groups]
    return [.loadGroups(runID: run.id, a: a, b: b, definitionA: "\(definitionA): \(a.count) lines", definitionB: "\(definitionB): \(b.count) lines")]
}

func updateGroups(_ state: inout AppState, key: Key) -> [Effect] {
    if state.groupList.move(key, page: state.listHeight - 1) {
        state.groupList.clamp(count: state.groupOrder.count, visible: state.listHeight)
        return []
    }
    if updateSheetKeys(&state, key: key, sort: \.groupSort, list: \.groupList, what: "edges",
                       filter: .groups, resorted: { $0.reorderGroups() }) { return [] }
    switch key {
    case .enter, .right, .char("l"):
        guard let view = state.groups, state.groupOrder.indices.contains(state.groupList.cursor) else { return [] }
        let row = view.rows[state.groupOrder[state.groupList.cursor]]
        state.screens.append(.edgeProfile)
        state.edgeProfile = nil
        return [.loadEdgeProfile(runID: view.runID, regulatorID: row.regulatorID, targetID: row.targetID)]
    default: break
    }
    return []
}

extension AppState {
    /// Recomputes `groupOrder` from the rows, the sort and the gene filter.
    mutating func reorderGroups() {
        let rows = groups?.rows ?? []
        let wanted = groupFilter.lowercased()
        var indices = rows.indices.filter { wanted.isEmpty || rows[$0].regulator.lowercased().contains(wanted) || rows[$0].target.lowercased().contains(wanted) }
        switch groupSort {
        case .difference: break
        case .q: indices.sort { rows[$0].q != rows[$1].q ? rows[$0].q < rows[$1].q : $0 < $1 }
        case .regulator: indices.sort { (rows[$0].regulator, rows[$0].target) < (rows[$1].regulator, rows[$1].target) }
        case .target: indices.sort { (rows[$0].target, rows[$0].regulator) < (rows[$1].target, rows[$1].regulator) }
        }
        groupOrder = indices
        groupList.clamp(count: indices.count, visible: listHeight)
    }
}

func renderGroups(_ state: AppState, into buffer: inout ScreenBuffer) {
    let g = state.glyphs
    let nameWidth = max(8, min(14, (state.width - 58) / 2))
    let right = { (text: String, width: Int) in fit(text, width, glyphs: g, alignRight: true) }
    let names: String = fit("Regulator", nameWidth, glyphs: g) + "   " + fit("Target", nameWidth, glyphs: g)
    let numbers: [String] = [right("mean A", 9), right("mean B", 9), right("B - A", 9), right("in A/B", 9), right("q", 8)]
    header("  " + names + " " + numbers.joined(separator: " "), state, into: &buffer)
    guard let view = state.groups else {
        buffer.write("  comparing the two groups' networks…", x: 0, y: 3, style: .dim)
        return
    }
    let arrow = g == .unicode ? "→" : ">"
    rows(count: state.groupOrder.count, position: state.groupList, state, into: &buffer) { index in
        let r = view.rows[state.groupOrder[index]]
        let shares = String(format: "%.0f/%.0f%%", r.presentA * 100, r.presentB * 100)
        let edge: String = fit(r.regulator, nameWidth, glyphs: g) + " \(arrow) " + fit(r.target, nameWidth, glyphs: g)
        let values: [String] = [right(String(format: "%.4f", r.meanA), 9), right(String(format: "%.4f", r.meanB), 9),
                                right(String(format: "%+.4f", r.difference), 9), right(shares, 9), right(String(format: "%.2g", r.q), 8)]
        return (edge + " " + values.joined(separator: " "), r.q <= 0.1 ? .accent : .normal)
    }
    let calls = view.rows.filter { $0.q <= 0.1 }.count
    var summary = " q<=0.1: \(calls) edges, shuffled groups: \(view.shuffledCalls.map(String.init) ?? "?") \(g.bullet) A: \(view.definitionA) \(g.bullet) B: \(view.definitionB) \(g.bullet) absent = 0"
    if !state.groupFilter.isEmpty { summary = " filter \"\(state.groupFilter)\": \(state.groupOrder.count) shown \(g.bullet)" + summary }
    buffer.write(summary, x: 0, y: summaryRow(state), style: state.groupFilter.isEmpty ? .dim : .warning, maxWidth: state.width)
}

extension AppState {
    /// Recomputes `compareOrder` from the rows, the sort and the filter.
    mutating func reorderCompare() {
        let rows = comparison?.rows ?? []
        let wanted = compareFilter.lowercased()
        var indices = rows.indices.filter { wanted.isEmpty || rows[$0].regulator.lowercased().contains(wanted) || rows[$0].target.lowercased().contains(wanted) }
        let names = { (i: Int) in (rows[i].regulator, rows[i].target) }
        switch compareSort {
        case .difference: break                                   // the rows' own order
        case .regulator: indices.sort { names($0) < names($1) }
        case .target: indices.sort { (rows[$0].target, rows[$0].regulator) < (rows[$1].target, rows[$1].regulator) }
        case .status: indices.sort { rows[$0].group != rows[$1].group ? rows[$0].group < rows[$1].group : $0 < $1 }
        }
        compareOrder = indices
        compareList.clamp(count: indices.count, visible: listHeight)
    }
}
