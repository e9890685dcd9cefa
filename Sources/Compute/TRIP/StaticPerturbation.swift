/// The static-network perturbation input of METHOD.md 2.2 (after LIONESS, Kuijjer et al.
/// 2019). B is one static adaptive elastic net per target fitted to the n training lines
/// (uniform weights; lambda, gamma and the adaptive weights selected by mWAICc with the
/// parent run's selection options, METHOD.md 1.2). Each line's input is its influence on B,
/// scaled to a network:
///
///     training line i:  X_i = n B - (n - 1) B_-i      held-out line:  X_i = (n + 1) B_+i - n B
///
/// B_-i is B's problem without line i, B_+i with the held-out line's expression added (never
/// its response): a rank-one change of the Gram (LineScatter), solved from B's coefficients
/// as a warm start by the same exact solver. Our choice where METHOD.md is silent: B_-i and
/// B_+i keep B's lambda, gamma and adaptive weights. Re-selecting them per line would let a
/// jump to another grid point, multiplied by n, swamp the line's own influence.
///
/// Each line's input depends on its own expression and the training lines' only, so this input
/// is valid for any response, the networks' modulator included (no modulator is used at all).
public enum StaticPerturbation {
    /// One target's static fit B on the training lines: standardised coefficients (the warm
    /// start), what was selected, and the original-scale coefficients by regulator column.
    struct StaticFit: Sendable {
        var coefficients: [Double]
        var lambda: Double
        var gamma: Double
        var penalty: [Double]
        var beta: [Double]
    }

    /// Solves per split: B for each target, then one fit per line and target.
    public static func fitsPerSplit(lines: Int, targets: Int) -> Int { (lines + 1) * targets }

    /// Every line's input (training and held-out; cell = line index) for one split. nil when
    /// `stop` is raised.
    public static func build(data: FoldProfileData, train: [Int], test: [Int], threads: Int, stop: StopFlag) throws -> [EdgeStack.Entry]? {
        let q = data.regulators.columns, p = data.targets.columns
        let regulatorScale = (0..<q).map { NetworkProfiler.populationSD(data.regulators.column($0)) }
        let targetScale = (0..<p).map { NetworkProfiler.populationSD(data.targets.column($0)) }
        let scatter = LineScatter(regulators: data.regulators, targets: data.targets, lines: train)
        let base = scatter.standardised(nil, regulatorScale: regulatorScale)
        guard let selected = ParallelMap.run(count: p, threads: threads, stop: stop, body: { k -> Result<StaticFit?, Error> in
            Result { try staticFit(target: k, scatter: scatter, base: base, data: data, targetScale: targetScale[k]) }
        }) else { return nil }
        let fits = try selected.map { try $0.get() }
        let n = Double(train.count)
        let lines = train.map { ($0, -1.0) } + test.map { ($0, 1.0) }
        guard let perLine = ParallelMap.run(count: lines.count, threads: threads, stop: stop, body: { index -> Result<[EdgeStack.Entry], Error> in
            Result {
                let (line, sign) = lines[index]
                let change = LineScatter.Change(regulators: Array(data.regulators.row(line)), targets: Array(data.targets.row(line)), sign: sign)
                let changed = scatter.standardised(change, regulatorScale: regulatorScale)
                // Training: X = n B - (n - 1) B_-i; held-out: X = (n + 1) B_+i - n B.
                let (own, other) = sign < 0 ? (n, -(n - 1)) : (-n, n + 1)
                var entries: [EdgeStack.Entry] = []
                for k in 0..<p {
                    guard let fit = fits[k] else { continue }
                    let perturbed = try lineFit(target: k, fit: fit, scatter: scatter, changed: changed, data: data,
                                                targetScale: targetScale[k], line: line)
                    for j in 0..<q {
                        let value = own * fit.beta[j] + other * perturbed[j]
                        if value != 0 {
                            entries.append(EdgeStack.Entry(cell: line, regulatorGene: data.regulatorGenes[j], targetGene: data.targetGenes[k], value: value))
                        }
                    }
                }
                return entries
            }
        }) else { return nil }
        return try perLine.flatMap { try $0.get() }
    }

    /// B for target k: mWAICc selection on the training lines (nil: intercept only, no edges).
    static func staticFit(target k: Int, scatter: LineScatter, base: LineScatter.Standardised, data: FoldProfileData,
                          targetScale: Double) throws -> StaticFit? {
        let t = scatter.target(k, on: base, targetScale: targetScale)
        guard !t.constant else { return nil }
        var excluded = base.excluded
        if let own = data.targetSelfIndex[k] { excluded[own] = true }
        let problem = WeightedProblem(gram: base.gram, correlations: t.correlations, excluded: excluded, regulatorMeans: base.means,
                                      regulatorSDs: base.sds, targetMean: t.mean, targetSD: t.sd, effectiveSize: Double(base.lines))
        guard let selected = try ModelSelection.select(problem, options: data.options.selection) else { return nil }
        return StaticFit(coefficients: selected.coefficients, lambda: selected.lambda, gamma: selected.gamma, penalty: selected.penalty,
                         beta: problem.originalScale(selected.coefficients).coefficients)
    }

    /// A per-line fit whose solve did not converge, from B's warm start nor from zero. Its
    /// error, multiplied by n in the input, would swamp the line's influence, so the run fails.
    public struct NotConverged: Error, CustomStringConvertible {
        public let targetGene: Int
        public let line: Int
        public let kktViolation: Double
        public var description: String {
            "static perturbation: the fit of target gene id \(targetGene) with cell index \(line) changed did not converge "
                + "(KKT violation \(kktViolation)); no input was stored"
        }
    }

    /// B_-i or B_+i for target k (original-scale coefficients by regulator column): B's
    /// lambda, gamma and adaptive weights on the changed lines, warm-started from B, and from
    /// zero if that start does not converge. `line` names the changed line in the error.
    static func lineFit(target k: Int, fit: StaticFit, scatter: LineScatter, changed: LineScatter.Standardised, data: FoldProfileData,
                        targetScale: Double, line: Int) throws -> [Double] {
        let q = scatter.regulatorCount
        let t = scatter.target(k, on: changed, targetScale: targetScale)
        guard !t.constant else { return [Double](repeating: 0, count: q) }
        var excluded = changed.excluded
        if let own = data.targetSelfIndex[k] { excluded[own] = true }
        func solve(from start: [Double]?) -> ElasticNetSolution {
            changed.gram.withUnsafeBufferPointer {
                data.options.selection.solver.solve(gram: $0, correlations: t.correlations, lambda: fit.lambda, gamma: fit.gamma,
                                                    penalty: fit.penalty, excluded: excluded, start: start)
            }
        }
        var solution = solve(from: fit.coefficients)
        if !solution.converged { solution = solve(from: nil) }
        guard solution.converged else {
            throw NotConverged(targetGene: data.targetGenes[k], line: line, kktViolation: solution.kktViolation)
        }
        return (0..<q).map { j in solution.coefficients[j] == 0 ? 0 : solution.coefficients[j] * t.sd / changed.sds[j] }
    }
}

extension WeightedProblem {
    /// A uniform-weight problem from standardised quantities (StaticPerturbation); u'Wu = 1.
    init(gram: [Double], correlations: [Double], excluded: [Bool], regulatorMeans: [Double], regulatorSDs: [Double],
         targetMean: Double, targetSD: Double, effectiveSize: Double) {
        regulatorCount = correlations.count
        self.gram = gram
        self.correlations = correlations
        targetSumOfSquares = 1
        self.excluded = excluded
        self.regulatorMeans = regulatorMeans
        self.regulatorSDs = regulatorSDs
        self.targetMean = targetMean
        self.targetSD = targetSD
        self.effectiveSize = effectiveSize
        targetIsConstant = false
    }
}
