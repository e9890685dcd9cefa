import COpenBLAS

/// One fit's problem in standardised coordinates (METHOD.md 1.1): the weighted Gram of the
/// standardised regulators G = Z'WZ, the correlations c = Z'Wu, u'Wu, the scaling needed to
/// go back to the original scale, and N = sum K.
public struct WeightedProblem: Sendable {
    public let regulatorCount: Int
    /// Row-major q x q.
    public var gram: [Double]
    public var correlations: [Double]
    public var targetSumOfSquares: Double
    public var excluded: [Bool]
    public var regulatorMeans: [Double]
    public var regulatorSDs: [Double]
    public var targetMean: Double
    public var targetSD: Double
    /// Effective sample size N = sum_i K_i (our choice, METHOD.md 1.2).
    public var effectiveSize: Double
    /// True when the target's weighted sd is negligible: intercept-only model.
    public var targetIsConstant: Bool

    /// Builds the problem from original-scale data.
    /// - Parameters:
    ///   - regulators: n x q, rows = fitting cells.
    ///   - target: n values.
    ///   - kernel: unnormalised kernel values K_i (n).
    ///   - selfIndex: the regulator column that is the target gene itself (excluded).
    ///   - regulatorScale / targetScale: unweighted sds over the run's cells, for the
    ///     1e-8 relative exclusion rule.
    public init(regulators: Matrix, target: [Double], kernel: [Double], selfIndex: Int?,
                regulatorScale: [Double], targetScale: Double) {
        let n = regulators.rows, q = regulators.columns
        regulatorCount = q
        let total = kernel.reduce(0, +)
        effectiveSize = total
        let w = kernel.map { $0 / total }
        // Weighted means and sds (normalised weights).
        var means = [Double](repeating: 0, count: q)
        for i in 0..<n where w[i] != 0 {
            let wi = w[i]
            for j in 0..<q { means[j] += wi * regulators.values[i * q + j] }
        }
        var variances = [Double](repeating: 0, count: q)
        for i in 0..<n where w[i] != 0 {
            let wi = w[i]
            for j in 0..<q {
                let d = regulators.values[i * q + j] - means[j]
                variances[j] += wi * d * d
            }
        }
        let sds = variances.map { $0.squareRoot() }
        var excluded = (0..<q).map { sds[$0] < 1e-8 * regulatorScale[$0] || sds[$0] == 0 }
        if let selfIndex { excluded[selfIndex] = true }
        let tMean = zip(w, target).reduce(0) { $0 + $1.0 * $1.1 }
        let tSD = zip(w, target).reduce(0) { $0 + $1.0 * ($1.1 - tMean) * ($1.1 - tMean) }.squareRoot()
        regulatorMeans = means
        regulatorSDs = sds
        targetMean = tMean
        targetSD = tSD
        self.excluded = excluded
        targetIsConstant = tSD < 1e-8 * targetScale || tSD == 0
        // sqrt(w) * Z and sqrt(w) * u, then G by dsyrk and c by dgemv.
        var scaled = Matrix(rows: n, columns: q)
        var scaledTarget = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let root = w[i].squareRoot()
            scaledTarget[i] = targetIsConstant ? 0 : root * (target[i] - tMean) / tSD
            for j in 0..<q where !excluded[j] {
                scaled.values[i * q + j] = root * (regulators.values[i * q + j] - means[j]) / sds[j]
            }
        }
        gram = scaled.gram().values
        var c = [Double](repeating: 0, count: q)
        if n > 0 && q > 0 {
            scaled.values.withUnsafeBufferPointer { a in
                cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(q), 1.0, a.baseAddress, Int32(q),
                            scaledTarget, 1, 0.0, &c, 1)
            }
        }
        correlations = c
        targetSumOfSquares = scaledTarget.reduce(0) { $0 + $1 * $1 }
    }

    /// beta_j = b_j sd_w(t) / sd_w(r_j); beta_0 = mean_w(t) - sum_j beta_j mean_w(r_j).
    public func originalScale(_ b: [Double]) -> (intercept: Double, coefficients: [Double]) {
        var beta = [Double](repeating: 0, count: b.count)
        var intercept = targetMean
        for j in 0..<b.count where b[j] != 0 {
            beta[j] = b[j] * targetSD / regulatorSDs[j]
            intercept -= beta[j] * regulatorMeans[j]
        }
        return (intercept, beta)
    }

    /// Weighted residual mean square s2 = u'Wu - 2 b'c + b'Gb (normalised weights).
    public func residualVariance(_ b: [Double]) -> Double {
        let q = regulatorCount
        let active = (0..<q).filter { b[$0] != 0 }
        var bc = 0.0, bGb = 0.0
        for j in active {
            bc += b[j] * correlations[j]
            var row = 0.0
            for l in active { row += gram[j * q + l] * b[l] }
            bGb += b[j] * row
        }
        return targetSumOfSquares - 2 * bc + bGb
    }
}
