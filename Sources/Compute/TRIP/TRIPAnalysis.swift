import Foundation
import Synchronization

/// Runs TRIP end to end on a stack: repeated k-fold CV of TRIP and its comparators on the same folds,
/// then the model on all cells and its explanation. Tasks (the final model, and per fold
/// TRIP and the unsupervised-projection baseline) run in parallel; each is a pure function
/// of its inputs and seed, so results do not depend on the thread count.
public struct TRIPAnalysis: Sendable {
    public let options: TRIPOptions
    /// Seconds between snapshots (at most 4 a second by default).
    public var snapshotInterval: Double = 0.25

    public init(options: TRIPOptions) { self.options = options }

    /// `response`: the raw response of each cell of `stack`. Without `perFold`, the
    /// networks must not be built from it (METHOD.md 2.1, enforced by the caller); with it,
    /// `stack` (the run's own networks) serves the final model only and every CV split
    /// profiles its training lines (METHOD.md 2.2). Returns nil when stopped.
    public func run(stack given: EdgeStack, response: [Double], comparators: TRIPComparators = TRIPComparators(),
                    perFold: PerFoldProfiling? = nil, threads: Int, stop: StopFlag,
                    events: @escaping @Sendable (TRIPEvent) -> Void = { _ in }) throws -> TRIPResult? {
        let n = given.cellCount
        guard n >= 2 * max(2, options.folds) else { throw TRIPFailure.tooFewCells(n) }
        guard given.edgeCount > 0 else { throw TRIPFailure.noEdges }
        let design = CVDesign(count: n, repeats: options.repeats, folds: options.folds, seed: options.seed)
        // Controls (METHOD.md 2.3): TRIP on the same folds with a shuffled (one permutation
        // per repeat) and a noise response.
        let controlResponses = self.options.controls
            ? (0..<design.repeats).map { TRIPAnalysis.controlResponses(response, seed: design.seed(repeat: $0)) } : []
        let profileCount = perFold == nil ? 0 : PerFoldProfiling.profileCount(self.options)
        let trainingCount = 1 + design.splitCount * (2 + (self.options.controls ? TRIPAnalysis.controlNames.count : 0))
        let profiled = Atomic<Int>(0)
        var splitInputs: PerFoldInputs?
        if let perFold {
            guard let built = try TRIPAnalysis.perFoldInputs(perFold, full: given, design: design, controls: controlResponses,
                                                             threads: threads, stop: stop, finished: { name in
                let done = profiled.add(1, ordering: .relaxed).newValue
                events(.taskFinished(name: name, done: done, total: profileCount + trainingCount))
            }) else { return nil }
            splitInputs = built
        }
        let raw = splitInputs?.full ?? given
        // One global rescaling so that mean ||X_i||^2 = 1 (no response information used);
        // contributions (X - Xref) * d yhat / dX do not depend on it. Per-fold stacks are
        // scaled by their own training lines instead.
        let meanNorm = raw.squaredNorms.reduce(0, +) / Double(n)
        let inputScale = meanNorm > 0 ? 1 / meanNorm.squareRoot() : 1
        let stack = raw.scaled(by: inputScale)
        /// Every line's input for CV split s under variant v (0 the response, 1 + c control c).
        let perSplit = splitInputs?.stacks
        let splitStack: @Sendable (Int, Int) -> EdgeStack = { v, s in perSplit?[v][s] ?? stack }
        let ranks = (min(options.ranks[0], stack.regulatorGenes.count), min(options.ranks.count > 1 ? options.ranks[1] : options.ranks[0], stack.targetGenes.count))

        // Split 0 is every cell (the final model); split s + 1 is CV split s (repeat s / K).
        let splits = design.splits
        // HOSVD once per split: a fold's TRIP model and its unsupervised baseline share it.
        guard let hosvd = ParallelMap.run(count: splits.count, threads: threads, stop: stop, body: { s -> Result<[Matrix], Error> in
            Result {
                let source = s == 0 ? stack : splitStack(0, s - 1)
                let (c1, c2) = try HOSVD.projections(source.rows(splits[s].train), ranks: ranks, centred: true)
                return [c1, c2]
            }
        }) else { return nil }
        let projections = try hosvd.map { try $0.get() }

        let controlCount = self.options.controls ? TRIPAnalysis.controlNames.count : 0
        enum Task { case final, trip(Int), hosvd(Int), control(Int, Int) }
        let splitCount = design.splitCount
        let mainTasks: [Task] = [.final] + (0..<splitCount).flatMap { [Task.trip($0), .hosvd($0)] }
        let controlTasks: [Task] = (0..<controlCount).flatMap { c in (0..<splitCount).map { Task.control(c, $0) } }
        let tasks = mainTasks + controlTasks
        let done = Atomic<Int>(profileCount)
        let lastSnapshot = Mutex<Double>(-Double.infinity)
        let clock = ContinuousClock(), origin = clock.now
        let options = self.options, interval = snapshotInterval

        struct TaskOutput: Sendable {
            var model: TRIPModel
            var epochs: Int
            var predictions: [Double]      // response units, for the fold's test cells
            var standardisation: (mean: Double, sd: Double, threshold: Double?)
            var selected: [Int]            // top-N edges (TRIP fold models)
            var importance: [Double]       // per edge (TRIP fold models)
        }
        let outputs = ParallelMap.run(count: tasks.count, threads: threads, stop: stop) { index -> Result<TaskOutput, Error> in
            Result {
                let task = tasks[index]
                let split: Int
                var y = response
                let source: EdgeStack
                switch task {
                case .final: split = 0; source = stack
                case let .trip(f), let .hosvd(f): split = f + 1; source = splitStack(0, f)
                case let .control(c, f): split = f + 1; y = controlResponses[design.repeatOf(split: f)][c]; source = splitStack(1 + c, f)
                }
                let (train, test) = splits[split]
                let trainStack = source.rows(train)
                let prepared = TRIPAnalysis.prepare(train.map { y[$0] }, task: options.task)
                let offset = options.task == .regression ? 0 : TRIPAnalysis.logit(prepared.labels.reduce(0, +) / Double(train.count))
                var learn = true
                if case .hosvd = task { learn = false }
                // TRIP starts from the training lines' covariance with the response; the
                // ablation keeps the unsupervised HOSVD (ProjectionStart). Inputs are centred
                // on the training lines' mean (METHOD.md 2.4).
                let (c1, c2) = learn ? try ProjectionStart.supervised(trainStack, response: prepared.labels, ranks: ranks)
                    : (projections[split][0], projections[split][1])
                let initial = TRIPModel(c1: c1, c2: c2, hidden: options.hidden, offset: offset,
                                        seed: options.seed &+ UInt64(index), reference: trainStack.edgeMeans)
                let trainer = TRIPTrainer(options: options)
                let outcome = trainer.train(stack: trainStack, response: prepared.labels, initial: initial, learnProjection: learn,
                                            seed: options.seed &+ 1000 &+ UInt64(index), stop: stop) { epoch, objective, validation, model in
                    guard case .final = task else { return }
                    func seconds() -> Double { origin.duration(to: clock.now).inSeconds }
                    guard seconds() - lastSnapshot.withLock({ $0 }) >= interval else { return }
                    // Only this task emits; the interval counts from the previous emission.
                    defer { lastSnapshot.withLock { $0 = seconds() } }
                    let explained = TRIPAnalysis.explain(model: model, stack: trainStack, options: options, responseSD: prepared.sd)
                    let top = explained.subnetworks.prefix(10).map { s -> Subnetwork in
                        var s = s; s.cellContributions = []; return s
                    }
                    events(.snapshot(TRIPSnapshot(epoch: epoch, objective: objective, validationLoss: validation, subnetworks: Array(top))))
                }
                let testStack = source.rows(test)
                let z = outcome.model.projected(testStack)
                let j = outcome.model.features
                let predictions = (0..<test.count).map { i -> Double in
                    let yhat = outcome.model.predict(z.values[(i * j)..<((i + 1) * j)])
                    return options.task == .regression ? prepared.mean + prepared.sd * yhat : yhat
                }
                var selected: [Int] = [], importance: [Double] = []
                if case .trip = task {
                    importance = PopulationAttribution(model: outcome.model, stack: trainStack, attribution: options.effectiveAttribution,
                                                       steps: options.integrationSteps).statistics().importance(options.importance)
                    selected = TRIPExplanation.topEdges(importance, count: options.topEdges)
                }
                let finished = done.add(1, ordering: .relaxed).newValue
                let name: String
                switch task {
                case .final: name = "model on all cells"
                case let .trip(f): name = "TRIP \(design.name(split: f))"
                case let .hosvd(f): name = "unsupervised-projection baseline \(design.name(split: f))"
                case let .control(c, f): name = "\(c == 0 ? "shuffled" : "noise")-response control \(design.name(split: f))"
                }
                events(.taskFinished(name: name, done: finished, total: profileCount + tasks.count))
                return TaskOutput(model: outcome.model, epochs: outcome.epochs, predictions: predictions,
                                  standardisation: (prepared.mean, prepared.sd, prepared.threshold), selected: selected,
                                  importance: importance)
            }
        }
        guard let outputs else { return nil }
        let results = try outputs.map { try $0.get() }

        let inversion = perFold.flatMap { p in p.invertsNetworks ? splitInputs.map { (modulator: p.modulator, inferred: $0.inferred) } : nil }
        let evaluation = TRIPAnalysis.evaluate(design: design, stack: stack, splitStack: perSplit == nil ? nil : { splitStack(0, $0) },
                                               response: response, comparators: comparators, inversion: inversion,
                                               controls: controlResponses, options: options) { task in
            switch task {
            case let .trip(s): return results[1 + 2 * s].predictions
            case let .hosvd(s): return results[2 + 2 * s].predictions
            case let .control(c, s): return results[1 + 2 * splitCount + c * splitCount + s].predictions
            }
        }
        let predictions = evaluation.predictions, scores = evaluation.scores
        var assessment = evaluation.assessment

        let final = results[0]
        let explained = TRIPAnalysis.explain(model: final.model, stack: stack, options: options, responseSD: final.standardisation.sd,
                                             perLine: 100)
        var frequency = [Double](repeating: 0, count: stack.edgeCount)
        for f in 0..<splitCount { for e in results[1 + 2 * f].selected { frequency[e] += 1 / Double(splitCount) } }
        let maps = TRIPFidelity.attributionMaps(final.model, stack: stack, options: options, scale: final.standardisation.sd)
        assessment.fidelity = TRIPFidelity.measure(selections: (0..<splitCount).map { results[1 + 2 * $0].selected },
                                                   modules: explained.moduleEdges, topEdges: options.topEdges,
                                                   trained: maps.trained, randomised: maps.randomised)
        if options.deletion {
            let metric = options.task == .regression ? "r2" : "auroc"
            let foldScore = (0..<design.folds).map { f in scores.first { $0.model == "trip" && $0.fold == f && $0.metric == metric }?.value ?? .nan }
            guard let curves = try TRIPAnalysis.deletionCurves(design: design, stackOf: { splitStack(0, $0) }, response: response, ranks: ranks,
                                                               options: options,
                                                               foldImportance: (0..<design.folds).map { results[1 + 2 * $0].importance },
                                                               foldScore: foldScore, threads: threads, stop: stop) else { return nil }
            assessment.fidelity?.deletion = curves
            let total = profileCount + tasks.count + options.deletionTrainings(edges: stack.edgeCount)
            events(.taskFinished(name: "deletion curves", done: total, total: total))
        }
        return TRIPResult(scores: scores, predictions: predictions, model: final.model, epochs: final.epochs, inputScale: inputScale,
                          responseMean: final.standardisation.mean, responseSD: final.standardisation.sd,
                          threshold: final.standardisation.threshold, importance: explained.importance,
                          meanContribution: explained.statistics.direction, frequency: frequency,
                          topContributions: explained.topContributions, subnetworks: explained.subnetworks,
                          axes: TRIPExplanation.axes(model: final.model, stack: stack, top: 10),
                          attribution: options.effectiveAttribution, assessment: assessment, layout: stack)
    }
}

public enum TRIPFailure: Error, CustomStringConvertible {
    case tooFewCells(Int)
    case noEdges
    public var description: String {
        switch self {
        case let .tooFewCells(n): return "TRIP needs at least twice as many cells as folds (and 4 per fold); the run has \(n)"
        case .noEdges: return "the run has no edges: every network is empty"
        }
    }
}
