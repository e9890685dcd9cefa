/// Options of TRIP (METHOD.md 2); defaults are the ones METHOD.md states as our choice.
public struct TRIPOptions: Sendable, Codable, Equatable {
    public enum Task: String, Sendable, Codable, CaseIterable {
        /// Predict the modulator itself (standardised on the training fold).
        case regression
        /// Predict whether it is above the training fold's median (logistic loss).
        case classification
    }
    public enum Attribution: String, Sendable, Codable, CaseIterable {
        /// (X_i - Xref) x gradient at X_i: exact for H = 0 (contributions sum to yhat - yhat(Xref)).
        case gradient
        /// Integrated gradients from Xref, the training lines' mean input (midpoint rule);
        /// sums to yhat(X_i) - yhat(Xref) (METHOD.md 2.4).
        case integrated
    }
    /// How an edge's contributions over lines become its importance (METHOD.md 2.4).
    public enum Importance: String, Sendable, Codable, CaseIterable {
        /// sd over lines of E_i[e]: rewards edges that differ between lines (default).
        case sd
        /// mean over lines of |E_i[e]|.
        case meanAbsolute = "mean-abs"
    }
    public var importance: Importance = .sd
    public var task: Task = .regression
    /// What each cell's matrix X_i holds (METHOD.md 2): its network (beta), its regulatory
    /// effects (RE, METHOD.md 1.6) on edges present in some cell, or its perturbation of a
    /// static network on the run's genes (METHOD.md 2.2, StaticPerturbation).
    public enum Input: String, Sendable, Codable, CaseIterable {
        case beta, re
        /// X_i = n B - (n - 1) B_-i from static fits on each split's training lines: uses
        /// every line's own expression and no modulator, so it suits any response.
        case perturbation
    }
    public var input: Input = .beta
    /// J1 (regulator axes) and J2 (target axes).
    public var ranks: [Int] = [4, 4]
    /// H hidden units; 0 is the linear model.
    public var hidden = 8
    /// Weight of the reconstruction term.
    public var eta = 0.1
    /// Ridge penalty on the predictor parameters theta.
    public var rho = 1e-4
    public var learningRate = 1e-2
    public var projectionStep = 1e-2
    public var maxEpochs = 500
    public var patience = 30
    public var validationFraction = 0.2
    public var folds = 5
    /// R: repeats of the K-fold split, each with its own seeded folds (METHOD.md 2.3: 3 x 5).
    public var repeats = 3
    public var seed: UInt64 = 1
    /// N: edges by importance that form the explanatory subnetworks (and "selected" edges).
    public var topEdges = 200
    /// At most this many edges per module (METHOD.md 2.4).
    public var moduleCap = 30
    /// nil: gradient x input for H = 0, integrated gradients for H > 0.
    public var attribution: Attribution? = nil
    public var integrationSteps = 32
    /// Run the shuffled-response and noise-response controls (METHOD.md 2.3) on the same
    /// folds; without them the verdict is never `signal`.
    public var controls = true
    /// Deletion curves (METHOD.md 2.5): retrain without the top-k edges on the first
    /// repeat's folds, for these k, against |corr| and `deletionDraws` random draws. Opt-in:
    /// K x sizes x (2 + draws) more trainings.
    public var deletion = false
    public var deletionSizes = [10, 20, 50, 100, 200]
    public var deletionDraws = 10

    /// Trainings the deletion curves add for a stack of `edges` edges.
    public func deletionTrainings(edges: Int) -> Int {
        deletion ? folds * deletionSizes.filter { $0 < edges }.count * (2 + deletionDraws) : 0
    }

    public init() {}

    public var effectiveAttribution: Attribution { attribution ?? (hidden == 0 ? .gradient : .integrated) }
}
