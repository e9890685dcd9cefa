/// The batched formulation of METHOD.md 1.5: for each kernel (cell, bandwidth) one design
/// (weights, standardised regulators, Gram by dsyrk) and the correlations with every target
/// of a batch by one dgemm; then coordinate descent per target on the shared Gram. Gives the
/// same coefficients as the per-fit path (to rounding; tested to 1e-9) at a fraction of the
/// cost, because the O(n q^2) Gram is paid once per kernel instead of once per fit.
extension NetworkProfiler {
    /// Cells per warm-start chain in the final fits (fixed: results must not depend on threads).
    public static let warmStartChunk = 16

    /// Profiles a batch of targets: bandwidths by CV (or fixed), then every cell. Work is
    /// spread over `threads` by kernel; each item is a pure function of its index, so
    /// results are bit-identical for any thread count. nil when `stop` is raised first.
    public func profile(batch: [Int], threads: Int, stop: StopFlag,
                        progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [TargetResult]? {
        let p = batch.count
        guard p > 0 else { return [] }
        let selfIndices = batch.map { targetSelfIndex[$0] }
        let scales = batch.map { targetScale[$0] }
        var bandwidths = [Double](repeating: options.fixedBandwidth ?? 0, count: p)
        var choices = [BandwidthCV?](repeating: nil, count: p)
        if options.fixedBandwidth == nil {
            let grid = options.bandwidthGrid, held = heldOut
            var trainingTargets = Matrix(rows: training.count, columns: p)
            for (r, i) in training.enumerated() { for (c, k) in batch.enumerated() { trainingTargets[r, c] = targets[i, k] } }
            let batchTargets = trainingTargets
            // Held-out cells in modulator order, in chains of at most `warmStartChunk` (as
            // even as possible): each fit tries the previous held-out cell's path supports
            // first (PathGuide). Chains depend on the held-out set alone, so results do not
            // depend on the thread count.
            let ordered = held.indices.sorted { held[$0] < held[$1] }
            let chains = (held.count + NetworkProfiler.warmStartChunk - 1) / NetworkProfiler.warmStartChunk
            let bounds = (0...chains).map { $0 * held.count / chains }
            guard let items = ParallelMap.run(count: grid.count * chains, threads: threads, stop: stop, body: { [self] index -> Result<[[Double]], Error> in
                let h = grid[index / chains], links = ordered[bounds[index % chains]..<bounds[index % chains + 1]]
                return Result {
                    let workspace = PathWorkspace()
                    var guides = [PathGuide](repeating: PathGuide(), count: p)
                    return try links.map { position -> [Double] in
                        defer { progress(p) }
                        let alpha = held[position]
                        let design = self.design(centre: modulator[alpha], bandwidth: h, useTraining: true)
                        let problems = design.problems(targets: batchTargets, selfIndices: selfIndices, targetScales: scales)
                        return try problems.enumerated().map { c, problem in
                            let fit = try select(problem, cell: alpha, warmStart: nil, workspace: workspace, guide: &guides[c]).fit
                            let error = targets[alpha, batch[c]] - predict(fit, cell: alpha)
                            return error * error
                        }
                    }
                }
            }) else { return nil }
            // squared[g * held.count + i]: held-out cell i (in held order) at bandwidth g.
            var squared = [[Double]](repeating: [], count: grid.count * held.count)
            for (index, item) in items.enumerated() {
                let g = index / chains, first = bounds[index % chains]
                for (offset, errors) in try item.get().enumerated() { squared[g * held.count + ordered[first + offset]] = errors }
            }
            let staticErrors = options.includesStaticArm ? try staticCVErrors(batch: batch, targets: batchTargets) : nil
            if options.includesStaticArm { progress(p) }
            for c in 0..<p {
                let perCell = grid.indices.map { g in (0..<held.count).map { squared[g * held.count + $0][c] } }
                let choice = BandwidthCV(grid: grid, squared: perCell, staticSquared: staticErrors?[c])
                bandwidths[c] = choice.selected
                choices[c] = choice
            }
        }
        // Final fits: per cell, one design per distinct bandwidth among the batch's targets.
        // Cells are in modulator order; each chunk of `warmStartChunk` neighbours runs in
        // order, every fit warm-started from the previous cell's answer for the same target.
        // Chunk boundaries do not depend on the thread count, so neither do the results.
        guard let perCell = try fits(centres: modulator, centreIsFitting: true, batch: batch, bandwidths: bandwidths,
                                     residualVariance: false, threads: threads, stop: stop, progress: { progress(p) }) else { return nil }
        let fits = perCell.map { $0.map(\.fit) }
        return (0..<p).map { c in
            TargetResult(target: batch[c], bandwidth: bandwidths[c], cv: choices[c], fits: (0..<cellCount).map { fits[$0][c] })
        }
    }

    /// The static arm's CV errors for a batch (METHOD.md 1.7): one uniform-weight design on
    /// the CV training cells, one fit per target, and its squared error at each held-out cell
    /// (the network is the same for all of them), [target][held-out cell]. `targets`: training
    /// cells x batch. Equal to the reference path's fit at each held-out cell with h = infinity.
    func staticCVErrors(batch: [Int], targets trainingTargets: Matrix) throws -> [[Double]] {
        let design = WeightedDesign(regulators: trainingRegulators, kernel: [Double](repeating: 1, count: training.count),
                                    regulatorScale: regulatorScale)
        let problems = design.problems(targets: trainingTargets, selfIndices: batch.map { targetSelfIndex[$0] },
                                       targetScales: batch.map { targetScale[$0] })
        return try problems.enumerated().map { c, problem in
            let fit = try select(problem, cell: heldOut[0])
            return heldOut.map { alpha in
                let error = targets[alpha, batch[c]] - predict(fit, cell: alpha)
                return error * error
            }
        }
    }
}
