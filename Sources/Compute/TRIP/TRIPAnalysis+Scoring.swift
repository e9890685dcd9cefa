import Foundation

/// Response preparation, explanation and scores of TRIP's CV (METHOD.md 2).
extension TRIPAnalysis {
    /// Regression: standardise on these cells; classification: 0/1 by their median.
    static func prepare(_ y: [Double], task: TRIPOptions.Task) -> (labels: [Double], mean: Double, sd: Double, threshold: Double?) {
        switch task {
        case .regression:
            let mean = y.reduce(0, +) / Double(y.count)
            let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)).squareRoot()
            let scale = sd > 0 ? sd : 1
            return (y.map { ($0 - mean) / scale }, mean, scale, nil)
        case .classification:
            let threshold = median(y)
            return (y.map { $0 > threshold ? 1 : 0 }, 0, 1, threshold)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func logit(_ p: Double) -> Double {
        let clamped = min(max(p, 1e-6), 1 - 1e-6)
        return log(clamped / (1 - clamped))
    }

    static func explain(model: TRIPModel, stack: EdgeStack, options: TRIPOptions, responseSD: Double)
        -> (contributions: [Double], importance: [Double], mean: [Double], subnetworks: [Subnetwork]) {
        let contributions = TRIPExplanation.contributions(model: model, stack: stack, attribution: options.effectiveAttribution,
                                                          steps: options.integrationSteps).map { $0 * responseSD }
        let (importance, mean) = TRIPExplanation.importance(stack: stack, contributions: contributions)
        let subnetworks = TRIPExplanation.subnetworks(stack: stack, contributions: contributions, importance: importance, mean: mean,
                                                      top: options.topEdges)
        return (contributions, importance, mean, subnetworks)
    }

    static func score(_ predictions: [TRIPPrediction], folds: Int, task: TRIPOptions.Task, thresholds: [Double?]) -> [TRIPScore] {
        var out: [TRIPScore] = []
        let groups: [(Int?, [TRIPPrediction])] = [(nil, predictions)] + (0..<folds).map { f in (f, predictions.filter { $0.fold == f }) }
        for (fold, group) in groups {
            for (name, values) in [("trip", group.map(\.trip)), ("hosvd", group.map(\.hosvd)), ("ridge", group.map(\.ridge))] {
                switch task {
                case .regression:
                    out.append(TRIPScore(model: name, fold: fold, metric: "r2", value: Metrics.rSquared(truth: group.map(\.truth), prediction: values)))
                    out.append(TRIPScore(model: name, fold: fold, metric: "pearson", value: Metrics.pearson(group.map(\.truth), values)))
                case .classification:
                    let labels = group.map { $0.truth > (thresholds[$0.fold] ?? 0) }
                    let cut = name == "ridge" ? 0.5 : 0.0
                    out.append(TRIPScore(model: name, fold: fold, metric: "auroc", value: Metrics.auroc(labels: labels, scores: values)))
                    out.append(TRIPScore(model: name, fold: fold, metric: "accuracy",
                                         value: Metrics.accuracy(labels: labels, predicted: values.map { $0 > cut })))
                }
            }
        }
        return out
    }
}
