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
    /// Xref per edge (same order as the stack's edges: by target, then regulator) when the
    /// model centres its inputs; z_i = vec(C1' (X_i - Xref) C2) on the scaled input.
    public var reference: [Double]?
}

extension TRIPJob {
    /// The result in catalog ids, as `saveTRIP` stores it.
    func record(_ r: TRIPResult, parent: RunRecord, stack: EdgeStack, cellIDs: [Int], input: TRIPOptions.Input) throws -> TRIPRecord {
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
        for (i, top) in r.topContributions.enumerated() {
            out.contributions += top.map {
                TRIPRecord.Contribution(cellID: cellIDs[i], regulatorID: regulator($0.edge), targetID: target($0.edge), value: $0.value)
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
                                     attribution: r.attribution.rawValue, epochs: r.epochs, input: input.rawValue, reference: m.reference)
        out.modelJSON = try sortedKeysJSON(stored)
        out.verdict = r.assessment.verdict.rawValue
        out.verdictReason = r.assessment.reason
        out.assessmentJSON = try sortedKeysJSON(r.assessment)
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
