import Foundation

/// Stability and a sanity check of a TRIP run's explanation (METHOD.md 2.5), computed from
/// what every run already trains: the top-N edge sets of the R x K fold models, and the final
/// model; with `--deletion` also the deletion curves (retraining without edges). Stored with
/// the run's assessment.
public struct TRIPFidelity: Sendable, Codable, Equatable {
    /// Fold models compared (R x K) and the size of their top sets (N).
    public var models: Int
    public var topEdges: Int
    /// Mean and sd of the Jaccard index of the fold models' top-N edge sets over all pairs.
    public var jaccardMean: Double
    public var jaccardSD: Double
    /// Per module of the final model (by rank): the fraction of fold models whose top-N
    /// holds at least half of its edges.
    public var moduleRecovery: [Double]
    /// Model randomisation (Adebayo et al. 2018): Spearman correlation between the final
    /// model's signed contributions E_i[e] and those of the same architecture with random
    /// orthonormal projections and permuted predictor weights, over up to 50 seeded lines x
    /// every edge. Passes when |rho| < 0.2: the explanation depends on what the model learnt.
    public var randomisationSpearman: Double
    public var randomisationPasses: Bool { abs(randomisationSpearman) < TRIPFidelity.randomisationLimit }
    /// Deletion curves (only with `--deletion`).
    public var deletion: [DeletionCurve]? = nil
    /// The importance ranking's drop against another ranking's: per fold, the mean drop over
    /// the sizes of one minus the other's, tested by the corrected resampled t (Nadeau-Bengio,
    /// n_test / n_train = 1 / (K - 1)) with a one-sided p.
    public struct DeletionComparison: Sendable, Equatable {
        public var ranking: String
        public var difference: Double
        public var t: Double
        public var degreesOfFreedom: Int
        public var oneSidedP: Double
    }

    public var deletionComparisons: [DeletionComparison]? {
        guard let deletion, let own = deletion.first(where: { $0.ranking == "importance" }), let ownFolds = own.foldDrops,
              let folds = ownFolds.first?.count, folds > 1 else { return nil }
        func perFold(_ drops: [[Double]]) -> [Double] { (0..<folds).map { f in TRIPAssessment.mean(drops.map { $0[f] }) } }
        return deletion.filter { $0.ranking != "importance" }.compactMap { other in
            guard let otherFolds = other.foldDrops else { return nil }
            let d = zip(perFold(ownFolds), perFold(otherFolds)).map { $0 - $1 }
            let (t, p) = TRIPAssessment.correctedTTest(d, testFraction: 1 / Double(folds))
            return DeletionComparison(ranking: other.ranking, difference: TRIPAssessment.mean(d), t: t, degreesOfFreedom: folds - 1,
                                      oneSidedP: t > 0 ? p / 2 : 1 - p / 2)
        }
    }

    /// Faithful: removing the importance ranking's top edges costs more held-out score than
    /// removing the univariate or random ranking's, beyond fold noise (one-sided corrected p
    /// below `deletionLevel` against both), and costs some (mean drop > 0). A larger mean alone
    /// is not enough: the first real-data run's drops were all within +-0.015 with fold sds
    /// near 0.05. nil without deletion curves or without their per-fold drops.
    public var faithful: Bool? {
        guard let comparisons = deletionComparisons, comparisons.count == 2,
              let own = deletion?.first(where: { $0.ranking == "importance" }) else { return nil }
        return TRIPAssessment.mean(own.drop) > 0 && comparisons.allSatisfy { $0.oneSidedP < TRIPFidelity.deletionLevel }
    }
    public static let deletionLevel = 0.05
    public static let randomisationLimit = 0.2

    public func report() -> [String] {
        var lines = [String(format: "stability: top-%d edges of %d fold models, Jaccard %.2f ± %.2f", topEdges, models, jaccardMean, jaccardSD)]
        if !moduleRecovery.isEmpty {
            lines.append("  module recovery (share of fold models holding half a module's edges): "
                         + moduleRecovery.prefix(10).enumerated().map { String(format: "%d: %.2f", $0.offset + 1, $0.element) }.joined(separator: ", "))
        }
        lines.append(String(format: "model randomisation: Spearman %.2f between trained and randomised contributions (%@; |rho| < %.1f)",
                            randomisationSpearman, randomisationPasses ? "passes" : "FAILS: the explanation reflects the input more than the model",
                            TRIPFidelity.randomisationLimit))
        if let deletion, let first = deletion.first {
            lines.append("deletion curves (score drop when the top-k edges are removed and TRIP retrained, mean over the first repeat's folds):")
            for (s, k) in first.sizes.enumerated() {
                lines.append("  k = \(k): " + deletion.map { String(format: "%@ %+.3f", $0.ranking, $0.drop[s]) }.joined(separator: ", "))
            }
            for c in deletionComparisons ?? [] {
                lines.append(String(format: "  importance - %@: %+.4f per fold (corrected t %.2f, %d df, one-sided p %.3g)",
                                    c.ranking, c.difference, c.t, c.degreesOfFreedom, c.oneSidedP))
            }
            switch faithful {
            case true?: lines.append("  the importance ranking is faithful (its drop exceeds the univariate and random rankings' beyond fold noise)")
            case false?: lines.append("  the importance ranking is NOT shown faithful (its drop is not above zero and both other rankings' beyond fold noise, one-sided p < 0.05)")
            case nil: lines.append("  faithfulness not assessed (this run stored no per-fold drops)")
            }
        }
        return lines
    }
}

extension TRIPFidelity {
    /// `selections`: each fold model's top-N edge indices; `modules`: the final modules' edge indices.
    static func measure(selections: [[Int]], modules: [[Int]], topEdges: Int, trained: [Double],
                        randomised: [Double]) -> TRIPFidelity {
        let sets = selections.map(Set.init)
        var jaccard: [Double] = []
        for a in sets.indices { for b in (a + 1)..<sets.count {
            let union = sets[a].union(sets[b]).count
            jaccard.append(union == 0 ? 1 : Double(sets[a].intersection(sets[b]).count) / Double(union))
        } }
        let recovery = modules.map { module -> Double in
            guard !module.isEmpty, !sets.isEmpty else { return 0 }
            let held = sets.filter { set in 2 * module.filter { set.contains($0) }.count >= module.count }.count
            return Double(held) / Double(sets.count)
        }
        return TRIPFidelity(models: sets.count, topEdges: topEdges, jaccardMean: TRIPAssessment.mean(jaccard),
                            jaccardSD: TRIPAssessment.sd(jaccard), moduleRecovery: recovery,
                            randomisationSpearman: spearman(trained, randomised))
    }

    /// The final model with random orthonormal projections (seeded) and its predictor
    /// weights permuted (seeded): same architecture and lines, no learnt structure.
    static func randomised(_ model: TRIPModel, seed: UInt64) -> TRIPModel {
        var rng = SplitMix64(seed: seed ^ 0x5241_4E44_4F4D_4953)
        func gaussian() -> Double { rng.gaussian() }
        var out = model
        out.c1 = Stiefel.orthonormalise(Matrix(rows: model.c1.rows, columns: model.c1.columns, values: model.c1.values.map { _ in gaussian() }))
        out.c2 = Stiefel.orthonormalise(Matrix(rows: model.c2.rows, columns: model.c2.columns, values: model.c2.values.map { _ in gaussian() }))
        var weights = model.weights.values
        if weights.count > 1 { for i in stride(from: weights.count - 1, to: 0, by: -1) { weights.swapAt(i, rng.below(i + 1)) } }
        out.weights.values = weights
        return out
    }

    static let randomisationLines = 50

    /// Signed contributions of the final model and of its randomised twin on the same
    /// seeded sample of lines (all edges; pairs where both are 0 left out).
    static func attributionMaps(_ model: TRIPModel, stack: EdgeStack, options: TRIPOptions, scale: Double)
        -> (trained: [Double], randomised: [Double]) {
        let trained = PopulationAttribution(model: model, stack: stack, attribution: options.effectiveAttribution,
                                            steps: options.integrationSteps, scale: scale)
        let twin = PopulationAttribution(model: randomised(model, seed: options.seed), stack: stack,
                                         attribution: options.effectiveAttribution, steps: options.integrationSteps, scale: scale)
        var rng = SplitMix64(seed: options.seed ^ 0x4C49_4E45_5341_4D50)
        let lines = stack.cellCount <= randomisationLines ? Array(0..<stack.cellCount)
            : rng.sample(randomisationLines, from: stack.cellCount).sorted()
        var a: [Double] = [], b: [Double] = []
        for i in lines {
            let x = trained.row(i), y = twin.row(i)
            for e in x.indices where x[e] != 0 || y[e] != 0 { a.append(x[e]); b.append(y[e]) }
        }
        return (a, b)
    }

    /// Spearman's rho with mid-ranks for ties.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        Metrics.pearson(midRanks(x), midRanks(y))
    }

    static func midRanks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var ranks = [Double](repeating: 0, count: v.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && v[order[end + 1]] == v[order[start]] { end += 1 }
            for k in start...end { ranks[order[k]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return ranks
    }
}
