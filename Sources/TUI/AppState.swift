import Catalog
import Jobs

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
    /// Runs made current by Enter in Jobs (or `explore --run`): modulator -> profile run id.
    public var chosenRuns: [String: Int] = [:]
    public var chosenTripRunID: Int?

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
