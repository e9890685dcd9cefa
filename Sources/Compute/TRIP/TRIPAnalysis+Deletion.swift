import Foundation

/// One deletion curve (METHOD.md 2.5): the mean drop of TRIP's held-out score when the k
/// highest-ranked edges are removed and TRIP is retrained on the same folds.
public struct DeletionCurve: Sendable, Codable, Equatable {
    /// "importance" (each fold model's own ranking), "univariate" (|corr(X_edge, y)| on the
    /// fold's training lines) or "random" (mean of the seeded draws).
    public var ranking: String
    public var sizes: [Int]
    /// Per size: fold score with the edges minus without them (a drop is positive),
    /// averaged over the first repeat's K folds.
    public var drop: [Double]
    /// Per size, per fold: the drop (random: mean over the fold's draws). nil in runs recorded
    /// before it was kept; the faithfulness test needs it.
    public var foldDrops: [[Double]]? = nil
}

extension TRIPAnalysis {
    static let deletionRankings = ["importance", "univariate", "random"]

    /// Deletion curves on the first repeat's folds. `foldImportance[f]`: fold f's TRIP model's
    /// edge importance (its own training lines); `foldScore[f]`: its held-out score.
    /// Trainings: K x sizes x (2 + draws); nil when stopped.
    /// `stackOf(s)`: every line's input for CV split s (one layout for all splits).
    static func deletionCurves(design: CVDesign, stackOf: @escaping @Sendable (Int) -> EdgeStack, response: [Double], ranks: (Int, Int),
                               options: TRIPOptions, foldImportance: [[Double]], foldScore: [Double], threads: Int,
                               stop: StopFlag) throws -> [DeletionCurve]? {
        let sizes = options.deletionSizes.filter { $0 < stackOf(0).edgeCount }
        let perFold = sizes.count * (2 + options.deletionDraws)
        let count = design.folds * perFold
        let results = ParallelMap.run(count: count, threads: threads, stop: stop) { index -> Result<Double, Error> in
            Result {
                let f = index / perFold, within = index % perFold
                let size = sizes[within / (2 + options.deletionDraws)], kind = within % (2 + options.deletionDraws)
                let (train, test) = design.splits[f + 1]
                let stack = stackOf(f)
                let order: [Int]
                switch kind {
                case 0: order = ranked(foldImportance[f])
                case 1: order = ranked(univariate(stack: stack, lines: train, response: response))
                default:
                    var rng = SplitMix64(seed: options.seed ^ UInt64(0xDE1E7E) &+ UInt64(index))
                    var edges = Array(0..<stack.edgeCount)
                    for i in stride(from: edges.count - 1, to: 0, by: -1) { edges.swapAt(i, rng.below(i + 1)) }
                    order = edges
                }
                let reduced = stack.withoutEdges(Set(order.prefix(size)))
                let predicted = try fitAndPredict(stack: reduced, train: train, test: test, response: response, ranks: ranks,
                                                  options: options, seed: options.seed &+ 7000 &+ UInt64(index), stop: stop)
                return foldScore[f] - heldOutScore(truth: test.map { response[$0] }, predicted: predicted,
                                                   training: train.map { response[$0] }, task: options.task)
            }
        }
        guard let results else { return nil }
        let drops = try results.map { try $0.get() }
        return deletionRankings.enumerated().map { r, name in
            let perFold = sizes.indices.map { s in
                (0..<design.folds).map { f -> Double in
                    let base = f * perFold + s * (2 + options.deletionDraws)
                    return r < 2 ? drops[base + r] : TRIPAssessment.mean(Array(drops[(base + 2)..<(base + 2 + options.deletionDraws)]))
                }
            }
            return DeletionCurve(ranking: name, sizes: sizes, drop: perFold.map(TRIPAssessment.mean), foldDrops: perFold)
        }
    }

    /// TRIP (supervised start, centred, learnt projections) on `train`; predictions for `test`
    /// in response units (regression) or logits.
    static func fitAndPredict(stack: EdgeStack, train: [Int], test: [Int], response: [Double], ranks: (Int, Int),
                              options: TRIPOptions, seed: UInt64, stop: StopFlag) throws -> [Double] {
        let trainStack = stack.rows(train)
        let prepared = prepare(train.map { response[$0] }, task: options.task)
        let offset = options.task == .regression ? 0 : logit(prepared.labels.reduce(0, +) / Double(train.count))
        let (c1, c2) = try ProjectionStart.supervised(trainStack, response: prepared.labels, ranks: ranks)
        let initial = TRIPModel(c1: c1, c2: c2, hidden: options.hidden, offset: offset, seed: seed, reference: trainStack.edgeMeans)
        let model = TRIPTrainer(options: options).train(stack: trainStack, response: prepared.labels, initial: initial,
                                                        learnProjection: true, seed: seed &+ 1000, stop: stop).model
        let z = model.projected(stack.rows(test)), j = model.features
        return (0..<test.count).map { i in
            let yhat = model.predict(z.values[(i * j)..<((i + 1) * j)])
            return options.task == .regression ? prepared.mean + prepared.sd * yhat : yhat
        }
    }

    /// R^2 (regression) or AUROC against the training median (classification) of one fold.
    static func heldOutScore(truth: [Double], predicted: [Double], training: [Double], task: TRIPOptions.Task) -> Double {
        switch task {
        case .regression: return Metrics.rSquared(truth: truth, prediction: predicted)
        case .classification:
            let threshold = median(training)
            return Metrics.auroc(labels: truth.map { $0 > threshold }, scores: predicted)
        }
    }

    /// |corr(X_e, y)| of every edge over `lines` (absent entries are 0).
    static func univariate(stack: EdgeStack, lines: [Int], response: [Double]) -> [Double] {
        let n = Double(lines.count), y = lines.map { response[$0] }
        let my = y.reduce(0, +) / n
        let syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        var sx = [Double](repeating: 0, count: stack.edgeCount), sxx = sx, sxy = sx
        for (a, i) in lines.enumerated() {
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                let e = stack.entryEdge[k], x = stack.entryValue[k]
                sx[e] += x; sxx[e] += x * x; sxy[e] += x * (y[a] - my)
            }
        }
        return (0..<stack.edgeCount).map { e in
            let vx = sxx[e] - sx[e] * sx[e] / n
            return vx > 0 && syy > 0 ? abs(sxy[e]) / (vx * syy).squareRoot() : 0
        }
    }

    /// Edge indices by decreasing value (ties: lower index first).
    static func ranked(_ values: [Double]) -> [Int] {
        values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
    }
}
