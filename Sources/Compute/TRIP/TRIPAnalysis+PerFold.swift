import Foundation

/// Per-fold profiling (METHOD.md 2.1-2.2): when the response is the networks' own modulator
/// (or derived from it), every CV split profiles its training lines only and gives each
/// held-out line the network at the modulator inferred from its expression. The controls do
/// the same along the shuffled and the noise response, so they test the whole pipeline.
/// With `input` .perturbation, every split fits static networks on its training lines
/// instead and gives every line its perturbation of them (StaticPerturbation): no
/// modulator is used, and the controls share the response's inputs.
public struct PerFoldProfiling: Sendable {
    public var data: FoldProfileData
    /// The networks' modulator of every line (raw units). A split reads its training lines'
    /// values only; held-out lines' values are inferred, never read.
    public var modulator: [Double]
    public var input: TRIPOptions.Input
    /// Where finished profiles are kept and found (nil: in memory only).
    public var store: (any FoldNetworkStore)?

    public init(data: FoldProfileData, modulator: [Double], input: TRIPOptions.Input, store: (any FoldNetworkStore)? = nil) {
        self.data = data; self.modulator = modulator; self.input = input; self.store = store
    }

    /// Profiles a run makes: one per CV split for the response and for each control; for
    /// the perturbation input one per split (shared by the controls) and one on all lines.
    public static func profileCount(_ options: TRIPOptions) -> Int {
        if options.input == .perturbation { return options.repeats * options.folds + 1 }
        return (1 + (options.controls ? TRIPAnalysis.controlNames.count : 0)) * options.repeats * options.folds
    }

    /// Whether held-out lines' modulators are inferred (and scored as a baseline).
    public var invertsNetworks: Bool { input != .perturbation }
}

/// Every split's inputs on one layout: `stacks[v][s]` holds all lines of CV split s under
/// variant v (0 the response, 1 + c control c), scaled by its own training lines' mean norm;
/// `full` is the run's own stack on the same layout; `inferred[s]` the inferred modulator of
/// split s's held-out lines (response variant, test order).
struct PerFoldInputs: Sendable {
    var full: EdgeStack
    var stacks: [[EdgeStack]]
    var inferred: [[Double]]
}

extension TRIPAnalysis {
    /// Builds every split's per-fold networks (sequentially; each profile uses `threads`).
    /// nil when stopped.
    static func perFoldInputs(_ perFold: PerFoldProfiling, full: EdgeStack, design: CVDesign, controls: [[[Double]]],
                              threads: Int, stop: StopFlag, finished: (String) -> Void) throws -> PerFoldInputs? {
        let variants = 1 + (controls.first?.count ?? 0)
        if perFold.input == .perturbation {
            return try perturbationInputs(perFold.data, design: design, variants: variants, threads: threads, stop: stop, finished: finished)
        }
        var built: [EdgeStack] = [full]
        var inferred: [[Double]] = []
        for v in 0..<variants {
            for s in 0..<design.splitCount {
                let unit = FoldUnit(variant: v, split: s)
                let name = "per-fold profile \(v == 0 ? "" : "(\(v == 1 ? "shuffled" : "noise") response) ")\(design.name(split: s))"
                let split: FoldNetworks
                if let stored = try perFold.store?.load(unit) {
                    split = stored
                    finished(name + " (from the fold store)")
                } else {
                    let (train, test) = design.splits[s + 1]
                    let modulator = v == 0 ? perFold.modulator : controls[design.repeatOf(split: s)][v - 1]
                    guard let fresh = try NetworkInversion.build(data: perFold.data, modulator: modulator, train: train, test: test,
                                                                 input: perFold.input, threads: threads, stop: stop) else { return nil }
                    try perFold.store?.save(fresh, unit: unit)
                    split = fresh
                    finished(name)
                }
                built.append(EdgeStack(cellCount: full.cellCount, entries: split.entries))
                if v == 0 { inferred.append(split.inferred) }
            }
        }
        // Aligned and scaled one stack at a time, so at most one extra copy lives at once
        // (46 stacks of 200 targets x 900 lines are several GB).
        var aligned = EdgeStack.aligned(consuming: consume built)
        var stacks: [[EdgeStack]] = []
        for v in 0..<variants {
            stacks.append((0..<design.splitCount).map { s in
                let i = 1 + v * design.splitCount + s
                let scaled = scaledByTraining(aligned[i], design.splits[s + 1].train)
                aligned[i] = .empty
                return scaled
            })
        }
        return PerFoldInputs(full: aligned[0], stacks: stacks, inferred: inferred)
    }

    /// The perturbation input (METHOD.md 2.2): static fits on every split's training lines,
    /// and on all lines for the final model. The controls' stacks are the response's (the
    /// input uses no response and no modulator).
    static func perturbationInputs(_ data: FoldProfileData, design: CVDesign, variants: Int, threads: Int, stop: StopFlag,
                                   finished: (String) -> Void) throws -> PerFoldInputs? {
        let n = data.regulators.rows
        guard let all = try StaticPerturbation.build(data: data, train: Array(0..<n), test: [], threads: threads, stop: stop) else { return nil }
        var built = [EdgeStack(cellCount: n, entries: all)]
        finished("static perturbation, all lines")
        for s in 0..<design.splitCount {
            let (train, test) = design.splits[s + 1]
            guard let entries = try StaticPerturbation.build(data: data, train: train, test: test, threads: threads, stop: stop) else { return nil }
            built.append(EdgeStack(cellCount: n, entries: entries))
            finished("static perturbation \(design.name(split: s))")
        }
        let aligned = EdgeStack.aligned(built)
        let perSplit = (0..<design.splitCount).map { s in scaledByTraining(aligned[1 + s], design.splits[s + 1].train) }
        return PerFoldInputs(full: aligned[0], stacks: [[EdgeStack]](repeating: perSplit, count: variants), inferred: [])
    }

    /// A split's stack scaled so that its training lines' mean ||X_i||^2 is 1.
    static func scaledByTraining(_ stack: EdgeStack, _ train: [Int]) -> EdgeStack {
        let norms = stack.rows(train).squaredNorms
        let mean = norms.reduce(0, +) / Double(max(1, norms.count))
        return stack.scaled(by: mean > 0 ? 1 / mean.squareRoot() : 1)
    }

    /// Out-of-fold predictions from the inferred modulator: per split, the least-squares
    /// line of the response on the training lines' modulator, applied to each held-out line's
    /// inferred value (for a response that is the modulator, the inferred value itself).
    static func inversionPredictions(modulator: [Double], inferred: [[Double]], response: [Double], design: CVDesign, repeat r: Int,
                                     task: TRIPOptions.Task) -> [Double] {
        var out = [Double](repeating: .nan, count: response.count)
        for f in 0..<design.folds {
            let s = r * design.folds + f
            let split = design.splits[s + 1]
            var m = modulator
            for (a, i) in split.test.enumerated() { m[i] = inferred[s][a] }
            let predicted = modulatorPredictions(m, response: response, splits: [split], task: task)
            for i in split.test { out[i] = predicted[i] }
        }
        return out
    }
}
