/// Fits at modulator values that are not a cell's own (METHOD.md 2.2): the grid of the
/// network inversion and the inferred modulator of a held-out line. Each fit uses every cell
/// of the profiler, exactly as a cell's own fit does, and also reports its residual variance.
extension NetworkProfiler {
    /// One target's fit at one centre with the kernel-weighted residual variance
    /// s2 = sum_i w_i (y_i - yhat_i)^2 (weights normalised to sum 1) over the profiler's cells.
    public struct CentreFit: Sendable, Equatable {
        public var fit: CellFit
        public var residualVariance: Double
    }

    /// Fits every target of `batch` at each of `centres` (standardised modulator values),
    /// target c with bandwidth `bandwidths[c]`. Centres are taken in chunks of
    /// `warmStartChunk` in the order given (sort them for good warm starts); chunk boundaries
    /// depend on the count alone, so results are bit-identical for any thread count.
    /// Returns fits[centre][c], or nil when `stop` is raised first.
    public func fits(centres: [Double], batch: [Int], bandwidths: [Double], threads: Int,
                     stop: StopFlag) throws -> [[CentreFit]]? {
        try fits(centres: centres, centreIsFitting: false, batch: batch, bandwidths: bandwidths, residualVariance: true,
                 threads: threads, stop: stop, progress: {})
    }

    /// The fits of `fits(centres:...)`; `centreIsFitting`: the centres are the cells' own
    /// values (a cell is not its own kNN neighbour), as in a profile's final fits, which also
    /// skip the residual variance (reported as 0). `progress` is called once per centre.
    func fits(centres: [Double], centreIsFitting: Bool, batch: [Int], bandwidths: [Double], residualVariance withVariance: Bool,
              threads: Int, stop: StopFlag, progress: @escaping @Sendable () -> Void) throws -> [[CentreFit]]? {
        let p = batch.count
        guard p > 0, !centres.isEmpty else { return centres.map { _ in [] } }
        let selfIndices = batch.map { targetSelfIndex[$0] }
        let scales = batch.map { targetScale[$0] }
        // A static target (h = infinity) has one network for every centre: fitted once here
        // on uniform weights over every cell, not once per centre.
        let staticFits = try staticCentreFits(batch: batch, members: bandwidths.indices.filter { bandwidths[$0].isInfinite },
                                              residualVariance: withVariance)
        let distinct = Array(Set(bandwidths.filter(\.isFinite))).sorted()
        let groups = distinct.map { h in bandwidths.indices.filter { bandwidths[$0] == h } }
        let groupTargets = groups.map { members -> Matrix in
            var m = Matrix(rows: cellCount, columns: members.count)
            for i in 0..<cellCount { for (c, member) in members.enumerated() { m[i, c] = targets[i, batch[member]] } }
            return m
        }
        let chunk = NetworkProfiler.warmStartChunk
        let chunkCount = (centres.count + chunk - 1) / chunk
        guard let perChunk = ParallelMap.run(count: chunkCount, threads: threads, stop: stop, body: { [self] index -> Result<[[CentreFit]], Error> in
            Result {
                var warmStarts = [[Double]?](repeating: nil, count: p)
                var guides = [PathGuide](repeating: PathGuide(), count: p)
                let workspace = PathWorkspace()
                var out: [[CentreFit]] = []
                for a in (index * chunk)..<min(centres.count, (index + 1) * chunk) {
                    defer { progress() }
                    var fits = [CentreFit?](repeating: nil, count: p)
                    for (member, fit) in staticFits {
                        fits[member] = fit
                        fits[member]!.fit.cell = a
                    }
                    for (g, h) in distinct.enumerated() {
                        let members = groups[g]
                        let (design, problems) = StageTimes.design {
                            let kernel = KernelWeights.kernel(fitting: modulator, centre: centres[a], bandwidth: h, kind: options.kernel,
                                                              neighbours: options.neighbours, centreIsFitting: centreIsFitting)
                            let design = WeightedDesign(regulators: regulators, kernel: kernel, regulatorScale: regulatorScale)
                            return (design, design.problems(targets: groupTargets[g], selfIndices: members.map { selfIndices[$0] },
                                                            targetScales: members.map { scales[$0] }))
                        }
                        for (m, member) in members.enumerated() {
                            let selected = try StageTimes.solve {
                                try select(problems[m], cell: a, warmStart: warmStarts[member], workspace: workspace, guide: &guides[member])
                            }
                            warmStarts[member] = selected.coefficients
                            let variance = withVariance ? residualVariance(selected.fit, target: batch[member], weights: design.weights) : 0
                            fits[member] = CentreFit(fit: selected.fit, residualVariance: variance)
                        }
                    }
                    out.append(fits.map { $0! })
                }
                return out
            }
        }) else { return nil }
        return try perChunk.flatMap { try $0.get() }
    }

    /// The fits of the static targets `members` (indices into `batch`): one uniform-weight
    /// design over every cell, one selection per target, with the residual variance under
    /// those weights. Cell fields are set by the caller.
    func staticCentreFits(batch: [Int], members: [Int], residualVariance withVariance: Bool) throws -> [(Int, CentreFit)] {
        guard !members.isEmpty else { return [] }
        let design = WeightedDesign(regulators: regulators, kernel: [Double](repeating: 1, count: cellCount), regulatorScale: regulatorScale)
        let problems = design.problems(targets: targets.columns(members.map { batch[$0] }), selfIndices: members.map { targetSelfIndex[batch[$0]] },
                                       targetScales: members.map { targetScale[batch[$0]] })
        return try members.enumerated().map { m, member in
            let fit = try select(problems[m], cell: 0)
            let variance = withVariance ? residualVariance(fit, target: batch[member], weights: design.weights) : 0
            return (member, CentreFit(fit: fit, residualVariance: variance))
        }
    }

    /// sum_i w_i (y_ik - beta_0 - sum_j beta_j r_ij)^2 over the profiler's cells.
    func residualVariance(_ fit: CellFit, target k: Int, weights: [Double]) -> Double {
        var total = 0.0
        for i in 0..<cellCount where weights[i] != 0 {
            let r = targets[i, k] - predict(fit, cell: i)
            total += weights[i] * r * r
        }
        return total
    }
}
