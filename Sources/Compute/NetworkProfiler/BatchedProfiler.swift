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
        var cvErrors = [[Double]](repeating: [], count: p)
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
            for c in 0..<p {
                cvErrors[c] = grid.indices.map { g in (0..<held.count).reduce(0.0) { $0 + squared[g * held.count + $1][c] } }
                var best = 0
                for g in grid.indices where cvErrors[c][g] < cvErrors[c][best] { best = g }    // ties: first in grid order
                bandwidths[c] = grid[best]
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
            TargetResult(target: batch[c], bandwidth: bandwidths[c], cvErrors: cvErrors[c], fits: (0..<cellCount).map { fits[$0][c] })
        }
    }
}
