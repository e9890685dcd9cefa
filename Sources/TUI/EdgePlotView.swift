/// The drill-down plot: one edge's beta in every cell line, lines in modulator order (the x
/// axis is their rank, labelled with the modulator's values at its ends and middle, in the
/// modulator's units). It follows the cell list's tissue filter, and when it is opened from a
/// group comparison the two groups' lines are drawn in their own styles with their means.
func renderEdgeProfile(_ state: AppState, into buffer: inout ScreenBuffer) {
    guard let profile = state.edgeProfile else {
        buffer.write("  loading…", x: 0, y: 3, style: .dim)
        return
    }
    let g = state.glyphs
    let points = visiblePoints(profile, state)
    let betas = points.map(\.beta)
    let lower = min(0, betas.min() ?? 0), upper = max(0, betas.max() ?? 0)
    let present = betas.filter { $0 != 0 }.count
    let modulatorName = state.modulator?.name ?? "modulator"
    let filtered = state.tissueFilter.isEmpty ? "" : " of \"\(state.tissueFilter)\""
    header(" beta of \(profile.regulator) \(g == .unicode ? "→" : "->") \(profile.target) in \(points.count) cell lines\(filtered), "
           + "in \(modulatorName) order; non-zero in \(present)", state, into: &buffer)
    let axis = 10
    let plotWidth = max(1, state.width - axis - 1)
    let groups = plottedGroups(state, runID: profile.runID)
    let plotHeight = max(1, state.listHeight - (groups == nil ? 3 : 4))       // rows for the x axis, the groups, the line
    let unicode = g == .unicode
    let lines = Plot.scatter(betas, width: plotWidth, height: plotHeight, lower: lower, upper: upper, unicode: unicode)
    for (row, line) in lines.enumerated() {
        let label = row == 0 ? String(format: "%9.3f ", upper) : (row == lines.count - 1 ? String(format: "%9.3f ", lower) : "")
        buffer.write(fit(label, axis, glyphs: g, alignRight: true), x: 0, y: 2 + row, style: .dim)
        buffer.write(line, x: axis + 1, y: 2 + row, style: .accent)
    }
    var y = 2 + lines.count
    writeModulatorAxis(points, state, x: axis + 1, width: plotWidth, y: y, into: &buffer)
    y += 1
    if let groups {
        // Each group's points drawn over the others in its own style (a character holding
        // both groups shows the one drawn last).
        for (lines, style) in [(groups.a, Style.warning), (groups.b, Style.match)] {
            let only = points.map { lines.contains($0.cellID) ? $0.beta : Double.nan }
            for (row, line) in Plot.scatter(only, width: plotWidth, height: plotHeight, lower: lower, upper: upper, unicode: unicode).enumerated() {
                for (k, ch) in line.enumerated() where ch != " " { buffer.write(String(ch), x: axis + 1 + k, y: 2 + row, style: style) }
            }
        }
        // Numbers first: a narrow terminal cuts the groups' definitions, not their means.
        func mean(_ name: String, _ lines: Set<Int>, _ definition: String) -> String {
            let values = points.filter { lines.contains($0.cellID) }.map(\.beta)
            guard !values.isEmpty else { return " \(name): no line shown (\(definition))" }
            return String(format: " %@ mean %.4f over %d lines (%@)", name, values.reduce(0, +) / Double(values.count), values.count, definition)
        }
        buffer.write(mean("A", groups.a, groups.nameA), x: 0, y: y, style: .warning, maxWidth: state.width / 2)
        buffer.write(mean("B", groups.b, groups.nameB), x: state.width / 2, y: y, style: .match, maxWidth: state.width - state.width / 2)
        y += 1
    }
    if let cell = state.selectedCell, let i = points.firstIndex(where: { $0.cellID == cell.id }) {
        let x = axis + 1 + Plot.column(of: i, count: points.count, width: plotWidth, unicode: unicode)
        for row in 0..<lines.count where buffer.rows[2 + row][x].character == " " {
            buffer.write(unicode ? "│" : "|", x: x, y: 2 + row, style: .match)
        }
        buffer.write(String(format: " %@: beta %.4f (%d of %d by modulator)", cell.name, points[i].beta, i + 1, points.count),
                     x: axis, y: y, style: .match, maxWidth: state.width - axis)
    }
    let names = Dictionary(state.cells.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    let strongest = points.enumerated().filter { $0.element.beta != 0 }
        .sorted { abs($0.element.beta) != abs($1.element.beta) ? abs($0.element.beta) > abs($1.element.beta) : $0.offset < $1.offset }
    let top = strongest.prefix(6).map { "\(names[$0.element.cellID] ?? "?") \(String(format: "%.3f", $0.element.beta))" }
    buffer.write(" strongest: " + (top.isEmpty ? "nowhere (no cell line shown has this edge)" : top.joined(separator: ", ")),
                 x: 0, y: summaryRow(state), style: .dim, maxWidth: state.width)
}

/// The profile's points of the lines the cell list shows (its tissue filter), in the
/// profile's (modulator) order.
func visiblePoints(_ profile: EdgeProfile, _ state: AppState) -> [EdgeProfile.Point] {
    guard !state.tissueFilter.isEmpty else { return profile.points }
    let shown = Set(state.order.map { state.cells[$0].id })
    return profile.points.filter { shown.contains($0.cellID) }
}

/// The two groups of the comparison the plot was opened from (nil otherwise).
func plottedGroups(_ state: AppState, runID: Int) -> (a: Set<Int>, b: Set<Int>, nameA: String, nameB: String)? {
    guard state.screens.dropLast().last == .groups, let view = state.groups, view.runID == runID else { return nil }
    return (Set(view.linesA), Set(view.linesB), view.definitionA, view.definitionB)
}

/// The x axis under the plot: the modulator's value (raw, in its unit) of the first, middle
/// and last line shown.
func writeModulatorAxis(_ points: [EdgeProfile.Point], _ state: AppState, x: Int, width: Int, y: Int, into buffer: inout ScreenBuffer) {
    guard let modulator = state.modulator, !points.isEmpty else { return }
    func value(_ i: Int) -> String { modulator.values[points[i].cellID].map { String(format: "%.3g", $0) } ?? state.glyphs.missing }
    let unit = modulator.unit.isEmpty ? "" : " (\(modulator.unit))"
    let left = value(0), middle = value(points.count / 2), right = value(points.count - 1)
    buffer.write(left, x: x, y: y, style: .dim)
    let title = "\(modulator.name)\(unit): \(middle) at the median line"
    buffer.write(title, x: x + max(left.count + 2, (width - title.count) / 2), y: y, style: .dim, maxWidth: max(0, width - left.count - right.count - 4))
    buffer.write(right, x: x + max(0, width - right.count), y: y, style: .dim)
}
