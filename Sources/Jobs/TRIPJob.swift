import Catalog
import Compute
import Foundation
import Synchronization

/// The trained model as stored (trip_model.json): enough to recompute any contribution.
public struct StoredTRIPModel: Codable, Sendable {
    public var parentRun: Int
    public var regulatorGenes: [Int]
    public var targetGenes: [Int]
    public var c1: [[Double]]
    public var c2: [[Double]]
    public var weights: [[Double]]
    public var bias: [Double]
    public var output: [Double]
    public var offset: Double
    public var inputScale: Double
    public var responseMean: Double
    public var responseSD: Double
    public var threshold: Double?
    public var attribution: String
    public var epochs: Int
    public var input: String
}

/// Runs TRIP on a NetworkProfiler run from the catalog and stores what it finds.
public struct TRIPJob {
    public let catalog: Catalog
    public let threads: Int

    public init(catalog: Catalog, threads: Int) {
        self.catalog = catalog
        self.threads = threads
    }

    /// Loads the parent run's edge stack (beta, or RE on the same edges) and modulator values
    /// (cells in run order).
    public static func load(catalog: Catalog, parent: RunRecord, input: TRIPOptions.Input = .beta) throws
        -> (stack: EdgeStack, response: [Double], cellIDs: [Int]) {
        guard parent.kind == .profile else { throw InputError.usage("run \(parent.id) is a \(parent.kind) run; TRIP needs a NetworkProfiler run") }
        guard parent.status == .finished else {
            throw InputError.usage("run \(parent.id) is \(parent.status); finish it first (samplenet profile --resume \(parent.id))")
        }
        guard let name = parent.modulator, let modulator = try catalog.modulator(named: name) else {
            throw InputError.usage("run \(parent.id) has no modulator in the catalog")
        }
        let values = try catalog.modulatorValues(modulator).values
        let cells = try catalog.runCells(parent.id)
        let position = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        let targets = try catalog.runTargets(parent.id).map(\.targetID)
        let rows = try catalog.edgeRows(runID: parent.id, targetIDs: targets)
        let entries: [EdgeStack.Entry]
        switch input {
        case .beta:
            entries = rows.map { EdgeStack.Entry(cell: position[$0.cellID]!, regulatorGene: $0.regulatorID, targetGene: $0.targetID, value: $0.beta) }
        case .re:
            entries = try regulatoryEffectEntries(catalog: catalog, rows: rows, position: position)
        }
        let response = try cells.map { id -> Double in
            guard let v = values[id] else { throw InputError.usage("cell \(id) of run \(parent.id) has no \(name) value any more") }
            return v
        }
        return (EdgeStack(cellCount: cells.count, entries: entries), response, cells)
    }

    /// Each cell's RE matrix (METHOD.md 1.6) on the run's edge set (pairs with a non-zero
    /// beta in at least one cell).
    private static func regulatoryEffectEntries(catalog: Catalog, rows: [EdgeRow], position: [Int: Int]) throws -> [EdgeStack.Entry] {
        struct Pair: Hashable { var regulator: Int, target: Int }
        let edgeSet = Set(rows.map { Pair(regulator: $0.regulatorID, target: $0.targetID) })
        let regulatorIDs = Set(rows.map(\.regulatorID))
        let symbols = Dictionary(try catalog.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        let expression = try catalog.expression(genes: regulatorIDs.compactMap { symbols[$0] }.sorted())
        let geneRow = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        let cellColumn = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        var byCell: [Int: [RegulatoryEffect.Edge]] = [:]
        for r in rows { byCell[r.cellID, default: []].append(.init(cell: r.cellID, regulator: r.regulatorID, target: r.targetID, beta: r.beta)) }
        var entries: [EdgeStack.Entry] = []
        for (cell, edges) in byCell {
            guard let column = cellColumn[cell], let at = position[cell] else { continue }
            let values = RegulatoryEffect.cellMatrix(edges: edges, expression: { regulator in
                guard let symbol = symbols[regulator], let row = geneRow[symbol] else { return 0 }
                let v = expression.value(gene: row, cell: column)
                return v.isNaN ? 0 : v
            }, keep: { edgeSet.contains(Pair(regulator: $0, target: $1)) })
            for v in values { entries.append(EdgeStack.Entry(cell: at, regulatorGene: v.regulator, targetGene: v.target, value: v.value)) }
        }
        return entries
    }

    public func run(runID: Int, parent: RunRecord, options: TRIPOptions, stack: EdgeStack, response: [Double], cellIDs: [Int]) throws {
        BLASThreads.set(1)
        installJobStopHandlers()
        printNote("trip run \(runID): \(stack.cellCount) cells x \(stack.edgeCount) edges (\(stack.entryCount) non-zero), "
                  + "\(stack.regulatorGenes.count) regulators x \(stack.targetGenes.count) targets; \(options.task.rawValue), "
                  + "ranks \(options.ranks.map(String.init).joined(separator: ",")), H = \(options.hidden), \(options.folds) folds, \(threads) threads")
        let writer = SnapshotWriter(catalog: catalog, runID: runID)
        let started = Date()
        let result: TRIPResult?
        do {
            result = try TRIPAnalysis(options: options).run(stack: stack, response: response, threads: threads, stop: jobStopFlag) { event in
                switch event {
                case let .snapshot(snapshot):
                    writer.save(snapshot)
                case let .taskFinished(name, done, total):
                    writer.progress(done)
                    printNote(String(format: "  %@ done (%d/%d, %.0f s)", name, done, total, Date().timeIntervalSince(started)))
                }
            }
        } catch {
            try? catalog.setRunStatus(runID, status: .failed, message: "\(error)")
            throw InputError.usage("\(error)")
        }
        guard let result else {
            try catalog.setRunStatus(runID, status: .cancelled, message: "interrupted; TRIP keeps no partial result: run it again")
            printNote("trip run \(runID) interrupted")
            throw JobInterrupted()
        }
        do {
            let stored = try record(result, parent: parent, stack: stack, cellIDs: cellIDs, input: options.input)
            try catalog.saveTRIP(runID: runID, stored)
            for line in TRIPRecord.Score.pooledSummary(stored.scores) { printNote("CV " + line) }
        } catch {
            // The results did not reach the catalog: say so in the run, not only on stderr.
            try? catalog.setRunStatus(runID, status: .failed, message: "saving the results failed: \(error)")
            throw error
        }
        printNote("trip run \(runID) finished in \(Int(Date().timeIntervalSince(started))) s")
    }

    private func record(_ r: TRIPResult, parent: RunRecord, stack: EdgeStack, cellIDs: [Int], input: TRIPOptions.Input) throws -> TRIPRecord {
        var out = TRIPRecord()
        out.scores = r.scores.map { TRIPRecord.Score(model: $0.model, fold: ($0.fold ?? -1) + 1, metric: $0.metric, value: $0.value) }
        out.predictions = r.predictions.map {
            TRIPRecord.Prediction(cellID: cellIDs[$0.cell], fold: $0.fold + 1, truth: $0.truth, trip: $0.trip, hosvd: $0.hosvd, ridge: $0.ridge)
        }
        func regulator(_ e: Int) -> Int { stack.regulatorGenes[stack.edgeRegulator[e]] }
        func target(_ e: Int) -> Int { stack.targetGenes[stack.edgeTarget[e]] }
        out.edges = (0..<stack.edgeCount).map {
            TRIPRecord.Edge(regulatorID: regulator($0), targetID: target($0), importance: r.importance[$0],
                            meanContribution: r.meanContribution[$0], frequency: r.frequency[$0])
        }
        out.subnetworks = r.subnetworks.map { s in
            TRIPRecord.Subnetwork(rank: s.rank, score: s.score,
                                  edges: s.edges.map { TRIPRecord.SubnetworkEdge(regulatorID: $0.regulatorGene, targetID: $0.targetGene, importance: $0.importance, sign: $0.sign) },
                                  cellContributions: s.cellContributions.enumerated().map { (cellIDs[$0.offset], $0.element) })
        }
        for i in 0..<stack.cellCount {
            let entries = (stack.rowStart[i]..<stack.rowStart[i + 1]).sorted { abs(r.contributions[$0]) > abs(r.contributions[$1]) }.prefix(100)
            out.contributions += entries.map { k in
                TRIPRecord.Contribution(cellID: cellIDs[i], regulatorID: regulator(stack.entryEdge[k]), targetID: target(stack.entryEdge[k]), value: r.contributions[k])
            }
        }
        var position: [[Int]: Int] = [:]        // 1-based rank of a gene within its (mode, axis)
        out.axes = r.axes.map { a in
            position[[a.mode, a.axis], default: 0] += 1
            return TRIPRecord.Axis(mode: a.mode, axis: a.axis, position: position[[a.mode, a.axis]]!, geneID: a.gene, loading: a.loading)
        }
        let m = r.model
        func rows(_ x: Matrix) -> [[Double]] { (0..<x.rows).map { Array(x.row($0)) } }
        let stored = StoredTRIPModel(parentRun: parent.id, regulatorGenes: stack.regulatorGenes, targetGenes: stack.targetGenes,
                                     c1: rows(m.c1), c2: rows(m.c2), weights: rows(m.weights), bias: m.bias, output: m.output, offset: m.offset,
                                     inputScale: r.inputScale, responseMean: r.responseMean, responseSD: r.responseSD, threshold: r.threshold,
                                     attribution: r.attribution.rawValue, epochs: r.epochs, input: input.rawValue)
        out.modelJSON = try sortedKeysJSON(stored)
        return out
    }
}

/// Writes TRIP's live snapshots to the catalog from the (single) emitting worker thread;
/// the main thread does not touch the catalog while TRIP runs.
final class SnapshotWriter: @unchecked Sendable {
    private let catalog: Catalog
    private let runID: Int
    private let lock = Mutex<Int>(0)       // tasks done
    init(catalog: Catalog, runID: Int) {
        self.catalog = catalog
        self.runID = runID
    }

    /// Records a finished task at once (not only with the next throttled snapshot).
    func progress(_ done: Int) {
        lock.withLock {
            $0 = done
            try? catalog.setProgressDone(runID, done)
        }
    }

    func save(_ snapshot: TRIPSnapshot) {
        let live = TRIPLiveSnapshot(epoch: snapshot.epoch, objective: snapshot.objective, validationLoss: snapshot.validationLoss,
                                    subnetworks: snapshot.subnetworks.map { s in
                                        TRIPLiveSnapshot.Subnetwork(rank: s.rank, score: s.score, genes: s.genes, edges: s.edges.map {
                                            TRIPLiveSnapshot.Edge(regulatorGene: $0.regulatorGene, targetGene: $0.targetGene,
                                                                  importance: $0.importance, sign: $0.sign)
                                        })
                                    })
        lock.withLock { done in
            try? catalog.saveTRIPSnapshot(runID: runID, live, progressDone: done)
        }
    }
}
