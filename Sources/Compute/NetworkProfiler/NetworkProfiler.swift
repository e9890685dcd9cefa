/// Stage 1 of METHOD.md: one network per cell line. Holds the run's data (cells in
/// modulator order) and fits one target at a time; fits of one target run in parallel and
/// each is a pure function of (target, cell, bandwidth), so results are bit-identical for
/// any number of threads.
public final class NetworkProfiler: Sendable {
    /// Standardised modulator values of the run's cells (METHOD.md 1.1).
    public let modulator: [Double]
    /// n x q original-scale regulator expression; rows = run cells.
    public let regulators: Matrix
    /// n x p original-scale target expression; columns = targets.
    public let targets: Matrix
    /// For each target, the regulator column of the same gene (the excluded self-edge).
    public let targetSelfIndex: [Int?]
    public let options: ProfilerOptions
    /// The held-out cells of the bandwidth CV (indices into run cells), drawn once per run.
    public let heldOut: [Int]
    let training: [Int]
    let trainingRegulators: Matrix
    let regulatorScale: [Double]
    /// Unweighted sd of each target over the run's cells (exclusion rule of METHOD.md 1.1).
    let targetScale: [Double]

    public enum Failure: Error, CustomStringConvertible {
        case constantModulator
        case tooFewCells(Int)
        case shapeMismatch(String)
        /// The held-out set asked for (size) does not fit n cells.
        case heldOutSize(Int, cells: Int)
        /// k of the knn kernel must lie in 1...n - 1.
        case neighbours(Int, cells: Int)
        public var description: String {
            switch self {
            case .constantModulator: return "the modulator is constant over the run's cells; nothing can vary with it"
            case let .tooFewCells(n): return "bandwidth cross-validation needs at least 5 cells with a held-out set; have \(n) (pass --bandwidth)"
            case let .shapeMismatch(what): return "input shapes disagree: \(what)"
            case let .heldOutSize(size, n):
                return "--held-out \(size) does not fit \(n) cells: bandwidth CV needs at least 1 held-out and 3 training cells (1...\(max(1, n - 3)))"
            case let .neighbours(k, n): return "--neighbours \(k) does not fit \(n) cells: k must lie in 1...\(max(1, n - 1))"
            }
        }
    }

    /// - Parameter modulator: raw modulator values of the run's cells, in run order.
    public init(modulator raw: [Double], regulators: Matrix, targets: Matrix, targetSelfIndex: [Int?],
                options: ProfilerOptions) throws {
        guard regulators.rows == raw.count, targets.rows == raw.count, targetSelfIndex.count == targets.columns else {
            throw Failure.shapeMismatch("\(raw.count) cells, regulators \(regulators.rows)x\(regulators.columns), targets \(targets.rows)x\(targets.columns)")
        }
        guard let standardised = KernelWeights.standardise(raw) else { throw Failure.constantModulator }
        if options.kernel == .knn, !(1..<raw.count).contains(options.neighbours) { throw Failure.neighbours(options.neighbours, cells: raw.count) }
        modulator = standardised
        self.regulators = regulators
        self.targets = targets
        self.targetSelfIndex = targetSelfIndex
        self.options = options
        let n = raw.count
        if options.fixedBandwidth == nil {
            let size = options.heldOut(cells: n)
            if let asked = options.heldOutSize, asked < 1 || n - asked < 3 { throw Failure.heldOutSize(asked, cells: n) }
            guard size >= 1, n - size >= 3 else { throw Failure.tooFewCells(n) }
            var rng = SplitMix64(seed: options.seed)
            heldOut = rng.sample(size, from: n)
        } else {
            heldOut = []
        }
        let held = Set(heldOut)
        training = (0..<n).filter { !held.contains($0) }
        trainingRegulators = regulators.rows(training)
        regulatorScale = (0..<regulators.columns).map { Self.populationSD(regulators.column($0)) }
        targetScale = (0..<targets.columns).map { Self.populationSD(targets.column($0)) }
    }

    /// Unweighted sd (divisor n) of a gene over lines: the scale of the 1e-8 exclusion rule
    /// (METHOD.md 1.1), here and in StaticPerturbation.
    static func populationSD(_ column: [Double]) -> Double {
        let mean = column.reduce(0, +) / Double(column.count)
        return (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
    }

    public var cellCount: Int { modulator.count }
    public var regulatorCount: Int { regulators.columns }
    public var targetCount: Int { targets.columns }

    /// Fits the selection of METHOD.md 1.2 for target `k` with the kernel centred at
    /// `centre`, on all cells or the CV training cells: the straightforward per-fit path,
    /// which builds its own design (kept as the reference for the batched path).
    func fit(target k: Int, centre: Double, bandwidth h: Double, cell: Int, useTraining: Bool) throws -> CellFit {
        let design = self.design(centre: centre, bandwidth: h, useTraining: useTraining)
        let rows = useTraining ? training : Array(0..<cellCount)
        let problem = design.problem(target: rows.map { targets[$0, k] }, selfIndex: targetSelfIndex[k], targetScale: targetScale[k])
        return try select(problem, cell: cell)
    }

    /// The design (weights, standardised regulators, Gram) of one kernel.
    func design(centre: Double, bandwidth h: Double, useTraining: Bool) -> WeightedDesign {
        let rows = useTraining ? training : Array(0..<cellCount)
        let kernel = KernelWeights.kernel(fitting: rows.map { modulator[$0] }, centre: centre, bandwidth: h, kind: options.kernel,
                                          neighbours: options.neighbours, centreIsFitting: !useTraining)
        return WeightedDesign(regulators: useTraining ? trainingRegulators : regulators, kernel: kernel, regulatorScale: regulatorScale)
    }

    /// Model selection on one problem, reported on the original scale.
    func select(_ problem: WeightedProblem, cell: Int) throws -> CellFit {
        try select(problem, cell: cell, warmStart: nil).fit
    }

    /// Model selection on one problem; also returns the standardised coefficients, the warm
    /// start for the next cell in modulator order (nil for the intercept-only fallback).
    /// `guide` carries the previous cell's path supports in and this cell's out (PathGuide).
    func select(_ problem: WeightedProblem, cell: Int, warmStart: [Double]?,
                workspace: PathWorkspace = PathWorkspace()) throws -> (fit: CellFit, coefficients: [Double]?) {
        var guide = PathGuide()
        return try select(problem, cell: cell, warmStart: warmStart, workspace: workspace, guide: &guide)
    }

    func select(_ problem: WeightedProblem, cell: Int, warmStart: [Double]?, workspace: PathWorkspace,
                guide: inout PathGuide) throws -> (fit: CellFit, coefficients: [Double]?) {
        let interceptOnly = CellFit(cell: cell, intercept: problem.targetMean, edges: [], lambda: nil, gamma: nil,
                                    mWAICc: nil, degreesOfFreedom: nil, fallback: true, kktViolation: 0)
        guard !problem.targetIsConstant,
              let selected = try ModelSelection.select(problem, options: options.selection, warmStart: warmStart,
                                                       workspace: workspace, guide: &guide) else {
            return (interceptOnly, nil)
        }
        let (intercept, beta) = problem.originalScale(selected.coefficients)
        let edges = beta.enumerated().filter { $0.element != 0 }.map { RegulatorBeta(regulator: $0.offset, beta: $0.element) }
        let fit = CellFit(cell: cell, intercept: intercept, edges: edges, lambda: selected.lambda, gamma: selected.gamma,
                          mWAICc: selected.mWAICc.isNaN ? nil : selected.mWAICc, degreesOfFreedom: selected.degreesOfFreedom,
                          fallback: false, kktViolation: selected.kktViolation)
        return (fit, selected.coefficients)
    }

    /// Prediction of the target in `cell` from a fit: beta_0 + sum_j beta_j r_j.
    func predict(_ fit: CellFit, cell: Int) -> Double {
        fit.edges.reduce(fit.intercept) { $0 + $1.beta * regulators[cell, $1.regulator] }
    }

    /// The number of fits a profile performs per target (for progress).
    public var fitsPerTarget: Int { options.cvFits(cells: cellCount) + cellCount }

    /// Profiles target `k`: bandwidth by CV (or fixed), then one fit per cell. Returns nil
    /// when `stop` is raised first. `progress` is called (from worker threads) once per fit.
    /// The straightforward reference for the batched path: the static arm is simply h =
    /// infinity on the grid (the kernel is then 1 everywhere), fitted at every held-out cell
    /// and every cell although its network is the same for all.
    public func profile(target k: Int, threads: Int, stop: StopFlag,
                        progress: @escaping @Sendable () -> Void = {}) throws -> TargetResult? {
        var bandwidth = options.fixedBandwidth ?? 0
        var cv: BandwidthCV?
        if options.fixedBandwidth == nil {
            let finite = options.bandwidthGrid
            let grid = finite + (options.includesStaticArm ? [Double.infinity] : [])
            let held = heldOut
            let jobs = grid.count * held.count
            guard let squared = ParallelMap.run(count: jobs, threads: threads, stop: stop, body: { [self] index -> Result<Double, Error> in
                // The static arm counts as one fit (fitsPerTarget), like the batched path's.
                defer { if index <= finite.count * held.count { progress() } }
                let h = grid[index / held.count], alpha = held[index % held.count]
                return Result {
                    let fit = try self.fit(target: k, centre: modulator[alpha], bandwidth: h, cell: alpha, useTraining: true)
                    let error = targets[alpha, k] - predict(fit, cell: alpha)
                    return error * error
                }
            }) else { return nil }
            let values = try squared.map { try $0.get() }
            let squaredByH = grid.indices.map { g in Array(values[(g * held.count)..<((g + 1) * held.count)]) }
            let choice = BandwidthCV(grid: finite, squared: Array(squaredByH.prefix(finite.count)),
                                     staticSquared: options.includesStaticArm ? squaredByH.last : nil)
            bandwidth = choice.selected
            cv = choice
        }
        let h = bandwidth
        guard let fits = ParallelMap.run(count: cellCount, threads: threads, stop: stop, body: { [self] alpha -> Result<CellFit, Error> in
            defer { progress() }
            return Result { try self.fit(target: k, centre: modulator[alpha], bandwidth: h, cell: alpha, useTraining: false) }
        }) else { return nil }
        return TargetResult(target: k, bandwidth: bandwidth, cv: cv, fits: try fits.map { try $0.get() })
    }
}
