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

    /// Population-baseline contributions of `model` on `stack` (its training lines), in
    /// response units: per-edge importance and direction, the subnetworks and, when
    /// `perLine` > 0, one more pass over the lines for every subnetwork's per-line
    /// contribution and each line's `perLine` largest |E_i[e]|.
    static func explain(model: TRIPModel, stack: EdgeStack, options: TRIPOptions, responseSD: Double, perLine: Int = 0) -> Explanation {
        let attribution = PopulationAttribution(model: model, stack: stack, attribution: options.effectiveAttribution,
                                                steps: options.integrationSteps, scale: responseSD)
        let statistics = attribution.statistics()
        let importance = statistics.importance(options.importance)
        var components = TRIPExplanation.subnetworks(stack: stack, importance: importance, direction: statistics.direction,
                                                     top: options.topEdges, cap: options.moduleCap)
        var top: [[EdgeContribution]] = []
        if perLine > 0 {
            for c in components.indices { components[c].subnetwork.cellContributions = [Double](repeating: 0, count: stack.cellCount) }
            for i in 0..<stack.cellCount {
                let e = attribution.row(i)
                for c in components.indices { components[c].subnetwork.cellContributions[i] = components[c].edges.reduce(0) { $0 + e[$1] } }
                let order = e.indices.filter { e[$0] != 0 }.sorted { abs(e[$0]) != abs(e[$1]) ? abs(e[$0]) > abs(e[$1]) : $0 < $1 }
                top.append(order.prefix(perLine).map { EdgeContribution(edge: $0, value: e[$0]) })
            }
        }
        return Explanation(statistics: statistics, importance: importance, subnetworks: components.map(\.subnetwork),
                           moduleEdges: components.map(\.edges), topContributions: top)
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

/// One edge's contribution to one line's prediction (an index into the stack's edges).
public struct EdgeContribution: Sendable, Equatable {
    public var edge: Int
    public var value: Double
}

/// What `TRIPAnalysis.explain` returns.
struct Explanation {
    var statistics: EdgeAttributionStatistics
    var importance: [Double]
    var subnetworks: [Subnetwork]
    /// Each module's stack edge indices (order of `subnetworks`).
    var moduleEdges: [[Int]]
    /// Per line, its largest contributions by |E_i[e]| (empty unless asked for).
    var topContributions: [[EdgeContribution]]
}
