import CDenseKernels

/// The part of a fit that does not depend on the target (METHOD.md 1.5): for one kernel
/// (cell alpha, bandwidth h) the normalised weights, the weighted means and sds of the
/// regulators, sqrt(w) * Z and the Gram G = Z'WZ (dsyrk). One design serves every target:
/// `problems(targets:)` gets all their correlations c = Z'Wu in one pass over Z
/// (sn_transpose_product, not a BLAS dgemm: each target's c is summed in the same order
/// whatever else is in its batch, so a fit is a pure function of its own inputs and a run is
/// bit-identical for any --batch and after any resume).
public struct WeightedDesign: Sendable {
    public let regulatorCount: Int
    let rows: Int
    let weights: [Double]
    /// sqrt(w_i) z_ij, row-major n x q.
    let scaled: Matrix
    let gram: [Double]
    let means: [Double]
    let sds: [Double]
    let excluded: [Bool]
    let effectiveSize: Double

    public init(regulators: Matrix, kernel: [Double], regulatorScale: [Double]) {
        let n = regulators.rows, q = regulators.columns
        regulatorCount = q
        rows = n
        let total = kernel.reduce(0, +)
        effectiveSize = total
        let w = kernel.map { $0 / total }
        weights = w
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
        let excluded = (0..<q).map { sds[$0] < 1e-8 * regulatorScale[$0] || sds[$0] == 0 }
        var scaled = Matrix(rows: n, columns: q)
        for i in 0..<n {
            let root = w[i].squareRoot()
            for j in 0..<q where !excluded[j] {
                scaled.values[i * q + j] = root * (regulators.values[i * q + j] - means[j]) / sds[j]
            }
        }
        self.means = means
        self.sds = sds
        self.excluded = excluded
        self.scaled = scaled
        gram = scaled.gram().values
    }

    /// Weighted mean and sd of one target, its sqrt(w)-scaled standardised values, and
    /// whether it is constant under these weights.
    func response(_ target: UnsafeBufferPointer<Double>, stride: Int, targetScale: Double)
        -> (mean: Double, sd: Double, constant: Bool, scaled: [Double]) {
        var mean = 0.0
        for i in 0..<rows { mean += weights[i] * target[i * stride] }
        var variance = 0.0
        for i in 0..<rows { let d = target[i * stride] - mean; variance += weights[i] * d * d }
        let sd = variance.squareRoot()
        let constant = sd < 1e-8 * targetScale || sd == 0
        var u = [Double](repeating: 0, count: rows)
        if !constant { for i in 0..<rows { u[i] = weights[i].squareRoot() * (target[i * stride] - mean) / sd } }
        return (mean, sd, constant, u)
    }

    /// One target's problem (the per-fit path): the same arithmetic as a batch of one.
    public func problem(target: [Double], selfIndex: Int?, targetScale: Double) -> WeightedProblem {
        problems(targets: Matrix(rows: target.count, columns: 1, values: target), selfIndices: [selfIndex],
                 targetScales: [targetScale])[0]
    }

    /// Every target's problem at once: targets is n x p (columns = targets); c_k = (sqrt(w) Z)'
    /// (sqrt(w) u_k) for each, in one pass over Z.
    public func problems(targets: Matrix, selfIndices: [Int?], targetScales: [Double]) -> [WeightedProblem] {
        let p = targets.columns, q = regulatorCount
        var responses: [(mean: Double, sd: Double, constant: Bool, scaled: [Double])] = []
        responses.reserveCapacity(p)
        targets.values.withUnsafeBufferPointer { t in
            for k in 0..<p {
                responses.append(response(UnsafeBufferPointer(rebasing: t[k...]), stride: p, targetScale: targetScales[k]))
            }
        }
        let u = responses.flatMap(\.scaled)                // p x n, one target per row
        var c = [Double](repeating: 0, count: p * q)       // p x q, one target per row
        scaled.values.withUnsafeBufferPointer { a in
            sn_transpose_product(rows, q, a.baseAddress, q, p, u, rows, &c, q)
        }
        return (0..<p).map { k in
            WeightedProblem(design: self, correlations: Array(c[(k * q)..<((k + 1) * q)]),
                            targetSumOfSquares: responses[k].scaled.reduce(0) { $0 + $1 * $1 }, selfIndex: selfIndices[k],
                            targetMean: responses[k].mean, targetSD: responses[k].sd, targetIsConstant: responses[k].constant)
        }
    }
}
