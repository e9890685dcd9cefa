/// The result of one elastic-net solve. Non-convergence is a field, not an error.
public struct ElasticNetSolution: Sendable, Equatable {
    /// Standardised coefficients b (zero for excluded coordinates).
    public var coefficients: [Double]
    /// Full coordinate sweeps performed.
    public var sweeps: Int
    /// Largest violation of the KKT conditions of METHOD.md 1.1 at the returned point.
    public var kktViolation: Double
    public var converged: Bool
}

/// Covariance-mode coordinate descent for the weighted adaptive elastic net of METHOD.md 1.1
/// in standardised coordinates:
///
///     min_b 1/2 sum_i w_i (u_i - z_i b)^2 + lambda sum_j a_j |b_j| + gamma/2 sum_j b_j^2
///
/// given only the Gram G = Z'WZ and correlations c = Z'Wu. With g = c - G b, coordinate j's
/// exact minimiser is b_j = S(g_j + G_jj b_j, lambda a_j) / (G_jj + gamma), S the soft
/// threshold. Sweeps alternate between all coordinates and the active set; the solve ends only
/// after a full sweep that changes nothing beyond `tolerance` and passes the KKT check.
public struct ElasticNetSolver: Sendable, Equatable, Codable {
    /// Convergence: the largest coordinate change (times sqrt(G_jj + gamma)) in a sweep.
    public var tolerance: Double = 1e-13
    public var maxSweeps: Int = 100_000

    public init(tolerance: Double = 1e-13, maxSweeps: Int = 100_000) {
        self.tolerance = tolerance
        self.maxSweeps = maxSweeps
    }

    /// Solves from the warm start `start` (zeros when nil). `excluded[j]` forces b_j = 0.
    /// `gram` is row-major q x q; `penalty` holds the adaptive weights a_j.
    public func solve(gram: UnsafeBufferPointer<Double>, correlations c: [Double], lambda: Double, gamma: Double,
                      penalty: [Double], excluded: [Bool], start: [Double]? = nil) -> ElasticNetSolution {
        let q = c.count
        var b = start ?? [Double](repeating: 0, count: q)
        // g_j = c_j - (G b)_j, kept up to date after every coordinate change.
        var g = c
        for j in 0..<q where b[j] != 0 {
            if excluded[j] { b[j] = 0; continue }
            let bj = b[j]
            for l in 0..<q { g[l] -= gram[j * q + l] * bj }
        }
        var active = [Int]()
        var isActive = [Bool](repeating: false, count: q)
        for j in 0..<q where b[j] != 0 { active.append(j); isActive[j] = true }

        var sweeps = 0
        var converged = false
        /// One pass over `coordinates`; returns the largest scaled change.
        func sweep(_ coordinates: [Int]) -> Double {
            var largest = 0.0
            for j in coordinates where !excluded[j] {
                let diagonal = gram[j * q + j]
                let old = b[j]
                let z = g[j] + diagonal * old
                let threshold = lambda * penalty[j]
                let new: Double
                if z > threshold { new = (z - threshold) / (diagonal + gamma) }
                else if z < -threshold { new = (z + threshold) / (diagonal + gamma) }
                else { new = 0 }
                let delta = new - old
                if delta == 0 { continue }
                b[j] = new
                for l in 0..<q { g[l] -= gram[j * q + l] * delta }
                largest = max(largest, abs(delta) * (diagonal + gamma).squareRoot())
                if !isActive[j] { isActive[j] = true; active.append(j) }
            }
            return largest
        }
        let all = Array(0..<q)
        while sweeps < maxSweeps {
            sweeps += 1
            let change = sweep(all)
            if change <= tolerance { converged = true; break }
            // Iterate on the active set to convergence, then check everything again.
            while sweeps < maxSweeps {
                sweeps += 1
                if sweep(active) <= tolerance { break }
            }
        }
        let violation = ElasticNetSolver.kktViolation(gram: gram, correlations: c, coefficients: b, lambda: lambda,
                                                      gamma: gamma, penalty: penalty, excluded: excluded)
        return ElasticNetSolution(coefficients: b, sweeps: sweeps, kktViolation: violation, converged: converged)
    }

    /// The largest violation of the KKT conditions (METHOD.md 1.1): with g_j = c_j - (G b)_j,
    /// g_j = lambda a_j sign(b_j) + gamma b_j where b_j != 0, |g_j| <= lambda a_j where b_j = 0.
    public static func kktViolation(gram: UnsafeBufferPointer<Double>, correlations c: [Double], coefficients b: [Double],
                                    lambda: Double, gamma: Double, penalty: [Double], excluded: [Bool]) -> Double {
        let q = c.count
        var worst = 0.0
        for j in 0..<q where !excluded[j] {
            var g = c[j]
            for l in 0..<q where b[l] != 0 { g -= gram[j * q + l] * b[l] }
            if b[j] != 0 {
                worst = max(worst, abs(g - lambda * penalty[j] * (b[j] > 0 ? 1 : -1) - gamma * b[j]))
            } else {
                worst = max(worst, abs(g) - lambda * penalty[j])
            }
        }
        return max(0, worst)
    }
}
