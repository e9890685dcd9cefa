/// Solving directly on a given support A: the check every path point passes before it is
/// returned (`verified`) and the step a guessed support takes (ElasticNetPath+Guess).
extension ElasticNetPath {
    /// The solution at the current lambda computed directly on A, with g from G and the KKT
    /// conditions checked over every coordinate. On success the state becomes that solution
    /// (which stops rounding error from accumulating along the path).
    mutating func verified(gram: UnsafeBufferPointer<Double>, correlations c: [Double], penalty: [Double],
                           excluded: [Bool], kktTolerance: Double, factor: inout SupportFactor) -> ElasticNetSolution? {
        guard case let .optimal(solution) = solveOnSupport(at: lambda, gram: gram, correlations: c, penalty: penalty,
                                                           excluded: excluded, kktTolerance: kktTolerance, factor: &factor,
                                                           corrections: false) else { return nil }
        coefficients = solution.coefficients
        residual = solution.residualCorrelations
        return solution
    }

    /// What solving on the factor's support with the signs in `sign` gave.
    enum SupportSolve {
        /// Every KKT condition holds: the unique optimum.
        case optimal(ElasticNetSolution)
        /// Not optimal: these coordinates of A have the wrong sign, and these others (signed
        /// as in PathGuide) violate their KKT bound.
        case wrong(leaving: [Int], joining: [Int])
        case failed
    }

    /// Solves (G_AA + gamma I) b_A = c_A - lambda a_A s_A on the factor's support A and checks
    /// the result: signs on A, KKT over every coordinate from g = c - G b. Without
    /// `corrections` a wrong sign fails at once (the path's check: no g is computed).
    func solveOnSupport(at lambda: Double, gram: UnsafeBufferPointer<Double>, correlations c: [Double], penalty: [Double],
                        excluded: [Bool], kktTolerance: Double, factor: inout SupportFactor,
                        corrections: Bool) -> SupportSolve {
        let q = size
        var exact = [Double](repeating: 0, count: q)
        var df = 0.0
        var leaving: [Int] = []
        let order = factor.order
        if !order.isEmpty {
            guard let x = factor.solve(order.map { c[$0] - lambda * penalty[$0] * sign[$0] }, gram: gram, size: q) else { return .failed }
            for (r, j) in order.enumerated() {
                if x[r] * sign[j] <= 0 {
                    guard corrections else { return .failed }
                    leaving.append(j)
                }
                exact[j] = x[r]
            }
            df = Double(order.count) - gamma * factor.inverseTrace
        }
        let g = ElasticNetSolver.residualCorrelations(gram: gram, correlations: c, coefficients: exact)
        if leaving.isEmpty {
            let violation = ElasticNetSolver.kktViolation(residual: g, coefficients: exact, lambda: lambda, gamma: gamma,
                                                          penalty: penalty, excluded: excluded)
            if violation <= kktTolerance {
                return .optimal(ElasticNetSolution(coefficients: exact, sweeps: 0, kktViolation: violation, converged: true,
                                                   degreesOfFreedom: df, residualCorrelations: g))
            }
        }
        guard corrections else { return .failed }
        var joining: [Int] = []
        for j in 0..<q where exact[j] == 0 && sign[j] == 0 && !excluded[j] && abs(g[j]) - lambda * penalty[j] > kktTolerance {
            joining.append(g[j] > 0 ? j : ~j)
        }
        return leaving.isEmpty && joining.isEmpty ? .failed : .wrong(leaving: leaving, joining: joining)
    }
}
