import Foundation

/// What TRIP is compared with besides its own ablation and ridge on the networks
/// (METHOD.md 2.3). Both are optional: without them the comparison is simply not made.
public struct TRIPComparators: Sendable {
    /// The lines' expression of the run's genes (cells x genes, in stack order): ridge on it
    /// is the "expression" baseline. Standardised per gene over all lines (no response used).
    public var expression: Matrix?
    /// The network modulator of each line, when it is not the response: a straight line in
    /// it is the "modulator" baseline.
    public var modulator: [Double]?
    public init(expression: Matrix? = nil, modulator: [Double]? = nil) {
        self.expression = expression
        self.modulator = modulator
    }
}

extension TRIPAnalysis {
    /// The control responses, run through the same pipeline and folds (METHOD.md 2.3): the
    /// response permuted across lines, and standard normal noise. Seeded from the run's seed.
    static func controlResponses(_ y: [Double], seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed ^ 0x5348_5546_464C_4544)
        var shuffled = y
        if y.count > 1 { for i in stride(from: y.count - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.below(i + 1)) } }
        var noise = [Double](repeating: 0, count: y.count)
        for i in noise.indices { noise[i] = rng.gaussian() }
        return [shuffled, noise]
    }

    static let controlNames = ["control-shuffled", "control-noise"]

    /// Pooled (fold nil) and per-fold scores of out-of-fold predictions. Classification:
    /// a line is positive when its truth exceeds its fold's training median; `cut` turns a
    /// score into a class (0 for logits, 1/2 for regressed 0/1 labels).
    static func foldScores(model: String, truth: [Double], predicted: [Double], folds: [Int], foldCount: Int,
                           task: TRIPOptions.Task, thresholds: [Double?], cut: Double) -> [TRIPScore] {
        var out: [TRIPScore] = []
        for fold in [nil] + (0..<foldCount).map({ Optional($0) }) {
            let members = truth.indices.filter { fold == nil || folds[$0] == fold }
            let t = members.map { truth[$0] }, p = members.map { predicted[$0] }
            switch task {
            case .regression:
                out.append(TRIPScore(model: model, fold: fold, metric: "r2", value: Metrics.rSquared(truth: t, prediction: p)))
                out.append(TRIPScore(model: model, fold: fold, metric: "pearson", value: Metrics.pearson(t, p)))
            case .classification:
                let labels = members.map { truth[$0] > (thresholds[folds[$0]] ?? 0) }
                out.append(TRIPScore(model: model, fold: fold, metric: "auroc", value: Metrics.auroc(labels: labels, scores: p)))
                out.append(TRIPScore(model: model, fold: fold, metric: "accuracy", value: Metrics.accuracy(labels: labels, predicted: p.map { $0 > cut })))
            }
        }
        return out
    }

    /// Out-of-fold predictions of ridge on the lines' expression (dual form, inner CV as the
    /// network ridge), in response units (regression) or as regressed 0/1 scores.
    static func expressionPredictions(_ expression: Matrix, response: [Double], splits: [(train: [Int], test: [Int])],
                                      task: TRIPOptions.Task, seed: UInt64) -> [Double] {
        var standardised = expression
        let (n, g) = (expression.rows, expression.columns)
        for j in 0..<g {
            let column = (0..<n).map { expression[$0, j] }
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
            for i in 0..<n { standardised[i, j] = sd > 0 ? (expression[i, j] - mean) / sd : 0 }
        }
        return ridgeOutOfFold(kernel: standardised.outerGram(), response: response, splits: splits, task: task, seed: seed)
    }

    /// Ridge in dual form on `kernel` for each split; predictions for every test line.
    static func ridgeOutOfFold(kernel: Matrix, response: [Double], splits: [(train: [Int], test: [Int])],
                               task: TRIPOptions.Task, seed: UInt64) -> [Double] {
        var out = [Double](repeating: .nan, count: response.count)
        for (f, split) in splits.enumerated() {
            let prepared = prepare(split.train.map { response[$0] }, task: task)
            var target = response
            for (a, i) in split.train.enumerated() { target[i] = prepared.labels[a] }
            let predicted = RidgeBaseline.predict(kernel: kernel, train: split.train, test: split.test, response: target, folds: 5,
                                                  seed: seed &+ UInt64(f)).predictions
            for (a, i) in split.test.enumerated() {
                out[i] = task == .regression ? prepared.mean + prepared.sd * predicted[a] : predicted[a]
            }
        }
        return out
    }

    /// Out-of-fold predictions of a least-squares line in the network modulator.
    static func modulatorPredictions(_ m: [Double], response: [Double], splits: [(train: [Int], test: [Int])],
                                     task: TRIPOptions.Task) -> [Double] {
        var out = [Double](repeating: .nan, count: response.count)
        for split in splits {
            let prepared = prepare(split.train.map { response[$0] }, task: task)
            let x = split.train.map { m[$0] }
            let mx = x.reduce(0, +) / Double(x.count), my = prepared.labels.reduce(0, +) / Double(x.count)
            var sxy = 0.0, sxx = 0.0
            for (a, xi) in x.enumerated() { sxy += (xi - mx) * (prepared.labels[a] - my); sxx += (xi - mx) * (xi - mx) }
            let slope = sxx > 0 ? sxy / sxx : 0
            for i in split.test {
                let yhat = my + slope * (m[i] - mx)
                out[i] = task == .regression ? prepared.mean + prepared.sd * yhat : yhat
            }
        }
        return out
    }
}
