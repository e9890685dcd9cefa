import Foundation

/// The help overlay: every key of every screen, the status line's hints, and word wrapping.
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

func renderHelp(_ state: AppState, into buffer: inout ScreenBuffer) {
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
