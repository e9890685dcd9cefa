import Catalog

/// A key press, decoded from the terminal.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab, backTab
    case unknown
}

/// Everything that can change the explorer's state. Worker threads only enqueue these.
public enum Message: Equatable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The wall clock (seconds since 1970), about once a second: ETAs move with it.
    case tick(now: Double)
    /// The poller saw a commit: every run as it now stands.
    case runsLoaded([RunRecord])
    case cellEdgesLoaded(CellEdges)
    case edgeProfileLoaded(EdgeProfile)
    case tripLoaded(TripView)
    /// A load failed; shown on the message line.
    case failed(String)
    case compareLoaded(CompareView)
    /// The interactive explorer has started: on an empty catalog, start the first-minute jobs.
    case welcome
    case groupsLoaded(GroupView)
    /// Sharded runs' progress from their shard folders (the poller, every few seconds).
    case shardProgressLoaded([Int: ShardSummary])
    case jobStarted(LaunchedJob)
    /// A launched job ended: its exit status, the last lines of its log, and its report's
    /// summary line (the first line of the log that is not a note or a progress line).
    case jobExited(pid: Int32, status: Int32, tail: [String], summary: String? = nil)
    case exported(path: String, rows: Int)
    case geneLoaded(GeneView)
    case contributionsLoaded(CellContributions)
    /// The regulatory effects of a cell line's edges, in the order of its `CellEdges`.
    case cellEffectsLoaded(runID: Int, cellID: Int, effects: [Double])
    /// A gene's REC ranking (nil: not a target of the run), for an open gene view.
    case geneRankingLoaded(runID: Int, geneID: Int, ranking: [RankedRegulator]?)
    /// Cell lines, modulators and genes read again (after an import from the explorer).
    case catalogReloaded(cells: [CellRow], modulators: [ModulatorColumn], geneSymbols: [Int: String])
}

/// Side effects `update` asks the run loop to perform; `update` itself performs none.
public enum Effect: Equatable, Sendable {
    case quit
    case loadCellEdges(runID: Int, cellID: Int)
    case loadEdgeProfile(runID: Int, regulatorID: Int, targetID: Int)
    case loadTrip(runID: Int)
    case loadCompare(runID: Int, cellA: Int, cellB: Int)
    /// Compare two groups of lines edge by edge (`GroupComparison`).
    case loadGroups(runID: Int, a: [Int], b: [Int], definitionA: String, definitionB: String)
    case loadGene(runID: Int, cellID: Int, geneID: Int)
    case loadContributions(tripRunID: Int, cellID: Int)
    /// Start `samplenet` with these arguments as a separate process.
    case startJob(arguments: [String])
    /// SIGTERM to a job process (it marks its run cancelled or incomplete and exits).
    /// SIGTERM to the run's process, after checking (again, just before) that the process
    /// is the one that started the run, on this host.
    case cancelJob(runID: Int)
    /// Write a new file, never over an existing one: a default name (`numbered`) takes the next
    /// free `-2`, `-3`, ...; a path the user gave fails when it exists.
    case writeFile(path: String, contents: String, rows: Int, numbered: Bool)
    /// Read cell lines, modulators and genes again.
    case reloadCatalog
}
