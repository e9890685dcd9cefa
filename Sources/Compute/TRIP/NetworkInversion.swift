import Foundation

/// What a per-fold profile needs, for every line of a TRIP run (rows in TRIP's line order).
public struct FoldProfileData: Sendable {
    /// n x q regulator and n x p target expression, original scale.
    public var regulators: Matrix
    public var targets: Matrix
    public var targetSelfIndex: [Int?]
    /// Catalog gene ids of the regulator and target columns (the stack's gene ids).
    public var regulatorGenes: [Int]
    public var targetGenes: [Int]
    /// The options of the run whose networks are being redone fold by fold.
    public var options: ProfilerOptions
    public init(regulators: Matrix, targets: Matrix, targetSelfIndex: [Int?], regulatorGenes: [Int], targetGenes: [Int],
                options: ProfilerOptions) {
        self.regulators = regulators; self.targets = targets; self.targetSelfIndex = targetSelfIndex
        self.regulatorGenes = regulatorGenes; self.targetGenes = targetGenes; self.options = options
    }

    /// Fits of one split: training lines at their own modulator, held-out lines at one
    /// inferred value each, and the inversion grid (each counts one design per target batch).
    public func fitsPerSplit(train: Int, test: Int) -> Int {
        return (options.cvFits(cells: train) + train + test + NetworkInversion.gridSize) * targets.columns
    }
}

/// One split's inputs under the leakage rule (METHOD.md 2.1-2.2): every line's network (or
/// RE) from a profile of the training lines alone, held-out lines at the modulator inferred
/// from their own expression.
public struct FoldNetworks: Sendable {
    /// Non-zero entries of every line (cell = TRIP line index), training and held-out.
    public var entries: [EdgeStack.Entry]
    /// Per held-out line, in the split's test order: the posterior mean of its modulator
    /// (raw units) and the posterior sd.
    public var inferred: [Double]
    public var inferredSD: [Double]
    public init(entries: [EdgeStack.Entry], inferred: [Double], inferredSD: [Double]) {
        self.entries = entries; self.inferred = inferred; self.inferredSD = inferredSD
    }
}

/// Network inversion (METHOD.md 2.2): loglik(g) = -1/2 sum_k [(x_k - beta0_k(g) -
/// sum_j beta_jk(g) x_j)^2 / s2_k(g) + log s2_k(g)] on a grid of the training modulator's
/// quantiles (the grid is the empirical prior); the posterior mean is the line's modulator.
public enum NetworkInversion {
    /// Grid points: quantiles 0, 1/40, ..., 1 of the training modulator (METHOD.md 2.2).
    public static let gridSize = 41

    /// Type-7 quantiles at k / (count - 1), k = 0 ..< count.
    static func quantileGrid(_ values: [Double], count: Int) -> [Double] {
        let sorted = values.sorted(), n = sorted.count
        return (0..<count).map { k in
            let position = Double(k) / Double(count - 1) * Double(n - 1)
            let low = Int(position.rounded(.down)), high = min(n - 1, low + 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
    }

    /// Posterior mean and sd of g on `grid` from log-likelihoods (uniform weight per point).
    static func posterior(logLikelihood: [Double], grid: [Double]) -> (mean: Double, sd: Double) {
        let top = logLikelihood.max() ?? 0
        let weights = logLikelihood.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        let mean = zip(weights, grid).reduce(0) { $0 + $1.0 * $1.1 } / total
        let variance = zip(weights, grid).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) } / total
        return (mean, variance.squareRoot())
    }

    /// loglik(g) of one line's expression for every grid point; `grid[g][c]` is target c's fit.
    static func logLikelihood(line i: Int, data: FoldProfileData, grid: [[NetworkProfiler.CentreFit]], floors: [Double]) -> [Double] {
        grid.map { fits in
            var total = 0.0
            for (c, centre) in fits.enumerated() {
                let prediction = centre.fit.edges.reduce(centre.fit.intercept) { $0 + $1.beta * data.regulators[i, $1.regulator] }
                let residual = data.targets[i, c] - prediction
                let s2 = max(centre.residualVariance, floors[c])
                total += residual * residual / s2 + log(s2)
            }
            return -0.5 * total
        }
    }

    /// Profiles the training lines along `modulator` (raw, one per line; only training
    /// lines' values are read), infers each held-out line's modulator from its expression,
    /// and returns every line's input. `input` .re multiplies by the line's own expression.
    /// nil when `stop` is raised.
    public static func build(data: FoldProfileData, modulator: [Double], train: [Int], test: [Int], input: TRIPOptions.Input,
                             threads: Int, stop: StopFlag) throws -> FoldNetworks? {
        func rows(_ m: Matrix, _ lines: [Int]) -> Matrix {
            var out = Matrix(rows: lines.count, columns: m.columns)
            for (r, i) in lines.enumerated() { for j in 0..<m.columns { out[r, j] = m[i, j] } }
            return out
        }
        let trainValues = train.map { modulator[$0] }
        let profiler = try NetworkProfiler(modulator: trainValues, regulators: rows(data.regulators, train), targets: rows(data.targets, train),
                                           targetSelfIndex: data.targetSelfIndex, options: data.options)
        let batch = Array(0..<data.targets.columns)
        guard let results = try profiler.profile(batch: batch, threads: threads, stop: stop) else { return nil }
        let bandwidths = results.map(\.bandwidth)
        // The grid and the inferred values live on the training lines' standardised scale.
        let grid = quantileGrid(profiler.modulator, count: gridSize)
        guard let gridFits = try profiler.fits(centres: grid, batch: batch, bandwidths: bandwidths, threads: threads, stop: stop) else { return nil }
        let floors = (0..<data.targets.columns).map { c -> Double in
            let column = train.map { data.targets[$0, c] }
            let mean = column.reduce(0, +) / Double(column.count)
            return max(1e-12, 1e-6 * column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count))
        }
        let posteriors = test.map { posterior(logLikelihood: logLikelihood(line: $0, data: data, grid: gridFits, floors: floors), grid: grid) }
        // Held-out fits in order of their inferred value (good warm starts), put back after.
        let order = posteriors.indices.sorted { posteriors[$0].mean < posteriors[$1].mean }
        guard let sortedFits = try profiler.fits(centres: order.map { posteriors[$0].mean }, batch: batch, bandwidths: bandwidths,
                                                 threads: threads, stop: stop) else { return nil }
        var testFits = [[NetworkProfiler.CentreFit]](repeating: [], count: test.count)
        for (position, t) in order.enumerated() { testFits[t] = sortedFits[position] }

        // Every line's edges (gene ids); RE keeps the pairs present in some line of the split.
        func edges(line: Int, fits: [CellFit]) -> [RegulatoryEffect.Edge] {
            fits.enumerated().flatMap { c, fit in
                fit.edges.map { RegulatoryEffect.Edge(cell: line, regulator: data.regulatorGenes[$0.regulator], target: data.targetGenes[c], beta: $0.beta) }
            }
        }
        let perLine = train.enumerated().map { r, line in edges(line: line, fits: results.map { $0.fits[r] }) }
            + test.enumerated().map { t, line in edges(line: line, fits: testFits[t].map(\.fit)) }
        var entries: [EdgeStack.Entry] = []
        switch input {
        case .beta, .perturbation:     // .perturbation never profiles along a modulator
            entries = perLine.flatMap { $0.map { EdgeStack.Entry(cell: $0.cell, regulatorGene: $0.regulator, targetGene: $0.target, value: $0.beta) } }
        case .re:
            struct Pair: Hashable { var regulator: Int, target: Int }
            let present = Set(perLine.flatMap { $0.map { Pair(regulator: $0.regulator, target: $0.target) } })
            let column = Dictionary(data.regulatorGenes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            for (line, lineEdges) in zip(train + test, perLine) {
                let values = RegulatoryEffect.cellMatrix(edges: lineEdges, expression: { gene in column[gene].map { data.regulators[line, $0] } ?? 0 },
                                                         keep: { present.contains(Pair(regulator: $0, target: $1)) })
                entries += values.map { EdgeStack.Entry(cell: line, regulatorGene: $0.regulator, targetGene: $0.target, value: $0.value) }
            }
        }
        let mean = trainValues.reduce(0, +) / Double(train.count)
        let sd = (trainValues.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(train.count)).squareRoot()
        return FoldNetworks(entries: entries, inferred: posteriors.map { mean + sd * $0.mean }, inferredSD: posteriors.map { sd * $0.sd })
    }
}
