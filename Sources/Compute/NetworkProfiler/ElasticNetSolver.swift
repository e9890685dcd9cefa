import CDenseKernels
import COpenBLAS

/// The result of one elastic-net solve. Non-convergence is a field, not an error.
public struct ElasticNetSolution: Sendable, Equatable {
    /// Standardised coefficients b (zero for excluded coordinates).
    public var coefficients: [Double]
    /// Full coordinate sweeps performed.
    public var sweeps: Int
    /// Largest violation of the KKT conditions of METHOD.md 1.1 at the returned point.
    public var kktViolation: Double
    public var converged: Bool
    /// df = trace[(G_AA + gamma I)^-1 G_AA] on the returned support, from the factor of the
    /// exact solve that produced it (nil when no such factor exists; compute it separately).
    public var degreesOfFreedom: Double?
    /// g = c - G b at the returned coefficients.
    public var residualCorrelations: [Double]
}

/// Covariance-mode coordinate descent for the weighted adaptive elastic net of METHOD.md 1.1
/// in standardised coordinates:
///
///     min_b 1/2 sum_i w_i (u_i - z_i b)^2 + lambda sum_j a_j |b_j| + gamma/2 sum_j b_j^2
///
/// given only the Gram G = Z'WZ and correlations c = Z'Wu. With g = c - G b, coordinate j's
/// exact minimiser is b_j = S(g_j + G_jj b_j, lambda a_j) / (G_jj + gamma), S the soft
/// threshold. Sweeps alternate between all coordinates and the active set.
///
/// Coordinate descent converges only linearly, and slowly on the collinear, narrow-kernel
/// problems of real data. So once it has found the support A and signs s, the solver
/// finishes exactly: it solves (G_AA + gamma I) b_A = c_A - lambda a_A s_A by Cholesky and
/// accepts the result only if the signs hold and every zero coordinate satisfies
/// |g_j| <= lambda a_j (the KKT conditions); otherwise it goes back to coordinate descent
/// with a tighter tolerance. The answer is then the unique optimum to rounding error,
/// whatever the warm start.
public struct ElasticNetSolver: Sendable, Equatable, Codable {
    /// Coordinate descent stops when the largest scaled coordinate change in a full sweep is
    /// below this; the exact finish then takes over.
    public var tolerance: Double = 1e-3
    public var maxSweeps: Int = 100_000
    /// Largest KKT violation accepted for the exact finish.
    public var kktTolerance: Double = 1e-11

    public init(tolerance: Double = 1e-3, maxSweeps: Int = 100_000, kktTolerance: Double = 1e-11) {
        self.tolerance = tolerance
        self.maxSweeps = maxSweeps
        self.kktTolerance = kktTolerance
    }

    /// Solves from the warm start `start` (zeros when nil). `excluded[j]` forces b_j = 0.
    /// `gram` is row-major q x q; `penalty` holds the adaptive weights a_j.
    public func solve(gram: UnsafeBufferPointer<Double>, correlations c: [Double], lambda: Double, gamma: Double,
                      penalty: [Double], excluded: [Bool], start: [Double]? = nil) -> ElasticNetSolution {
        var factor = SupportFactor(size: c.count, gamma: gamma)
        return solve(gram: gram, correlations: c, lambda: lambda, gamma: gamma, penalty: penalty, excluded: excluded,
                     start: start, startResidual: nil, factor: &factor)
    }

    /// As above, along a path: `startResidual` is g = c - G b at `start` when known (the
    /// previous solution's, for the same G and c), and `factor` is the support factor of
    /// G_AA + gamma I carried from solve to solve (same G and gamma).
    func solve(gram: UnsafeBufferPointer<Double>, correlations c: [Double], lambda: Double, gamma: Double,
               penalty: [Double], excluded: [Bool], start: [Double]?, startResidual: [Double]?,
               factor: inout SupportFactor) -> ElasticNetSolution {
        let q = c.count
        // At and above lambda_max = max_j |c_j| / a_j the optimum is b = 0: it satisfies every
        // KKT condition |c_j| <= lambda a_j, and the solution is unique. At lambda = lambda_max
        // the coordinate attaining the maximum sits exactly on its knot (|g_j| = lambda a_j),
        // where its coefficient is 0; but lambda_max a_j may round one ulp below |c_j|, and
        // descent would then return a coefficient of ~1e-17 that counts as active and moves df
        // by G_jj / (G_jj + gamma). So the empty model is returned here, as the homotopy path
        // starts from it (the same lambda_max, ModelSelection.lambdaMax).
        if lambda >= ModelSelection.lambdaMax(correlations: c, penalty: penalty, excluded: excluded) {
            let zero = [Double](repeating: 0, count: q)
            return ElasticNetSolution(coefficients: zero, sweeps: 0,
                                      kktViolation: ElasticNetSolver.kktViolation(residual: c, coefficients: zero, lambda: lambda, gamma: gamma,
                                                                                 penalty: penalty, excluded: excluded),
                                      converged: true, degreesOfFreedom: 0, residualCorrelations: c)
        }
        var b = start ?? [Double](repeating: 0, count: q)
        var g: [Double]
        if let startResidual, start != nil, !(0..<q).contains(where: { excluded[$0] && b[$0] != 0 }) {
            g = startResidual
        } else {
            for j in 0..<q where excluded[j] { b[j] = 0 }
            g = ElasticNetSolver.residualCorrelations(gram: gram, correlations: c, coefficients: b)
        }
        var sweeps = 0
        var tol = tolerance
        var df: Double? = nil
        for _ in 0..<12 {
            sweeps += coordinateDescent(gram: gram, b: &b, g: &g, lambda: lambda, gamma: gamma, penalty: penalty,
                                        excluded: excluded, tolerance: tol, budget: maxSweeps - sweeps)
            switch finishExactly(gram: gram, correlations: c, coefficients: b, lambda: lambda, gamma: gamma,
                                 penalty: penalty, excluded: excluded, factor: &factor) {
            case let .exact(coefficients, residual, degreesOfFreedom):
                b = coefficients
                g = residual
                df = degreesOfFreedom
            case let .restart(from):
                // The support solution is usually much closer than where descent stopped.
                b = from
                g = ElasticNetSolver.residualCorrelations(gram: gram, correlations: c, coefficients: b)
            case .none:
                break
            }
            if df != nil { break }
            if sweeps >= maxSweeps { break }
            tol /= 10
        }
        if df == nil { g = ElasticNetSolver.residualCorrelations(gram: gram, correlations: c, coefficients: b) }
        let violation = ElasticNetSolver.kktViolation(residual: g, coefficients: b, lambda: lambda, gamma: gamma,
                                                      penalty: penalty, excluded: excluded)
        return ElasticNetSolution(coefficients: b, sweeps: sweeps, kktViolation: violation,
                                  converged: df != nil || violation <= kktTolerance, degreesOfFreedom: df, residualCorrelations: g)
    }

    /// Cholesky factor of G_AA + gamma I for the support A (in the given order).
    static func shiftedFactor(gram: UnsafeBufferPointer<Double>, size q: Int, support: [Int], gamma: Double) -> Cholesky? {
        let m = support.count
        var system = [Double](repeating: 0, count: m * m)
        for (r, j) in support.enumerated() {
            let row = j * q
            for (s, l) in support.enumerated() { system[r * m + s] = gram[row + l] }
            system[r * m + r] += gamma
        }
        return Cholesky(system, size: m)
    }

    /// Sweeps until the largest scaled change of a full sweep is below `tolerance`.
    private func coordinateDescent(gram: UnsafeBufferPointer<Double>, b: inout [Double], g: inout [Double], lambda: Double,
                                   gamma: Double, penalty: [Double], excluded: [Bool], tolerance: Double, budget: Int) -> Int {
        let q = b.count
        var active = (0..<q).filter { b[$0] != 0 }
        var isActive = b.map { $0 != 0 }
        var sweeps = 0
        b.withUnsafeMutableBufferPointer { b in
            g.withUnsafeMutableBufferPointer { g in
                /// One pass over `coordinates`; returns the largest scaled change.
                func sweep(_ coordinates: [Int]) -> Double {
                    var largest = 0.0
                    for j in coordinates where !excluded[j] {
                        let row = j * q
                        let diagonal = gram[row + j]
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
                        cblas_daxpy(Int32(q), -delta, gram.baseAddress! + row, 1, g.baseAddress, 1)
                        largest = max(largest, abs(delta) * (diagonal + gamma).squareRoot())
                        if !isActive[j] { isActive[j] = true; active.append(j) }
                    }
                    return largest
                }
                let all = Array(0..<q)
                while sweeps < budget {
                    sweeps += 1
                    if sweep(all) <= tolerance { break }
                    while sweeps < budget {
                        sweeps += 1
                        if sweep(active) <= tolerance { break }
                    }
                }
            }
        }
        return sweeps
    }

    enum Finish {
        /// The KKT conditions hold: the unique optimum (with df on its support).
        case exact([Double], residual: [Double], degreesOfFreedom: Double)
        /// They do not; restart descent here (the support solution with sign-violating
        /// coordinates set to zero).
        case restart([Double])
        case none
    }

    /// The exact solution on the support of `b`, if it satisfies the KKT conditions; the
    /// factor of G_AA + gamma I is brought to that support first.
    private func finishExactly(gram: UnsafeBufferPointer<Double>, correlations c: [Double], coefficients b: [Double],
                               lambda: Double, gamma: Double, penalty: [Double], excluded: [Bool],
                               factor: inout SupportFactor) -> Finish {
        let q = b.count
        let active = (0..<q).filter { b[$0] != 0 }
        var exact = [Double](repeating: 0, count: q)
        var df = 0.0
        if !active.isEmpty {
            guard factor.update(to: active, gram: gram, size: q) else { return .none }
            guard let x = factor.solve(factor.order.map { c[$0] - lambda * penalty[$0] * (b[$0] > 0 ? 1 : -1) },
                                       gram: gram, size: q) else { return .none }
            var signsHold = true
            for (r, j) in factor.order.enumerated() {
                if x[r] != 0, (x[r] > 0) == (b[j] > 0) { exact[j] = x[r] } else { signsHold = false }
            }
            if !signsHold { return .restart(exact) }
            df = Double(active.count) - gamma * factor.inverseTrace
        }
        let g = ElasticNetSolver.residualCorrelations(gram: gram, correlations: c, coefficients: exact)
        let violation = ElasticNetSolver.kktViolation(residual: g, coefficients: exact, lambda: lambda, gamma: gamma,
                                                      penalty: penalty, excluded: excluded)
        return violation <= kktTolerance ? .exact(exact, residual: g, degreesOfFreedom: df) : .restart(exact)
    }

    /// g = c - G b, from the rows of G at b's non-zeros (G is symmetric: row j is column j),
    /// four rows per pass over g.
    static func residualCorrelations(gram: UnsafeBufferPointer<Double>, correlations c: [Double], coefficients b: [Double]) -> [Double] {
        let q = c.count
        var support: [Int] = [], negated: [Double] = []
        for j in 0..<q where b[j] != 0 { support.append(j); negated.append(-b[j]) }
        var g = c
        if !support.isEmpty {
            sn_combine(q, support.count, gram.baseAddress, q, support, negated, 1, &g)
        }
        return g
    }

    /// The KKT violation given g = c - G b.
    static func kktViolation(residual g: [Double], coefficients b: [Double], lambda: Double, gamma: Double,
                             penalty: [Double], excluded: [Bool]) -> Double {
        var worst = 0.0
        for j in 0..<b.count where !excluded[j] {
            if b[j] != 0 {
                worst = max(worst, abs(g[j] - lambda * penalty[j] * (b[j] > 0 ? 1 : -1) - gamma * b[j]))
            } else {
                worst = max(worst, abs(g[j]) - lambda * penalty[j])
            }
        }
        return max(0, worst)
    }

    /// The largest violation of the KKT conditions (METHOD.md 1.1): with g_j = c_j - (G b)_j,
    /// g_j = lambda a_j sign(b_j) + gamma b_j where b_j != 0, |g_j| <= lambda a_j where b_j = 0.
    public static func kktViolation(gram: UnsafeBufferPointer<Double>, correlations c: [Double], coefficients b: [Double],
                                    lambda: Double, gamma: Double, penalty: [Double], excluded: [Bool]) -> Double {
        kktViolation(residual: residualCorrelations(gram: gram, correlations: c, coefficients: b), coefficients: b,
                     lambda: lambda, gamma: gamma, penalty: penalty, excluded: excluded)
    }
}

