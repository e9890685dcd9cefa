import Foundation

/// What TRIP reports while it trains (METHOD.md 2 / issue 5): throttled snapshots of the
/// model trained on all cells, and a line per finished task.
public enum TRIPEvent: Sendable {
    case snapshot(TRIPSnapshot)
    case taskFinished(name: String, done: Int, total: Int)
}

public struct TRIPSnapshot: Sendable, Equatable, Codable {
    public var epoch: Int
    public var objective: Double
    public var validationLoss: Double
    /// The current top-10 subnetworks (without per-cell contributions).
    public var subnetworks: [Subnetwork]
}

/// One score of one model: fold nil = pooled over all out-of-fold predictions.
public struct TRIPScore: Sendable, Equatable, Codable {
    public var model: String          // "trip", "hosvd" (unsupervised projection), "ridge"
    public var fold: Int?
    public var metric: String         // r2, pearson | auroc, accuracy
    public var value: Double
}

/// Out-of-fold predictions of one cell (response units: modulator or logit/score).
public struct TRIPPrediction: Sendable, Equatable, Codable {
    public var cell: Int
    public var fold: Int
    public var truth: Double
    public var trip: Double
    public var hosvd: Double
    public var ridge: Double
}

public struct TRIPResult: Sendable {
    public var scores: [TRIPScore]
    public var predictions: [TRIPPrediction]
    /// The model trained on all cells (input scale `inputScale`), and how it was trained.
    public var model: TRIPModel
    public var epochs: Int
    public var inputScale: Double
    public var responseMean: Double
    public var responseSD: Double
    /// Classification: the median split of the modulator over all cells.
    public var threshold: Double?
    /// Per edge: importance (METHOD.md 2.4: sd over lines by default), direction (mean
    /// sgn(X_i - Xref) E_i, response units), selection frequency across CV splits.
    public var importance: [Double]
    public var meanContribution: [Double]
    public var frequency: [Double]
    /// Per line: its 100 largest contributions |E_i[e]| of the final model (response units,
    /// relative to the lines' mean input).
    public var topContributions: [[EdgeContribution]]
    public var subnetworks: [Subnetwork]
    public var axes: [AxisLoading]
    public var attribution: TRIPOptions.Attribution
    /// The verdict against the controls, with mean and sd over folds and the corrected
    /// t-tests of TRIP against every comparator (METHOD.md 2.3).
    public var assessment: TRIPAssessment
    /// The genes and edges every per-edge array above refers to (the input stack's, or with
    /// per-fold profiling the union of every split's edges), scaled by `inputScale`.
    public var layout: EdgeStack
}
