import Foundation

/// One CV split's out-of-fold predictions of a trained task, as `evaluate` asks for them.
enum CVTaskOutput {
    case trip(Int), hosvd(Int), control(Int, Int)
}

/// Scores on the repeated folds (METHOD.md 2.3): every model and control on the same R x K
/// splits, per split and pooled, and the verdict.
struct CVEvaluation {
    /// The first repeat's out-of-fold predictions (every line once), as stored with the run.
    var predictions: [TRIPPrediction]
    var scores: [TRIPScore]
    var assessment: TRIPAssessment
}

extension TRIPAnalysis {
    /// Ridge on the networks, the comparators and the controls on `design`'s splits, next to
    /// TRIP's and the unsupervised projection's predictions (`outputs`, test lines in split
    /// order). Pooled scores pool every repeat's out-of-fold predictions; the assessment's
    /// means, sds and t-tests are over the R K splits (R K - 1 degrees of freedom).
    /// `splitStack(s)`: every line's input of CV split s when the inputs differ by split
    /// (per-fold profiling); nil when `stack` serves every split. `inversion`: the networks'
    /// modulator and, per split, its held-out lines' inferred values (the "inversion" baseline).
    static func evaluate(design: CVDesign, stack: EdgeStack, splitStack: ((Int) -> EdgeStack)? = nil, response: [Double],
                         comparators: TRIPComparators, inversion: (modulator: [Double], inferred: [[Double]])? = nil,
                         controls: [[[Double]]], options: TRIPOptions, outputs: (CVTaskOutput) -> [Double]) -> CVEvaluation {
        let n = design.count, splitCount = design.splitCount
        // Ridge baseline on the same folds (unscaled kernel: ridge is scale-equivariant).
        let shared = splitStack == nil ? RidgeBaseline.linearKernel(stack) : nil
        var thresholds = [Double?](repeating: nil, count: splitCount)
        var predictions: [TRIPPrediction] = []
        for r in 0..<design.repeats {
            var repeatPredictions = (0..<n).map {
                TRIPPrediction(cell: $0, fold: r * design.folds + design.assignment[r][$0], truth: response[$0], trip: .nan, hosvd: .nan, ridge: .nan)
            }
            for f in 0..<design.folds {
                let s = r * design.folds + f
                let (train, test) = design.splits[s + 1]
                let tripOut = outputs(.trip(s)), hosvdOut = outputs(.hosvd(s))
                let prepared = prepare(train.map { response[$0] }, task: options.task)
                thresholds[s] = prepared.threshold
                var target = response
                for (a, i) in train.enumerated() { target[i] = prepared.labels[a] }
                let kernel = shared ?? RidgeBaseline.linearKernel(splitStack!(s))
                let ridge = RidgeBaseline.predict(kernel: kernel, train: train, test: test, response: target, folds: 5,
                                                  seed: options.seed &+ UInt64(s)).predictions
                for (a, i) in test.enumerated() {
                    repeatPredictions[i].trip = tripOut[a]
                    repeatPredictions[i].hosvd = hosvdOut[a]
                    repeatPredictions[i].ridge = options.task == .regression ? prepared.mean + prepared.sd * ridge[a] : ridge[a]
                }
            }
            predictions += repeatPredictions
        }
        var scores = score(predictions, folds: splitCount, task: options.task, thresholds: thresholds)
        let flatSplits = design.flatSplits
        let truth = (0..<design.repeats).flatMap { _ in response }
        func comparatorScores(_ model: String, _ predicted: (Int) -> [Double]) -> [TRIPScore] {
            foldScores(model: model, truth: truth, predicted: (0..<design.repeats).flatMap(predicted), folds: flatSplits,
                       foldCount: splitCount, task: options.task, thresholds: thresholds, cut: 0.5)       // regressed 0/1 labels
        }
        if let expression = comparators.expression {
            scores += comparatorScores("expression") { r in
                expressionPredictions(expression, response: response, splits: design.splits(repeat: r), task: options.task,
                                      seed: options.seed &+ UInt64(r * design.folds))
            }
        }
        if let modulator = comparators.modulator {
            scores += comparatorScores("modulator") { r in
                modulatorPredictions(modulator, response: response, splits: design.splits(repeat: r), task: options.task)
            }
        }
        if let inversion {
            scores += comparatorScores("inversion") { r in
                inversionPredictions(modulator: inversion.modulator, inferred: inversion.inferred, response: response, design: design,
                                     repeat: r, task: options.task)
            }
        }
        for c in controls.first.map({ $0.indices }) ?? 0..<0 {
            var controlTruth: [Double] = [], predicted: [Double] = []
            var controlThresholds = [Double?](repeating: nil, count: splitCount)
            for r in 0..<design.repeats {
                let y = controls[r][c]
                var repeatPredicted = [Double](repeating: .nan, count: n)
                for f in 0..<design.folds {
                    let s = r * design.folds + f
                    let (train, test) = design.splits[s + 1]
                    controlThresholds[s] = prepare(train.map { y[$0] }, task: options.task).threshold
                    let out = outputs(.control(c, s))
                    for (a, i) in test.enumerated() { repeatPredicted[i] = out[a] }
                }
                controlTruth += y
                predicted += repeatPredicted
            }
            scores += foldScores(model: controlNames[c], truth: controlTruth, predicted: predicted, folds: flatSplits,
                                 foldCount: splitCount, task: options.task, thresholds: controlThresholds, cut: 0)
        }
        let assessment = TRIPAssessment.assess(scores, metric: options.task == .regression ? "r2" : "auroc", folds: splitCount,
                                               testFraction: 1 / Double(design.folds))
        return CVEvaluation(predictions: Array(predictions.prefix(n)), scores: scores, assessment: assessment)
    }
}
