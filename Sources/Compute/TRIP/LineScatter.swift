/// Sufficient statistics of uniform-weight elastic-net fits on a set of lines: the count,
/// the means and the centred scatter of the regulators and targets. A static fit on these
/// lines, or on them with one line removed or added, needs nothing else (METHOD.md 2.2's
/// static-network perturbation): removing line x from n lines gives
///
///     S' = S - n/(n-1) d d',   mean' = mean - d/(n-1),   d = x - mean,
///
/// and adding it gives S' = S + n/(n+1) d d', mean' = mean + d/(n+1): a rank-one change of
/// the Gram in O(q^2) instead of rebuilding it from n rows in O(n q^2).
struct LineScatter: Sendable {
    let regulatorCount: Int
    let targetCount: Int
    let count: Int
    let regulatorMeans: [Double]
    let targetMeans: [Double]
    /// sum_i (r_i - mean)(r_i - mean)', row-major q x q.
    let regulatorScatter: [Double]
    /// Row k: sum_i (y_ik - mean_k)(r_i - mean)', p x q.
    let cross: [Double]
    /// sum_i (y_ik - mean_k)^2, p.
    let targetScatter: [Double]

    /// Statistics of `lines` (rows of the n x q regulator and n x p target matrices).
    init(regulators: Matrix, targets: Matrix, lines: [Int]) {
        let q = regulators.columns, p = targets.columns, n = lines.count
        func centred(_ m: Matrix) -> (Matrix, [Double]) {
            var means = [Double](repeating: 0, count: m.columns)
            for i in lines { for j in 0..<m.columns { means[j] += m[i, j] } }
            for j in means.indices { means[j] /= Double(n) }
            var out = Matrix(rows: n, columns: m.columns)
            for (r, i) in lines.enumerated() { for j in 0..<m.columns { out[r, j] = m[i, j] - means[j] } }
            return (out, means)
        }
        let (r, rm) = centred(regulators), (y, ym) = centred(targets)
        regulatorCount = q
        targetCount = p
        count = n
        regulatorMeans = rm
        targetMeans = ym
        regulatorScatter = r.gram().values
        cross = y.transposeMultiplied(by: r).values
        targetScatter = (0..<p).map { k in (0..<n).reduce(0) { $0 + y[$1, k] * y[$1, k] } }
    }

    /// Removing (`sign` -1) or adding (+1) one line, or neither (nil).
    struct Change {
        var regulators: [Double]
        var targets: [Double]
        var sign: Double
    }

    /// The standardised problem of these lines after `change`, shared by every target: the
    /// Gram G (row-major q x q, zero rows and columns for excluded regulators), the
    /// regulators' means and sds, and what each target needs (`problem(target:)`).
    struct Standardised {
        let lines: Int
        var gram: [Double]
        var means: [Double]
        var sds: [Double]
        var excluded: [Bool]
        /// The change's scaled deviations (for the cross products), zero without a change.
        let factor: Double
        let regulatorDeviation: [Double]
        let targetDeviation: [Double]
        let targetMeans: [Double]
    }

    func standardised(_ change: Change?, regulatorScale: [Double]) -> Standardised {
        let q = regulatorCount, n = Double(count)
        let newCount = change.map { n + $0.sign } ?? n
        // f = -n/(n-1) to remove, +n/(n+1) to add.
        let factor = change.map { $0.sign * n / (n + $0.sign) } ?? 0
        let d = change.map { c in (0..<q).map { c.regulators[$0] - regulatorMeans[$0] } } ?? [Double](repeating: 0, count: q)
        let e = change.map { c in (0..<targetCount).map { c.targets[$0] - self.targetMeans[$0] } } ?? [Double](repeating: 0, count: targetCount)
        let shift = change.map { $0.sign / (n + $0.sign) } ?? 0
        var scatterDiagonal = [Double](repeating: 0, count: q)
        for j in 0..<q {
            scatterDiagonal[j] = Self.downdated(regulatorScatter[j * q + j], change: factor * d[j] * d[j])
        }
        let sds = scatterDiagonal.map { (max(0, $0) / newCount).squareRoot() }
        let excluded = (0..<q).map { sds[$0] < 1e-8 * regulatorScale[$0] || sds[$0] == 0 }
        let inverseRoot = (0..<q).map { excluded[$0] ? 0 : 1 / scatterDiagonal[$0].squareRoot() }
        var gram = [Double](repeating: 0, count: q * q)
        for j in 0..<q where !excluded[j] {
            let fj = factor * d[j], sj = inverseRoot[j]
            for l in 0..<q where !excluded[l] {
                gram[j * q + l] = (regulatorScatter[j * q + l] + fj * d[l]) * sj * inverseRoot[l]
            }
        }
        let means = (0..<q).map { regulatorMeans[$0] + shift * d[$0] }
        let shiftedTargetMeans = (0..<targetCount).map { targetMeans[$0] + shift * e[$0] }
        return Standardised(lines: Int(newCount), gram: gram, means: means, sds: sds, excluded: excluded, factor: factor,
                            regulatorDeviation: d, targetDeviation: e, targetMeans: shiftedTargetMeans)
    }

    /// A diagonal scatter entry after a rank-one change, S + change. Removing the only line in
    /// which a gene varies should leave exactly 0, but S + change then cancels to rounding
    /// noise of size eps (S + |change|), whose square root (~1e-8 of the gene's scale) can
    /// escape the 1e-8 exclusion rule. Anything within 64 eps of that is taken as 0: the gene
    /// is constant on the changed lines, as a refit from the rows would find.
    static func downdated(_ scatter: Double, change: Double) -> Double {
        let value = scatter + change
        return value <= 64 * Double.ulpOfOne * (abs(scatter) + abs(change)) ? 0 : value
    }

    /// Target k's correlations c = Z'Wu, its mean and sd, and whether it is constant, on the
    /// standardised problem `s` (weights 1 / lines).
    func target(_ k: Int, on s: Standardised, targetScale: Double)
        -> (correlations: [Double], mean: Double, sd: Double, constant: Bool) {
        let q = regulatorCount
        let scatter = Self.downdated(targetScatter[k], change: s.factor * s.targetDeviation[k] * s.targetDeviation[k])
        let sd = (max(0, scatter) / Double(s.lines)).squareRoot()
        let constant = sd < 1e-8 * targetScale || sd == 0
        var c = [Double](repeating: 0, count: q)
        if !constant {
            let fe = s.factor * s.targetDeviation[k], root = 1 / scatter.squareRoot()
            for j in 0..<q where !s.excluded[j] {
                c[j] = (cross[k * q + j] + fe * s.regulatorDeviation[j]) * root / (s.sds[j] * Double(s.lines).squareRoot())
            }
        }
        return (c, s.targetMeans[k], sd, constant)
    }
}
