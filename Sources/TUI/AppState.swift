import Catalog
import Jobs

/// A cell line row of the explorer.
public struct CellRow: Equatable, Sendable {
    public var id: Int
    public var key: String
    public var name: String
    public var tissue: String
    public var cancerType: String

    public init(id: Int, key: String, name: String, tissue: String = "", cancerType: String = "") {
        self.id = id; self.key = key; self.name = name; self.tissue = tissue; self.cancerType = cancerType
    }
}

/// A modulator as the explorer shows it: name, unit and per-cell values.
public struct ModulatorColumn: Equatable, Sendable {
    public var name: String
    public var unit: String
    public var values: [Int: Double]

    public init(name: String, unit: String, values: [Int: Double]) {
        self.name = name; self.unit = unit; self.values = values
    }
}

/// The order of the cell-line list; `s` cycles through them.
public enum SortOrder: Equatable, Sendable, CaseIterable {
    case modulatorAscending, modulatorDescending, name
}

/// What the keyboard is talking to.
public enum InputMode: Equatable, Sendable {
    case browse
    /// Typing a search; `origin` is the cursor to restore on Esc.
    case search(TextField, origin: Int)
    /// Typing a gene filter for the edge list; `previous` is restored on Esc.
    case filter(TextField, previous: String)
    /// Typing a tissue / cancer-type filter for the cell-line list.
    case tissueFilter(TextField, previous: String)
    /// Typing the filter of a sheet (groups, compare, module, jobs, TRIP modules, gene view).
    case listFilter(ListFilter, TextField, previous: String)
    /// Typing a `:` command.
    case command(TextField)
    /// Filling in the "start a job" form.
    case form(JobForm)
    /// Filling in the TRIP form (`t`).
    case tripForm(TripForm)
    case help
}

/// The small form `r` opens to start a NetworkProfiler run of the current modulator.
public struct JobForm: Equatable, Sendable {
    public var modulator: String
    public var targetsField: TextField
    public var targets: String { targetsField.text }
    /// Fixed hyperparameters (ProfilerOptions.quick: seconds per target) or the full default
    /// estimator (bandwidth CV + recursive mWAICc: ~25 s per target on 2 cores).
    public var quick = true
    /// 0: targets, 1: estimator.
    public var field = 0
    /// Enter was pressed once on a job that asks first (genome-wide or hours long).
    public var confirming = false

    public init(modulator: String, targets: String, quick: Bool = true) {
        self.modulator = modulator
        targetsField = TextField(targets)
        self.quick = quick
    }

    /// The `samplenet` arguments this form starts.
    public func arguments(catalog: String) -> [String] {
        var args = ["profile", "--catalog", catalog, "--modulator", modulator]
        if !targets.isEmpty { args += ["--targets", targets] }
        // One target per batch: each target is committed as soon as it is fitted, so its edges
        // appear in the explorer at once (a batch shares Grams but commits together).
        args += (quick ? ProfileArguments.quick : []) + ["--batch", "1"]
        return args
    }
}

/// A job process the explorer started (it runs in its own session and outlives the explorer).
public struct LaunchedJob: Equatable, Sendable {
    public var pid: Int32
    public var log: String
    public var exitStatus: Int32?
    /// The last lines of its log once it has exited.
    public var tail: [String]
    /// The samplenet command it runs (`profile`, `import`, ...).
    public var command: String
    public init(pid: Int32, log: String, exitStatus: Int32? = nil, tail: [String] = [], command: String = "profile") {
        self.pid = pid; self.log = log; self.exitStatus = exitStatus; self.tail = tail; self.command = command
    }
}

/// The whole state of the explorer. `render` is a pure function of it; `update` is the
/// only place it changes.
public struct AppState: Equatable, Sendable {
    public var catalogName: String
    public var cells: [CellRow]
    public var modulators: [ModulatorColumn]
    public var modulatorIndex: Int?
    public var sort: SortOrder = .modulatorAscending
    /// Cell lines shown: tissue or cancer type contains this (case-insensitive); empty = all.
    public var tissueFilter = ""
    /// Indices into `cells`, in display order (derived from cells, modulator and sort).
    public private(set) var order: [Int] = []
    /// Position of the selection in `order`.
    public var cursor = 0
    /// First visible position in `order`.
    public var top = 0
    public var mode: InputMode = .browse
    public var lastSearch: String?
    public var message: String?
    public var width: Int
    public var height: Int
    public var glyphs: Glyphs

    /// The drill-down path; the last one is shown.
    public var screens: [Screen] = [.cells]
    /// Every run in the catalog (kept current by the poller).
    public var runs: [RunRecord] = []
    public var geneSymbols: [Int: String] = [:]
    public var cellEdges: CellEdges?
    public var edgeSort: EdgeSort = .magnitude
    /// `Q` keeps only the varying calls at this q level (nil: no q filter).
    public var edgeMaxQ: Double?
    /// The q limit `Q` toggles and the effect a call needs (METHOD.md 1.7's call rule).
    public static let modulationQLimit = ModulationTestJob.callLevel
    public static let modulationMinEffect = ModulationTestJob.callMinimumEffect
    /// Gene filter of the edge list (regulator or target contains it, case-insensitive).
    public var edgeFilter = ""
    /// The job form as last left, per modulator (`r` reopens it; a failed job keeps it).
    public var lastForms: [String: JobForm] = [:]
    /// The first-minute jobs on an empty catalog (nil: not started).
    public var welcome: WelcomeStage?
    /// (See `Welcome.swift`.)
    /// The TRIP form as last left (reopened for the same run).
    public var lastTripForm: TripForm?
    /// Indices into `cellEdges.edges`, in display order.
    public private(set) var edgeOrder: [Int] = []
    public var edgeList = ListPosition()
    public var edgeProfile: EdgeProfile?
    public var trip: TripView?
    public var tripList = ListPosition()
    public var moduleListSort: ModuleListSort = .rank
    /// The TRIP view's filter: modules holding a gene that contains it (case-insensitive).
    public var tripFilter = ""
    /// Rank of the subnetwork whose edges are listed, if one is open.
    public var openSubnetwork: Int?
    public var moduleList = ListPosition()
    public var moduleSort: ModuleSort = .importance
    /// Gene filter of the module sheet (regulator or target contains it, case-insensitive).
    public var moduleFilter = ""
    public var jobList = ListPosition()
    public var jobSort: JobSort = .id
    /// Unfinished sharded runs' progress, read from their shard folders (not the catalog).
    public var shardProgress: [Int: ShardSummary] = [:]
    /// Jobs' filter: id, kind, modulator, status or label contains it (case-insensitive).
    public var jobFilter = ""
    public var geneView: GeneView?
    public var geneList = ListPosition()
    public var geneSort: GeneSort = .strength
    /// The gene view's filter: edges and ranked regulators whose other gene contains it.
    public var geneFilter = ""
    public var modulatorList = ListPosition()
    /// The selected cell line's TRIP contributions (for the contributions screen and the
    /// open subnetwork's edges).
    public var contributions: CellContributions?
    public var contributionList = ListPosition()
    public var launched: [LaunchedJob] = []
    /// Cell line marked with `c` as A of a comparison.
    public var compareMark: Int?
    public var comparison: CompareView?
    public var compareList = ListPosition()
    /// Lines marked with Space on the cell list (group A of `v`).
    public var lineMarks: Set<Int> = []
    public var groups: GroupView?
    public var groupList = ListPosition()
    public var groupSort: GroupSort = .difference
    public var groupFilter = ""
    /// Indices into `groups.rows`, in display order.
    public var groupOrder: [Int] = []
    public var compareSort: CompareSort = .difference
    /// Gene filter of the comparison (regulator or target contains it, case-insensitive).
    public var compareFilter = ""
    /// Indices into `comparison.rows`, in display order.
    public var compareOrder: [Int] = []

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
    public var compareAName = ""
    public var compareBName = ""
    /// `q` was pressed once while a job runs.
    public var confirmQuit = false
    /// `x` was pressed once on this run in Jobs: a second `x` cancels it.
    public var confirmCancel: Int?
    /// `D` was pressed once on this run in Jobs: a second `D` deletes it.
    public var confirmDelete: Int?
    /// Job processes the user cancelled: their exit is reported as cancelled, not failed.
    public var cancelledPIDs: Set<Int32> = []
    /// The wall clock of the last tick (seconds since 1970; nil before the first): the Jobs
    /// view's rates and ETAs are computed from it, so rendering stays a pure function.
    public var now: Double?
    /// Format of `e`; `:export csv` (or json, tsv) changes it.
    public var exportFormat: ViewTable.Format = .tsv

    public init(catalogName: String, cells: [CellRow], modulators: [ModulatorColumn],
                modulatorIndex: Int? = nil, width: Int = 80, height: Int = 24, glyphs: Glyphs = .unicode) {
        self.catalogName = catalogName
        self.cells = cells
        self.modulators = modulators
        self.modulatorIndex = modulatorIndex ?? (modulators.isEmpty ? nil : 0)
        self.width = width
        self.height = height
        self.glyphs = glyphs
        reorder(keeping: nil)
    }

    public var modulator: ModulatorColumn? { modulatorIndex.map { modulators[$0] } }

    public var screen: Screen { screens.last ?? .cells }

    /// The NetworkProfiler run the views show for the current modulator: the one chosen in Jobs
    /// (Enter) or by `explore --run`; else the latest run that is working now (its edges stream
    /// in); else the latest finished one; else the latest incomplete or cancelled one with
    /// finished targets. A newer small, cancelled or dead run no longer hides a finished one.
    public var profileRun: RunRecord? {
        guard let name = modulator?.name else { return nil }
        let mine = runs.filter { $0.kind == .profile && $0.modulator == name }
        if let chosen = chosenRuns[name], let run = mine.first(where: { $0.id == chosen }) { return run }
        return mine.last { $0.isActive } ?? mine.last { $0.status == .finished }
            ?? mine.last { [.incomplete, .cancelled, .running].contains($0.status) && $0.progressDone > 0 }
    }

    /// The TRIP run explaining `profileRun`: the one chosen in Jobs, else the latest working or
    /// finished one, else the latest that did not fail.
    public var tripRun: RunRecord? {
        guard let parent = profileRun?.id else { return nil }
        let mine = runs.filter { $0.kind == .trip && $0.parentRunID == parent }
        if let chosenTripRunID, let run = mine.first(where: { $0.id == chosenTripRunID }) { return run }
        return mine.last { $0.isActive || $0.status == .finished } ?? mine.last { $0.effectiveStatus != .failed }
    }

    /// Runs made current by Enter in Jobs (or `explore --run`): modulator -> profile run id.
    public var chosenRuns: [String: Int] = [:]
    public var chosenTripRunID: Int?

    /// Makes `run` the one its views show (a TRIP run: its parent too), and its modulator
    /// current. false when the run is not one the views can show.
    mutating func choose(_ run: RunRecord) -> Bool {
        let profile = run.kind == .trip ? runs.first { $0.id == run.parentRunID } : run
        guard let profile, profile.kind == .profile, let name = profile.modulator,
              let index = modulators.firstIndex(where: { $0.name == name }) else { return false }
        chosenRuns[name] = profile.id
        if run.kind == .trip { chosenTripRunID = run.id }
        if modulatorIndex != index {
            let keep = selectedCell?.id
            modulatorIndex = index
            reorder(keeping: keep)
        }
        cellEdges = nil
        trip = nil
        return true
    }

    /// The edge under the cursor of the edge list.
    public var selectedEdge: EdgeItem? {
        guard let edges = cellEdges?.edges, edgeOrder.indices.contains(edgeList.cursor) else { return nil }
        return edges[edgeOrder[edgeList.cursor]]
    }

    /// Recomputes `edgeOrder` from the edges, the sort and the filter, keeping the selected edge
    /// (by regulator and target: its beta, RE or q may have changed).
    mutating func reorderEdges() { reorderEdges(keeping: selectedEdge) }

    mutating func reorderEdges(keeping keep: EdgeItem?) {
        let edges = cellEdges?.edges ?? []
        let filter = edgeFilter.lowercased()
        // The substring test once per distinct gene, not per edge: a line has ~23,000 edges
        // but only a few hundred genes.
        var matches: [Int: Bool] = [:]
        func matching(_ id: Int, _ symbol: String) -> Bool {
            if let known = matches[id] { return known }
            let found = symbol.lowercased().contains(filter)
            matches[id] = found
            return found
        }
        var indices = filter.isEmpty ? Array(edges.indices) : edges.indices.filter {
            matching(edges[$0].regulatorID, edges[$0].regulator) || matching(edges[$0].targetID, edges[$0].target)
        }
        if edgeMaxQ != nil && !edges.contains(where: { $0.q != nil }) { edgeMaxQ = nil }      // a run without a test
        if let edgeMaxQ { indices = indices.filter { edges[$0].varies(maxQ: edgeMaxQ) } }
        let byNames: (Int, Int) -> Bool = { a, b in
            (edges[a].regulator, edges[a].target) < (edges[b].regulator, edges[b].target)
        }
        switch edgeSort {
        case .magnitude:
            indices.sort { abs(edges[$0].beta) != abs(edges[$1].beta) ? abs(edges[$0].beta) > abs(edges[$1].beta) : byNames($0, $1) }
        case .regulator:
            indices.sort(by: byNames)
        case .target:
            indices.sort { (edges[$0].target, edges[$0].regulator) < (edges[$1].target, edges[$1].regulator) }
        case .effect:
            let size = { (i: Int) in abs(edges[i].effect ?? 0) }
            indices.sort { size($0) != size($1) ? size($0) > size($1) : byNames($0, $1) }
        case .q:
            let q = { (i: Int) in edges[i].q ?? 2 }          // untested edges last
            indices.sort { q($0) != q($1) ? q($0) < q($1) : byNames($0, $1) }
        }
        edgeOrder = indices
        if let keep, let position = indices.firstIndex(where: { edges[$0].regulatorID == keep.regulatorID && edges[$0].targetID == keep.targetID }) {
            edgeList.cursor = position
        }
        edgeList.clamp(count: edgeOrder.count, visible: listHeight)
    }

    public var selectedCell: CellRow? {
        order.indices.contains(cursor) ? cells[order[cursor]] : nil
    }

    /// Rows available to the list at the current size (title, column header, summary,
    /// detail and status lines take five).
    public var listHeight: Int { max(1, height - 5) }

    /// Recomputes `order` from the sort and modulator, keeping the selected cell line.
    mutating func reorder(keeping cellID: Int?) {
        let values = modulator?.values ?? [:]
        let cells = self.cells
        let lowerNames = cells.map { $0.name.lowercased() }
        let byName: (Int, Int) -> Bool = { a, b in
            lowerNames[a] != lowerNames[b] ? lowerNames[a] < lowerNames[b] : cells[a].key < cells[b].key
        }
        let wanted = tissueFilter.lowercased()
        let indices = cells.indices.filter {
            wanted.isEmpty || cells[$0].tissue.lowercased().contains(wanted) || cells[$0].cancerType.lowercased().contains(wanted)
        }
        switch sort {
        case .name:
            order = indices.sorted(by: byName)
        case .modulatorAscending, .modulatorDescending:
            let descending = sort == .modulatorDescending
            order = indices.sorted { a, b in
                let va = values[cells[a].id], vb = values[cells[b].id]
                switch (va, vb) {
                case let (x?, y?) where x != y: return descending ? x > y : x < y
                case (nil, _?): return false          // missing values last
                case (_?, nil): return true
                default: return byName(a, b)
                }
            }
        }
        if let cellID, let position = order.firstIndex(where: { cells[$0].id == cellID }) {
            cursor = position
        }
        clampCursor()
    }

    mutating func clampCursor() {
        var position = ListPosition(cursor: cursor, top: top)
        position.clamp(count: order.count, visible: listHeight)
        (cursor, top) = (position.cursor, position.top)
    }

    /// Rank (1-based, ascending value) of a cell's modulator value among cells with one.
    func rank(of cellID: Int) -> (rank: Int, of: Int)? {
        guard let values = modulator?.values, let v = values[cellID] else { return nil }
        return (values.values.filter { $0 < v }.count + 1, values.count)
    }
}
