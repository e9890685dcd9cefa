import Catalog

/// The explorer's screens. `AppState.screens` is the drill-down path (shown as a breadcrumb);
/// Esc pops it, Tab switches between the top-level screens.
public enum Screen: Hashable, Sendable {
    case cells
    /// The selected cell line's edges in the current run.
    case edges
    /// One edge across all cell lines.
    case edgeProfile
    /// TRIP: scores and explanatory subnetworks of the current run.
    case trip
    /// NetworkProfiler and TRIP runs with their progress.
    case jobs
    /// Two cell lines' networks side by side.
    case compare
    /// Two groups of cell lines compared edge by edge.
    case groups
    /// One TRIP module's edges as a sheet.
    case module
    /// One gene's regulators and targets in a cell line, and its regulators by REC.
    case gene
    /// Every modulator: coverage, distribution, runs; Enter makes one current.
    case modulators
    /// One cell line's top contributing edges in the TRIP run.
    case contributions

    /// The screens Tab cycles through.
    static let topLevel: [Screen] = [.cells, .trip, .jobs]

    var title: String {
        switch self {
        case .cells: return "Cell lines"
        case .edges: return "Edges"
        case .edgeProfile: return "Edge"
        case .trip: return "Explain (TRIP)"
        case .jobs: return "Jobs"
        case .compare: return "Compare"
        case .groups: return "Groups"
        case .module: return "Module"
        case .gene: return "Gene"
        case .modulators: return "Modulators"
        case .contributions: return "Contributions"
        }
    }
}

/// Selection and scroll position of one list.
public struct ListPosition: Equatable, Sendable {
    public var cursor = 0
    public var top = 0

    public init(cursor: Int = 0, top: Int = 0) { self.cursor = cursor; self.top = top }

    /// Keeps the cursor inside `count` rows and visible in a window of `visible` rows.
    mutating func clamp(count: Int, visible: Int) {
        cursor = count == 0 ? 0 : min(max(0, cursor), count - 1)
        let visible = max(1, visible)
        if cursor < top { top = cursor }
        if cursor >= top + visible { top = cursor - visible + 1 }
        top = max(0, min(top, max(0, count - visible)))
    }

    /// Applies a movement key; returns false when the key is not a movement.
    mutating func move(_ key: Key, page: Int) -> Bool {
        switch key {
        case .down, .char("j"): cursor += 1
        case .up, .char("k"): cursor -= 1
        case .pageDown, .char(" "): cursor += max(1, page)
        case .pageUp, .char("b"): cursor -= max(1, page)
        case .home, .char("g"): cursor = 0
        case .end, .char("G"): cursor = Int.max / 2
        default: return false
        }
        return true
    }
}

/// One edge of a cell line's network.
public struct EdgeItem: Equatable, Sendable {
    public var regulatorID: Int
    public var targetID: Int
    public var regulator: String
    public var target: String
    public var beta: Double
    /// Regulatory effect in this cell line (METHOD.md 1.6: paths of length <= 2 through the
    /// run's targets, times the regulator's expression); nil where not computed.
    public var effect: Double?
    /// Modulation q-value of regulator -> target (the run's latest finished `samplenet test`,
    /// METHOD.md 1.7); nil when the run has no test or the edge was not tested.
    public var q: Double?
    /// The test's standardised effect of the edge (METHOD.md 1.7's call rule); nil for tests
    /// stored without effects.
    public var modulationEffect: Double?
    public init(regulatorID: Int, targetID: Int, regulator: String, target: String, beta: Double, effect: Double? = nil, q: Double? = nil,
                modulationEffect: Double? = nil) {
        self.regulatorID = regulatorID; self.targetID = targetID; self.regulator = regulator; self.target = target; self.beta = beta
        self.effect = effect; self.q = q; self.modulationEffect = modulationEffect
    }
    /// A varying call at `maxQ` (METHOD.md 1.7): q at most it and the effect at least the default minimum.
    public func varies(maxQ: Double) -> Bool {
        guard let q, q <= maxQ else { return false }
        return (modulationEffect ?? .infinity) >= AppState.modulationMinEffect
    }
}

/// A cell line's network in one run.
public struct CellEdges: Equatable, Sendable {
    public var runID: Int
    public var cellID: Int
    public var edges: [EdgeItem] { didSet { count() } }
    /// Distinct regulators and targets among the edges (counted once, not per frame).
    public private(set) var regulatorCount = 0
    public private(set) var targetCount = 0
    public init(runID: Int, cellID: Int, edges: [EdgeItem]) {
        self.runID = runID; self.cellID = cellID; self.edges = edges
        count()
    }
    private mutating func count() {
        regulatorCount = Set(edges.map(\.regulatorID)).count
        targetCount = Set(edges.map(\.targetID)).count
    }
}

/// How the edge list is ordered; `s` cycles.
public enum EdgeSort: Equatable, Sendable, CaseIterable {
    case magnitude, regulator, target, effect, q
    var label: String {
        switch self {
        case .magnitude: return "|beta|"
        case .regulator: return "regulator"
        case .target: return "target"
        case .effect: return "|RE|"
        case .q: return "q"
        }
    }
}

/// One edge across the cell lines of a run, in modulator order.
public struct EdgeProfile: Equatable, Sendable {
    public struct Point: Equatable, Sendable {
        public var cellID: Int
        /// Standardised modulator value of the run.
        public var modulator: Double
        public var beta: Double
        public init(cellID: Int, modulator: Double, beta: Double) { self.cellID = cellID; self.modulator = modulator; self.beta = beta }
    }
    public var runID: Int
    public var regulatorID: Int
    public var targetID: Int
    public var regulator: String
    public var target: String
    public var points: [Point]
    public init(runID: Int, regulatorID: Int, targetID: Int, regulator: String, target: String, points: [Point]) {
        self.runID = runID; self.regulatorID = regulatorID; self.targetID = targetID
        self.regulator = regulator; self.target = target; self.points = points
    }
}

/// What the TRIP screen shows for one TRIP run: final results, or the live snapshot.
public struct TripView: Equatable, Sendable {
    public var runID: Int
    public var status: RunStatus
    /// "metric: TRIP x | projection y | ridge z" lines (empty while training).
    public var scoreLines: [String]
    /// Live training: the epoch of the snapshot shown.
    public var epoch: Int?
    public var subnetworks: [NamedSubnetwork]
    /// The finished run's verdict against its controls (nil: training, or a run made before
    /// verdicts existed). Anything but `signal` is flagged on screen.
    public var verdict: TRIPVerdictRecord?
    public init(runID: Int, status: RunStatus, scoreLines: [String], epoch: Int?, subnetworks: [NamedSubnetwork], verdict: TRIPVerdictRecord? = nil) {
        self.runID = runID; self.status = status; self.scoreLines = scoreLines; self.epoch = epoch; self.subnetworks = subnetworks
        self.verdict = verdict
    }
}

/// Two cell lines' networks in one run, edge by edge: in both (with the change of beta),
/// only in A, only in B.
/// Orders of the two-line comparison (`s` cycles them).
public enum CompareSort: String, CaseIterable, Sendable {
    case difference = "|B - A|", regulator, target, status
}

public struct CompareView: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var regulator: String
        public var target: String
        public var betaA: Double?
        public var betaB: Double?
        public init(regulator: String, target: String, betaA: Double?, betaB: Double?) {
            self.regulator = regulator; self.target = target; self.betaA = betaA; self.betaB = betaB
        }
        var group: Int { betaA != nil && betaB != nil ? 0 : (betaA != nil ? 1 : 2) }
        /// B - A with an absent edge counted as 0: an edge present in one line only differs by
        /// its whole beta, and ranks with the largest changes (it used to sort below them all).
        public var difference: Double { (betaB ?? 0) - (betaA ?? 0) }
        public var status: String { ["both", "only A", "only B"][group] }
    }
    public var runID: Int
    public var cellA: Int
    public var cellB: Int
    /// By |B - A| (absent = 0), largest first; ties by regulator and target.
    public var rows: [Row]

    public init(runID: Int, cellA: Int, cellB: Int, a: [EdgeItem], b: [EdgeItem]) {
        self.runID = runID; self.cellA = cellA; self.cellB = cellB
        struct Key: Hashable { var r: Int, t: Int }
        var merged: [Key: Row] = [:]
        for e in a { merged[Key(r: e.regulatorID, t: e.targetID)] = Row(regulator: e.regulator, target: e.target, betaA: e.beta, betaB: nil) }
        for e in b {
            let key = Key(r: e.regulatorID, t: e.targetID)
            if merged[key] != nil { merged[key]!.betaB = e.beta }
            else { merged[key] = Row(regulator: e.regulator, target: e.target, betaA: nil, betaB: e.beta) }
        }
        rows = merged.values.sorted { x, y in
            abs(x.difference) != abs(y.difference) ? abs(x.difference) > abs(y.difference) : (x.regulator, x.target) < (y.regulator, y.target)
        }
    }

    var counts: (both: Int, onlyA: Int, onlyB: Int) {
        var c = [0, 0, 0]
        for r in rows { c[r.group] += 1 }
        return (c[0], c[1], c[2])
    }
}

/// One cell line's largest edge contributions to its TRIP prediction (the run stores the
/// 100 largest |E_i[j,k]| per cell), largest first.
public struct CellContributions: Equatable, Sendable {
    public var tripRunID: Int
    public var cellID: Int
    public var rows: [EdgeContribution]
    public init(tripRunID: Int, cellID: Int, rows: [EdgeContribution]) {
        self.tripRunID = tripRunID; self.cellID = cellID; self.rows = rows
    }

    /// This cell's contribution of an edge, when it is among the stored ones.
    func value(regulator: String, target: String) -> Double? {
        rows.first { $0.regulator == regulator && $0.target == target }?.value
    }
}
