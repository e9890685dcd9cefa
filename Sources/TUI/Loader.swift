import Catalog
import Compute
import Foundation
import Jobs
import Synchronization

/// Performs the explorer's load effects against the catalog and turns the answers into
/// messages. Every query is a seek through an index, so it runs on the UI thread.
final class Loader {
    let catalog: Catalog
    /// Gene symbols by id; an import from the explorer can add genes (`reloadCatalog`).
    private(set) var symbols: [Int: String]
    let launcher: JobLauncher
    /// The job layer's RE of a cell's edges (nil: the RE column stays empty) and whether the
    /// gene view ranks regulators by REC (Jobs.RegulatorRanking); the TUI computes neither.
    let cellEffects: CellRegulatoryEffects?
    let ranksRegulators: Bool
    /// When set, RE and REC rankings are computed there (one worker each) and arrive as
    /// their own messages; otherwise inline.
    let effectsWorker: BackgroundWorker?
    let rankingWorker: BackgroundWorker?
    /// When set, group comparisons (every edge of every line of both groups: seconds on a large
    /// run) are computed there, so keys never wait for them; otherwise inline.
    let groupsWorker: BackgroundWorker?

    init(catalog: Catalog, symbols: [Int: String], launcher: JobLauncher, cellEffects: CellRegulatoryEffects? = nil, ranksRegulators: Bool = false,
         effectsWorker: BackgroundWorker? = nil, rankingWorker: BackgroundWorker? = nil, groupsWorker: BackgroundWorker? = nil) {
        self.catalog = catalog; self.symbols = symbols; self.launcher = launcher; self.cellEffects = cellEffects; self.ranksRegulators = ranksRegulators
        self.effectsWorker = effectsWorker; self.rankingWorker = rankingWorker; self.groupsWorker = groupsWorker
    }

    func perform(_ effect: Effect) -> Message? {
        do {
            switch effect {
            case .quit:
                return nil
            case let .loadCellEdges(runID, cellID):
                let rows = try catalog.cellEdgeRows(runID: runID, cellID: cellID)
                let q = try modulationQ(runID: runID)
                if let effectsWorker, let cellEffects {
                    effectsWorker.submit { catalog in
                        .cellEffectsLoaded(runID: runID, cellID: cellID, effects: try cellEffects.effects(catalog: catalog, cellID: cellID, edges: rows))
                    }
                    return .cellEdgesLoaded(CellEdges(runID: runID, cellID: cellID, edges: items(rows, q: q)))
                }
                let edges = items(rows, effects: try cellEffects?.effects(catalog: catalog, cellID: cellID, edges: rows), q: q)
                return .cellEdgesLoaded(CellEdges(runID: runID, cellID: cellID, edges: edges))
            case let .loadEdgeProfile(runID, regulatorID, targetID):
                let points = try catalog.edgeAcrossCells(runID: runID, regulatorID: regulatorID, targetID: targetID).map {
                    EdgeProfile.Point(cellID: $0.cellID, modulator: $0.modulator, beta: $0.beta)
                }
                return .edgeProfileLoaded(EdgeProfile(runID: runID, regulatorID: regulatorID, targetID: targetID,
                                                      regulator: symbols[regulatorID] ?? "?", target: symbols[targetID] ?? "?", points: points))
            case let .loadTrip(runID):
                return .tripLoaded(try tripView(runID))
            case let .loadCompare(runID, a, b):
                return .compareLoaded(CompareView(runID: runID, cellA: a, cellB: b, a: items(try catalog.cellEdgeRows(runID: runID, cellID: a)),
                                                  b: items(try catalog.cellEdgeRows(runID: runID, cellID: b))))
            case let .loadGroups(runID, a, b, definitionA, definitionB):
                let symbols = self.symbols
                let compare = { @Sendable (catalog: Catalog) throws -> Message in
                    func group(_ lines: [Int]) throws -> GroupComparison.Group {
                        try lines.map { try catalog.cellEdgeRows(runID: runID, cellID: $0).map { ($0.regulatorID, $0.targetID, $0.beta) } }
                    }
                    let groupA = try group(a), groupB = try group(b)
                    let rows = GroupComparison.compare(groupA, groupB).map {
                        GroupView.Row(regulatorID: $0.regulator, targetID: $0.target, regulator: symbols[$0.regulator] ?? "?",
                                      target: symbols[$0.target] ?? "?", meanA: $0.meanA, meanB: $0.meanB, presentA: $0.presentA,
                                      presentB: $0.presentB, p: $0.p, q: $0.q)
                    }
                    return .groupsLoaded(GroupView(runID: runID, definitionA: definitionA, definitionB: definitionB, linesA: a, linesB: b, rows: rows,
                                                   shuffledCalls: GroupComparison.shuffledCalls(groupA, groupB)))
                }
                guard let groupsWorker else { return try compare(catalog) }
                groupsWorker.submit(compare)
                return nil
            case let .loadGene(runID, cellID, geneID):
                let edges = items(try catalog.cellEdgeRows(runID: runID, cellID: cellID))
                let symbols = self.symbols, ranks = ranksRegulators
                let ranked = { @Sendable (catalog: Catalog) throws -> [RankedRegulator]? in
                    guard ranks else { return nil }
                    return try RegulatorRanking.rank(catalog: catalog, runID: runID, targetID: geneID)?.map {
                        RankedRegulator(regulatorID: $0.regulator, regulator: symbols[$0.regulator] ?? "?", rec: $0.change, directCells: $0.directCells)
                    }
                }
                var view = GeneView(runID: runID, cellID: cellID, geneID: geneID, gene: symbols[geneID] ?? "?",
                                    regulators: edges.filter { $0.targetID == geneID }, targets: edges.filter { $0.regulatorID == geneID },
                                    ranking: nil)
                view.modulation = try catalog.targetBandwidths(runID: runID, targetID: geneID).first?.modulationLine
                if let rankingWorker, ranksRegulators {
                    view.rankingPending = true
                    rankingWorker.submit { catalog in .geneRankingLoaded(runID: runID, geneID: geneID, ranking: try ranked(catalog)) }
                } else {
                    view.ranking = try ranked(catalog)
                }
                return .geneLoaded(view)
            case let .loadContributions(tripRunID, cellID):
                return .contributionsLoaded(CellContributions(tripRunID: tripRunID, cellID: cellID,
                                                              rows: try catalog.tripContributions(runID: tripRunID, cellID: cellID, limit: 100)))
            case .reloadCatalog:
                let fresh = try Explorer.catalogLists(catalog)
                symbols = fresh.symbols
                cellEffects?.invalidate()          // an import may have replaced the expression matrix
                return .catalogReloaded(cells: fresh.cells, modulators: fresh.modulators, geneSymbols: fresh.symbols)
            case let .startJob(arguments):
                return launcher.start(arguments)
            case let .cancelJob(runID):
                guard let run = try catalog.run(runID), run.liveness == .alive, let pid = run.pid else {
                    return .failed("run \(runID) is no longer running here; nothing was signalled")
                }
                return kill(pid_t(pid), SIGTERM) == 0 ? nil : .failed("cannot signal pid \(pid): \(String(cString: strerror(errno)))")
            case let .writeFile(path, contents, rows, numbered):
                let written = try NoClobberWrite.write(contents, to: path, numbered: numbered)
                return .exported(path: written.hasPrefix("/") ? written : FileManager.default.currentDirectoryPath + "/" + written, rows: rows)
            }
        } catch {
            return .failed("\(error)")
        }
    }

    /// Catalog edge rows as list items with gene symbols (and RE when given, in row order).
    private func items(_ rows: [EdgeRow], effects: [Double]? = nil, q: [RegulatorTarget: Evidence]? = nil) -> [EdgeItem] {
        rows.enumerated().map { i, r in
            EdgeItem(regulatorID: r.regulatorID, targetID: r.targetID, regulator: symbols[r.regulatorID] ?? "?",
                     target: symbols[r.targetID] ?? "?", beta: r.beta, effect: effects?[i],
                     q: q?[RegulatorTarget(regulatorID: r.regulatorID, targetID: r.targetID)]?.q,
                     modulationEffect: q?[RegulatorTarget(regulatorID: r.regulatorID, targetID: r.targetID)]?.effect)
        }
    }

    /// The q-values of a run's latest finished modulation test, read once per test: a test
    /// that finishes while the explorer is open is picked up at the next load.
    /// An edge's q and standardised effect.
    typealias Evidence = (q: Double, effect: Double?)
    private var qCache: (runID: Int, testID: Int, q: [RegulatorTarget: Evidence])?
    private func modulationQ(runID: Int) throws -> [RegulatorTarget: Evidence]? {
        guard let test = try catalog.latestFinishedModulationTest(runID: runID) else { return nil }
        if let qCache, qCache.runID == runID, qCache.testID == test.id { return qCache.q }
        var q: [RegulatorTarget: Evidence] = [:]
        for e in try catalog.modulationTestEdges(test.id) {
            if let value = e.q { q[RegulatorTarget(regulatorID: e.regulatorID, targetID: e.targetID)] = (value, e.effect) }
        }
        qCache = (runID, test.id, q)
        return q
    }

    /// Final results when the run has them, else the live snapshot.
    private func tripView(_ runID: Int) throws -> TripView {
        let status = try catalog.run(runID)?.effectiveStatus ?? .failed
        let scores = try catalog.tripScores(runID: runID)
        if !scores.isEmpty {
            return TripView(runID: runID, status: status, scoreLines: TRIPRecord.Score.pooledSummary(scores, projectionName: "projection"), epoch: nil,
                            subnetworks: try catalog.tripSubnetworks(runID: runID, limit: 50), verdict: try catalog.tripVerdict(runID: runID))
        }
        guard let snapshot = try catalog.tripSnapshot(runID: runID) else {
            return TripView(runID: runID, status: status, scoreLines: [], epoch: nil, subnetworks: [])
        }
        let subnetworks = snapshot.subnetworks.map { s in
            NamedSubnetwork(rank: s.rank, score: s.score, genes: s.genes.map { symbols[$0] ?? "?" }.sorted(),
                            edges: s.edges.map { .init(regulator: symbols[$0.regulatorGene] ?? "?", target: symbols[$0.targetGene] ?? "?",
                                                       importance: $0.importance, sign: $0.sign) })
        }
        return TripView(runID: runID, status: status, scoreLines: [], epoch: snapshot.epoch, subnetworks: subnetworks)
    }
}

/// Watches the catalog from a background thread with its own connection: every `interval`
/// it reads PRAGMA data_version (a cheap read that changes when another connection commits)
/// and, when it moved, enqueues the runs as they now stand. A job killed with SIGKILL writes
/// nothing, so while any run is marked running the runs are also re-read every
/// `livenessInterval` seconds and enqueued when a run's liveness changed (it died). It only
/// ever enqueues messages.
final class CatalogPoller: Sendable {
    private let inbox: Inbox
    private let path: String
    private let stopped = Atomic<Bool>(false)

    init(path: String, inbox: Inbox) {
        self.path = path
        self.inbox = inbox
    }

    func start(interval: Double = 0.25, livenessInterval: Double = 2) {
        let thread = Thread { [self] in
            guard let catalog = try? Catalog(path: path, mustExist: true, readOnly: true) else { return }
            var seen = -1
            var last: [RunRecord] = []
            var sinceCheck = 0.0, sinceShards = Double.infinity
            var shards: [Int: ShardSummary] = [:]
            while !stopped.load(ordering: .acquiring) {
                let version = (try? catalog.dataVersion()) ?? seen
                let recheck = sinceCheck >= livenessInterval && last.contains { $0.status == .running }
                if version != seen || recheck, let runs = try? catalog.runs() {
                    if version != seen || runs != last { inbox.post(.runsLoaded(runs)) }
                    seen = version
                    last = runs
                    sinceCheck = 0
                }
                // Sharded runs write no catalog until merged: their folders are read instead.
                if sinceShards >= livenessInterval {
                    let now = ShardSummary.read(runs: last)
                    if now != shards { inbox.post(.shardProgressLoaded(now)) }
                    shards = now
                    sinceShards = 0
                }
                sinceCheck += interval
                sinceShards += interval
                Thread.sleep(forTimeInterval: interval)
            }
        }
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .releasing) }
}

/// Messages from other threads, drained by the UI loop.
final class Inbox: Sendable {
    private let queue = Mutex<[Message]>([])
    func post(_ message: Message) { queue.withLock { $0.append(message) } }
    func drain() -> [Message] { queue.withLock { q in defer { q.removeAll() }; return q } }
}
