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

    /// Builds the problem from original-scale data (the straightforward per-fit path).
    /// - Parameters:
    ///   - regulators: n x q, rows = fitting cells.
    ///   - target: n values.
    ///   - kernel: unnormalised kernel values K_i (n).
    ///   - selfIndex: the regulator column that is the target gene itself (excluded).
    ///   - regulatorScale / targetScale: unweighted sds over the run's cells, for the
    ///     1e-8 relative exclusion rule.
    public init(regulators: Matrix, target: [Double], kernel: [Double], selfIndex: Int?,
                regulatorScale: [Double], targetScale: Double) {
        let design = WeightedDesign(regulators: regulators, kernel: kernel, regulatorScale: regulatorScale)
        self = design.problem(target: target, selfIndex: selfIndex, targetScale: targetScale)
    }

    init(design: WeightedDesign, correlations: [Double], targetSumOfSquares: Double, selfIndex: Int?,
         targetMean: Double, targetSD: Double, targetIsConstant: Bool) {
        regulatorCount = design.regulatorCount
        gram = design.gram
        self.correlations = correlations
        self.targetSumOfSquares = targetSumOfSquares
        var excluded = design.excluded
        if let selfIndex { excluded[selfIndex] = true }
        self.excluded = excluded
        regulatorMeans = design.means
        regulatorSDs = design.sds
        self.targetMean = targetMean
        self.targetSD = targetSD
        effectiveSize = design.effectiveSize
        self.targetIsConstant = targetIsConstant
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

    /// s2 of a solution from its residual correlations g = c - G b: b'Gb = b'c - b'g, so
    /// s2 = u'Wu - b'c - b'g, in O(q).
    func residualVariance(_ solution: ElasticNetSolution) -> Double {
        let b = solution.coefficients, g = solution.residualCorrelations
        var s2 = targetSumOfSquares
        for j in 0..<b.count where b[j] != 0 { s2 -= b[j] * (correlations[j] + g[j]) }
        return s2
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
