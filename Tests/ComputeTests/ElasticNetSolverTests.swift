import Foundation
import Testing
@testable import Compute

/// METHOD.md 1.1: the covariance-mode coordinate descent against independent references.
@Suite struct ElasticNetSolverTests {
    struct Case: CustomStringConvertible, Sendable {
        var seed: UInt64, n: Int, q: Int, gamma: Double, lambdaFraction: Double, adaptive: Bool, duplicateColumns: Bool
        var description: String { "seed \(seed) n \(n) q \(q) gamma \(gamma) lambda \(lambdaFraction)\(adaptive ? " adaptive" : "")\(duplicateColumns ? " rank-deficient" : "")" }
    }

    /// A grid of sizes, weights, lambdas, gammas, adaptive weights and rank-deficient cases
    /// (duplicated columns; more regulators than cells).
    static let cases: [Case] = {
        var out: [Case] = []
        var seed: UInt64 = 1
        for (n, q) in [(8, 3), (30, 10), (60, 25), (12, 30)] {
            for gamma in [0.001, 0.1, 1.0] {
                for fraction in [0.05, 0.3, 0.8] {
                    out.append(Case(seed: seed, n: n, q: q, gamma: gamma, lambdaFraction: fraction,
                                    adaptive: seed % 2 == 0, duplicateColumns: seed % 3 == 0))
                    seed += 1
                }
            }
        }
        return out
    }()

    struct Built {
        var reference: Reference.Problem
        var problem: WeightedProblem
    }

    static func build(_ c: Case) -> Built {
        var rng = SplitMix64(seed: c.seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
        var regulators = (0..<c.n).map { _ in (0..<c.q).map { _ in uniform() } }
        if c.duplicateColumns && c.q > 2 { for i in 0..<c.n { regulators[i][1] = regulators[i][0] } }
        let target = (0..<c.n).map { i in regulators[i][0] * 0.8 - regulators[i][c.q - 1] * 0.5 + 0.3 * uniform() }
        let kernel = (0..<c.n).map { _ in exp(-4 * (uniform() + 1)) }          // unequal positive weights
        let exclude = c.q > 3 ? 2 : nil
        let std = Reference.standardise(regulators: regulators, target: target, kernel: kernel, exclude: exclude)
        let penalty = (0..<c.q).map { _ in c.adaptive ? 0.5 + 2.25 * (uniform() + 1) : 1.0 }
        let matrix = Matrix(regulators)
        let scale = (0..<c.q).map { _ in 1.0 }
        let problem = WeightedProblem(regulators: matrix, target: target, kernel: kernel, selfIndex: exclude,
                                      regulatorScale: scale, targetScale: 1)
        var lambdaMax = 0.0
        for j in 0..<c.q where !problem.excluded[j] { lambdaMax = max(lambdaMax, abs(problem.correlations[j]) / penalty[j]) }
        let reference = Reference.Problem(z: std.z, u: std.u, w: std.w, kernelSum: kernel.reduce(0, +),
                                          lambda: c.lambdaFraction * lambdaMax, gamma: c.gamma, penalty: penalty, excluded: std.excluded)
        return Built(reference: reference, problem: problem)
    }

    func solve(_ built: Built) -> ElasticNetSolution {
        built.problem.gram.withUnsafeBufferPointer {
            ElasticNetSolver().solve(gram: $0, correlations: built.problem.correlations, lambda: built.reference.lambda,
                                     gamma: built.reference.gamma, penalty: built.reference.penalty, excluded: built.problem.excluded)
        }
    }

    /// (a) Agreement with proximal gradient (a different algorithm, on the raw standardised
    /// data rather than the Gram) to 1e-6, and (b) KKT conditions at the solution, recomputed
    /// from the raw data, to 1e-9.
    @Test(arguments: cases)
    func agreesWithProximalGradientAndSatisfiesKKT(_ c: Case) {
        let built = Self.build(c)
        #expect(built.problem.excluded == built.reference.excluded)
        let solution = solve(built)
        #expect(solution.converged)
        #expect(solution.kktViolation <= 1e-9)
        #expect(Reference.kktResidual(built.reference, solution.coefficients) <= 1e-9)
        let reference = Reference.proximalGradient(built.reference)
        let difference = zip(solution.coefficients, reference).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-6, "max |b_cd - b_prox| = \(difference)")
    }

    /// (a') Exact solution on the support: (G_AA + gamma I) b_A = c_A - lambda a_A sign(b_A),
    /// solved by Gauss-Jordan elimination on a Gram computed with plain loops.
    @Test(arguments: cases)
    func matchesTheExactSolutionOnItsSupport(_ c: Case) {
        let built = Self.build(c)
        let b = solve(built).coefficients
        let active = (0..<c.q).filter { b[$0] != 0 }
        guard !active.isEmpty else { return }
        var system = Reference.weightedGram(built.reference, active)
        for k in active.indices { system[k][k] += c.gamma }
        let p = built.reference
        let rhs = active.map { j -> Double in
            let cj = (0..<p.u.count).reduce(0.0) { $0 + p.w[$1] * p.z[$1][j] * p.u[$1] }
            return cj - p.lambda * p.penalty[j] * (b[j] > 0 ? 1 : -1)
        }
        let exact = Reference.solve(system, rhs)
        for (k, j) in active.enumerated() {
            #expect(abs(exact[k] - b[j]) <= 1e-8, "coordinate \(j): \(exact[k]) vs \(b[j])")
            #expect(exact[k].sign == b[j].sign)
        }
    }

    /// (c) df and mWAICc against a direct dense computation: df as the trace of
    /// (Z_A'WZ_A + gamma I)^-1 Z_A'WZ_A, s2 from the residuals, N = sum K.
    @Test(arguments: cases.prefix(18))
    func degreesOfFreedomAndMWAICcMatchDirectComputation(_ c: Case) throws {
        let built = Self.build(c)
        let solution = solve(built)
        let b = solution.coefficients
        let p = built.reference
        let active = (0..<c.q).filter { b[$0] != 0 }
        var directDF = 0.0
        if !active.isEmpty {
            let g = Reference.weightedGram(p, active)
            var shifted = g
            for k in active.indices { shifted[k][k] += c.gamma }
            let inv = Reference.inverse(shifted)
            for k in active.indices { for l in active.indices { directDF += inv[k][l] * g[l][k] } }
        }
        let df = try ModelSelection.degreesOfFreedom(gram: built.problem.gram, size: c.q, coefficients: b, gamma: c.gamma)
        #expect(abs(df - directDF) <= 1e-9)
        // The solver's own df (from the factor of its exact finish) is the same quantity.
        let own = try #require(solution.degreesOfFreedom)
        #expect(abs(own - directDF) <= 1e-9)
        var s2 = 0.0
        for i in 0..<p.u.count {
            let fit = (0..<c.q).reduce(0.0) { $0 + p.z[i][$1] * b[$1] }
            s2 += p.w[i] * (p.u[i] - fit) * (p.u[i] - fit)
        }
        #expect(abs(built.problem.residualVariance(b) - s2) <= 1e-12)
        #expect(abs(built.problem.residualVariance(solution) - s2) <= 1e-12)
        let n = p.kernelSum
        #expect(abs(built.problem.effectiveSize - n) <= 1e-12)
        let direct = n * (log(2 * Double.pi * s2) + 1) + 2 * n * (directDF + 1) / (n - directDF - 2)
        if n - directDF - 2 > 0 {
            let score = try #require(ModelSelection.mWAICc(effectiveSize: built.problem.effectiveSize,
                                                           residualVariance: built.problem.residualVariance(b), degreesOfFreedom: df))
            #expect(abs(score - direct) <= 1e-8 * max(1, abs(direct)))
        } else {
            #expect(ModelSelection.mWAICc(effectiveSize: n, residualVariance: s2, degreesOfFreedom: df) == nil)
        }
    }

    /// Original-scale coefficients reproduce the standardised fit: beta_0 + r beta = mean_w(t)
    /// + sd_w(t) * z b for every cell.
    @Test func originalScaleReproducesTheFit() {
        let built = Self.build(Self.cases[7])
        let b = solve(built).coefficients
        let (intercept, beta) = built.problem.originalScale(b)
        var rng = SplitMix64(seed: Self.cases[7].seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
        let c = Self.cases[7]
        var regulators = (0..<c.n).map { _ in (0..<c.q).map { _ in uniform() } }
        if c.duplicateColumns && c.q > 2 { for i in 0..<c.n { regulators[i][1] = regulators[i][0] } }
        for i in 0..<c.n {
            let original = intercept + (0..<c.q).reduce(0.0) { $0 + regulators[i][$1] * beta[$1] }
            let standard = built.problem.targetMean + built.problem.targetSD
                * (0..<c.q).reduce(0.0) { $0 + built.reference.z[i][$1] * b[$1] }
            #expect(abs(original - standard) <= 1e-10)
        }
        #expect(beta[2] == 0)     // the self-edge is excluded
    }

    @Test func lambdaAboveMaxGivesTheEmptyModel() {
        let built = Self.build(Self.cases[4])
        let solution = built.problem.gram.withUnsafeBufferPointer {
            ElasticNetSolver().solve(gram: $0, correlations: built.problem.correlations, lambda: 1e6, gamma: 0.1,
                                     penalty: built.reference.penalty, excluded: built.problem.excluded)
        }
        #expect(solution.coefficients.allSatisfy { $0 == 0 })
    }
}
