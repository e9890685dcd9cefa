import Foundation

/// Whether a TRIP run found anything its controls do not (METHOD.md 2.3).
public enum TRIPVerdict: String, Sendable, Codable, CaseIterable {
    /// TRIP beats both controls (shuffled and noise response) by more than twice the
    /// control's sd over folds and by an absolute 0.05, and its own score is 0.05 above
    /// chance (R^2 > 0.05, AUROC > 0.55).
    case signal
    case noEvidence = "no evidence beyond controls"
}

/// Mean and sd over the CV folds of one model's score.
public struct TRIPModelSummary: Sendable, Codable, Equatable {
    public var model: String
    public var mean: Double
    public var sd: Double
    public var folds: Int
}

/// TRIP minus one comparator on the same folds: the corrected resampled t-test of Nadeau and
/// Bengio (2003), t = mean(d) / sqrt((1/J + n_test/n_train) var(d)) with J folds, J - 1
/// degrees of freedom; p two-sided.
public struct TRIPComparison: Sendable, Codable, Equatable {
    public var model: String
    public var meanDifference: Double
    public var t: Double
    public var degreesOfFreedom: Int
    public var p: Double
}

/// The verdict of a TRIP run with everything it rests on; stored with the run.
public struct TRIPAssessment: Sendable, Codable, Equatable {
    /// r2 (regression) or auroc (classification).
    public var metric: String
    public var verdict: TRIPVerdict
    public var summaries: [TRIPModelSummary]
    public var comparisons: [TRIPComparison]
    /// One line saying why.
    public var reason: String
    /// Stability across fold models and the model-randomisation check (METHOD.md 2.5).
    public var fidelity: TRIPFidelity? = nil

    /// Models compared with TRIP, in report order (those present in the scores).
    public static let comparators = ["hosvd", "ridge", "expression", "modulator", "inversion", "control-shuffled", "control-noise"]
    public static let controls = ["control-shuffled", "control-noise"]

    /// From per-fold scores (fold >= 0 of `scores`), the fraction of lines held out per
    /// fold (`testFraction` = n_test / n), and the metric.
    public static func assess(_ scores: [TRIPScore], metric: String, folds: Int, testFraction: Double) -> TRIPAssessment {
        func values(_ model: String) -> [Double] {
            (0..<folds).compactMap { f in scores.first { $0.model == model && $0.metric == metric && $0.fold == f }?.value }
        }
        let models = ["trip"] + comparators
        let summaries = models.compactMap { model -> TRIPModelSummary? in
            let v = values(model)
            guard v.count == folds else { return nil }
            return TRIPModelSummary(model: model, mean: mean(v), sd: sd(v), folds: v.count)
        }
        let trip = values("trip")
        let comparisons = comparators.compactMap { model -> TRIPComparison? in
            let other = values(model)
            guard other.count == folds, trip.count == folds else { return nil }
            let d = zip(trip, other).map { $0 - $1 }
            let (t, p) = correctedTTest(d, testFraction: testFraction)
            return TRIPComparison(model: model, meanDifference: mean(d), t: t, degreesOfFreedom: folds - 1, p: p)
        }
        // Verdict (METHOD.md 2.3): beat every control by 2 sd of that control and by 0.05,
        // and chance (R^2 0, AUROC 0.5) by 0.05. The last is our reading of the "absolute
        // 0.05 (R^2 or AUROC - 0.5)": with per-fold profiles the controls score far below
        // zero (R^2 about -0.3), and an R^2 of -0.02 must not count as signal for beating them.
        let tripMean = summaries.first { $0.model == "trip" }?.mean ?? .nan
        var verdict = TRIPVerdict.signal
        var reasons: [String] = []
        let chance = metric == "auroc" ? 0.5 : 0
        if !(tripMean - chance > absoluteMargin) {
            verdict = .noEvidence
            reasons.append(String(format: "TRIP %@ %.3f is not above chance (%.1f) by %.2f", metric, tripMean, chance, absoluteMargin))
        }
        for control in controls {
            guard let c = summaries.first(where: { $0.model == control }), tripMean.isFinite, c.mean.isFinite else {
                verdict = .noEvidence
                reasons.append("\(control) missing")
                continue
            }
            let margin = max(2 * c.sd, absoluteMargin)
            if !(tripMean - c.mean > margin) {
                verdict = .noEvidence
                reasons.append(String(format: "TRIP %@ %.3f does not exceed %@ %.3f by %.3f", metric, tripMean, control, c.mean, margin))
            }
        }
        let reason = verdict == .signal
            ? String(format: "TRIP %@ %.3f exceeds chance and both controls by more than twice their sd and 0.05", metric, tripMean)
            : reasons.joined(separator: "; ")
        return TRIPAssessment(metric: metric, verdict: verdict, summaries: summaries, comparisons: comparisons, reason: reason)
    }

    /// The least margin of a signal over chance and over each control's mean.
    public static let absoluteMargin = 0.05

    static func mean(_ x: [Double]) -> Double { x.reduce(0, +) / Double(max(1, x.count)) }

    /// Sample sd (n - 1).
    static func sd(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// Nadeau-Bengio: the variance of the fold differences is inflated by n_test/n_train
    /// because training sets overlap. Returns t and the two-sided p of Student's t.
    static func correctedTTest(_ d: [Double], testFraction: Double) -> (t: Double, p: Double) {
        let j = Double(d.count)
        let variance = pow(sd(d), 2)
        let factor = 1 / j + testFraction / (1 - testFraction)
        guard variance > 0 else { return (mean(d) == 0 ? 0 : .infinity * (mean(d) > 0 ? 1 : -1), mean(d) == 0 ? 1 : 0) }
        let t = mean(d) / (factor * variance).squareRoot()
        return (t, StudentT.twoSidedP(t: t, degreesOfFreedom: d.count - 1))
    }
}

extension TRIPAssessment {
    /// Names as printed.
    static func label(_ model: String) -> String {
        switch model {
        case "trip": return "TRIP"
        case "hosvd": return "unsupervised projection"
        case "ridge": return "ridge on networks"
        case "expression": return "ridge on expression"
        case "modulator": return "network modulator alone"
        case "inversion": return "inferred modulator (inversion)"
        case "control-shuffled": return "shuffled-response control"
        case "control-noise": return "noise-response control"
        default: return model
        }
    }

    /// The verdict, every model's mean and sd over folds, and TRIP against each comparator.
    public func report(response: String) -> [String] {
        var lines = ["verdict for \(response): \(verdict.rawValue) (\(reason))"]
        let folds = summaries.first?.folds ?? 0
        lines.append("\(metric) over \(folds) folds, mean ± sd: " + summaries.map {
            String(format: "%@ %.3f ± %.3f", Self.label($0.model), $0.mean, $0.sd)
        }.joined(separator: " | "))
        for c in comparisons {
            lines.append(String(format: "  TRIP - %@: %+.3f (corrected t %.2f, %d df, p %.3g)", Self.label(c.model), c.meanDifference,
                                c.t, c.degreesOfFreedom, c.p))
        }
        return lines + (fidelity?.report() ?? [])
    }
}
