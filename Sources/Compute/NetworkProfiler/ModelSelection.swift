import Foundation

/// The lambda grid of one elastic-net path.
public enum LambdaGrid: Sendable, Equatable, Codable {
    /// `count` values log-spaced from lambda_max down to `ratio` * lambda_max.
    case path(count: Int, ratio: Double)
    /// One fixed value (`--lambda`).
    case fixed(Double)

    public func values(lambdaMax: Double) -> [Double] {
        switch self {
        case let .fixed(value): return [value]
        case let .path(count, ratio):
            guard lambdaMax > 0, count > 1 else { return [max(lambdaMax, 0)] }
            return (0..<count).map { lambdaMax * pow(ratio, Double($0) / Double(count - 1)) }
        }
    }
}

/// How a lambda path is solved. Both give the verified unique optimum at every grid point
/// (to rounding); they differ only in speed.
public enum PathAlgorithm: String, Sendable, Equatable, Codable, CaseIterable {
    /// Event to event along the exact piecewise-linear path (ElasticNetPath), with
    /// coordinate descent only where a grid point fails its check.
    case homotopy
    /// Coordinate descent at every grid point, warm-started from the previous one.
    case coordinateDescent = "coordinate-descent"
}

/// Hyperparameter selection of METHOD.md 1.2.
public struct SelectionOptions: Sendable, Equatable, Codable {
    public var lambdas: LambdaGrid = .path(count: 20, ratio: 0.01)
    public var gammas: [Double] = [0.001, 0.01, 0.1, 1]
    /// Rounds of the recursive adaptive elastic net (M); 1 = `--no-recursion`.
    public var rounds: Int = 5
    public var solver = ElasticNetSolver()
    public var pathAlgorithm = PathAlgorithm.homotopy
    /// Events allowed along one homotopy path before it hands over to coordinate descent
    /// (nil: 20 q + 100). Only tests lower it, to exercise the hand-over; not recorded.
    var pathEventLimit: Int? = nil
    public init() {}

    private enum CodingKeys: String, CodingKey { case lambdas, gammas, rounds, solver, pathAlgorithm }

    /// Runs recorded before `pathAlgorithm` existed used coordinate descent.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        lambdas = try c.decode(LambdaGrid.self, forKey: .lambdas)
        gammas = try c.decode([Double].self, forKey: .gammas)
        rounds = try c.decode(Int.self, forKey: .rounds)
        solver = try c.decode(ElasticNetSolver.self, forKey: .solver)
        pathAlgorithm = try c.decodeIfPresent(PathAlgorithm.self, forKey: .pathAlgorithm) ?? .coordinateDescent
    }
}

/// The selected fit of one (target, cell).
public struct SelectedFit: Sendable, Equatable {
    /// Standardised coefficients b.
    public var coefficients: [Double]
    public var lambda: Double
    public var gamma: Double
    public var mWAICc: Double
    public var degreesOfFreedom: Double
    /// Round of the recursion that produced it (1-based).
    public var round: Int
    /// Worst KKT violation among the solves on the way.
    public var kktViolation: Double
    /// The adaptive weights a_j of the round that produced it (all 1 in round 1): with
    /// lambda and gamma, everything needed to solve the same problem on other data
    /// (StaticPerturbation's leave-one-line-out fits).
    public var penalty: [Double]
}

public enum ModelSelection {
    /// df = trace[(G_AA + gamma I)^-1 G_AA] over the active set = |A| - gamma trace[(G_AA +
    /// gamma I)^-1], the trace from a Cholesky factor (eigenvalues as a fallback).
    public static func degreesOfFreedom(gram: [Double], size q: Int, coefficients b: [Double], gamma: Double) throws -> Double {
        let active = (0..<q).filter { b[$0] != 0 }
        guard !active.isEmpty else { return 0 }
        let m = active.count
        if let factor = gram.withUnsafeBufferPointer({ ElasticNetSolver.shiftedFactor(gram: $0, size: q, support: active, gamma: gamma) }) {
            return Double(m) - gamma * factor.inverseTrace()
        }
        var sub = [Double](repeating: 0, count: m * m)
        for (r, j) in active.enumerated() { for (s, l) in active.enumerated() { sub[r * m + s] = gram[j * q + l] } }
        let eigen = try SymmetricEigen(Matrix(rows: m, columns: m, values: sub))
        return eigen.values.reduce(0) { $0 + max(0, $1) / (max(0, $1) + gamma) }
    }

    /// mWAICc = N (log(2 pi s2) + 1) + 2 N (df + 1) / (N - df - 2); nil when invalid
    /// (N - df - 2 <= 0, or s2 <= 0).
    public static func mWAICc(effectiveSize n: Double, residualVariance s2: Double, degreesOfFreedom df: Double) -> Double? {
        let denominator = n - df - 2
        guard denominator > 0, s2 > 0 else { return nil }
        return n * (log(2 * Double.pi * s2) + 1) + 2 * n * (df + 1) / denominator
    }

    /// lambda_max = max_j |c_j| / a_j over the coordinates not excluded: the smallest lambda
    /// at which b = 0, where every path starts.
    static func lambdaMax(correlations c: [Double], penalty: [Double], excluded: [Bool]) -> Double {
        var largest = 0.0
        for j in c.indices where !excluded[j] { largest = max(largest, abs(c[j]) / penalty[j]) }
        return largest
    }

    /// df of a solution: from its own factor when the solver kept one.
    static func degreesOfFreedom(_ solution: ElasticNetSolution, problem: WeightedProblem, gamma: Double) throws -> Double {
        if let df = solution.degreesOfFreedom { return df }
        return try degreesOfFreedom(gram: problem.gram, size: problem.regulatorCount, coefficients: solution.coefficients, gamma: gamma)
    }

    /// The one fit at fixed (lambda, gamma) with all adaptive weights 1. `warmStart` (a
    /// neighbouring cell's standardised coefficients) only speeds the solver up: the
    /// optimum is unique and verified by its KKT conditions.
    static func fixedFit(_ problem: WeightedProblem, lambda: Double, gamma: Double, solver: ElasticNetSolver,
                         warmStart: [Double]?) throws -> SelectedFit {
        let q = problem.regulatorCount
        let solution = problem.gram.withUnsafeBufferPointer {
            solver.solve(gram: $0, correlations: problem.correlations, lambda: lambda, gamma: gamma,
                         penalty: [Double](repeating: 1, count: q), excluded: problem.excluded, start: warmStart)
        }
        let df = try degreesOfFreedom(solution, problem: problem, gamma: gamma)
        let score = mWAICc(effectiveSize: problem.effectiveSize, residualVariance: problem.residualVariance(solution),
                           degreesOfFreedom: df) ?? .nan
        return SelectedFit(coefficients: solution.coefficients, lambda: lambda, gamma: gamma, mWAICc: score,
                           degreesOfFreedom: df, round: 1, kktViolation: solution.kktViolation,
                           penalty: [Double](repeating: 1, count: q))
    }

    /// `select` without a guide (every path walked from lambda_max).
    public static func select(_ problem: WeightedProblem, options: SelectionOptions, warmStart: [Double]? = nil,
                              workspace: PathWorkspace = PathWorkspace()) throws -> SelectedFit? {
        var guide = PathGuide()
        return try select(problem, options: options, warmStart: warmStart, workspace: workspace, guide: &guide)
    }

    /// The recursive adaptive elastic net with mWAICc selection (METHOD.md 1.2). Returns nil
    /// when no candidate is valid (the caller falls back to the intercept-only model).
    /// Ties go to the first candidate in grid order (strict comparisons throughout).
    /// With every hyperparameter fixed (one lambda, one gamma, one round) nothing is being
    /// selected, so that single fit is returned even where mWAICc is undefined (its
    /// `mWAICc` is then NaN): this is what makes such runs comparable to other solvers.
    /// `warmStart` is used only by the fixed-hyperparameter fit (a path starts at lambda_max,
    /// where the answer is zero).
    /// `workspace` keeps the paths' buffers between calls (one per worker thread).
    /// `guide` holds the previous fit's round-1 supports (the neighbouring cell's, same
    /// target), tried at each grid point before walking there; on return it holds this fit's.
    /// Once a guess fails (corrections included) the rest of that path is walked: the two
    /// cells' paths have parted. The guide changes only the speed: every grid point is the
    /// verified unique optimum either way.
    public static func select(_ problem: WeightedProblem, options: SelectionOptions, warmStart: [Double]? = nil,
                              workspace: PathWorkspace = PathWorkspace(), guide: inout PathGuide) throws -> SelectedFit? {
        if case .fixed = options.lambdas, options.gammas.count == 1, options.rounds <= 1 {
            return try fixedFit(problem, lambda: options.lambdas.values(lambdaMax: 0)[0], gamma: options.gammas[0], solver: options.solver,
                                warmStart: warmStart)
        }
        let q = problem.regulatorCount
        var best: SelectedFit? = nil
        try problem.gram.withUnsafeBufferPointer { gram in
            for (gammaIndex, gamma) in options.gammas.enumerated() {
                var penalty = [Double](repeating: 1, count: q)
                var factor = workspace.factor(size: q, gamma: gamma)  // G_AA + gamma I: shared by every lambda and round
                // The homotopy path, restarted each round with its buffers kept; nil for
                // coordinate descent, and for the rest of a round once it has handed over.
                var path: ElasticNetPath? = nil
                defer { workspace.recycle(factor, path) }
                var previous = Double.infinity
                for round in 1...max(1, options.rounds) {
                    let lambdaMax = lambdaMax(correlations: problem.correlations, penalty: penalty, excluded: problem.excluded)
                    var roundBest: SelectedFit? = nil
                    var b: [Double]? = nil, g: [Double]? = nil
                    var worstKKT = 0.0
                    if options.pathAlgorithm == .homotopy {
                        if path == nil {
                            path = workspace.path(correlations: problem.correlations, penalty: penalty, excluded: problem.excluded,
                                                  gamma: gamma, factor: &factor, eventLimit: options.pathEventLimit)
                        } else {
                            path!.restart(correlations: problem.correlations, penalty: penalty, excluded: problem.excluded, factor: &factor)
                        }
                    }
                    var guessing = true
                    for (lambdaIndex, lambda) in options.lambdas.values(lambdaMax: lambdaMax).enumerated() {
                        let solution: ElasticNetSolution
                        var guessed: ElasticNetSolution? = nil
                        if round == 1, guessing, path != nil, let guess = guide.support(gamma: gammaIndex, lambda: lambdaIndex), !guess.isEmpty {
                            switch path!.solution(at: lambda, guess: guess, gram: gram, correlations: problem.correlations,
                                                  penalty: penalty, excluded: problem.excluded,
                                                  kktTolerance: options.solver.kktTolerance, factor: &factor) {
                            case let .solved(exact):
                                guessed = exact
                                guide.guessesSolved += 1
                            case .skipped: break
                            case .missed: guessing = false       // the paths have parted: walk the rest
                            case .broken: path = nil
                            }
                        }
                        if let guessed {
                            solution = guessed
                        } else if let exact = path?.solution(at: lambda, gram: gram, correlations: problem.correlations, penalty: penalty,
                                                      excluded: problem.excluded, kktTolerance: options.solver.kktTolerance,
                                                      factor: &factor) {
                            solution = exact
                        } else {
                            solution = options.solver.solve(gram: gram, correlations: problem.correlations, lambda: lambda,
                                                            gamma: gamma, penalty: penalty, excluded: problem.excluded,
                                                            start: path?.coefficients ?? b, startResidual: path == nil ? g : nil,
                                                            factor: &factor)
                            // The path goes on from the solver's answer when that is exact.
                            if solution.degreesOfFreedom == nil || !(path?.resume(from: solution, lambda: lambda, gram: gram, factor: &factor) ?? false) {
                                path = nil
                            }
                        }
                        if round == 1 { guide.record(gamma: gammaIndex, lambda: lambdaIndex, coefficients: solution.coefficients) }
                        b = solution.coefficients
                        g = solution.residualCorrelations
                        worstKKT = max(worstKKT, solution.kktViolation)
                        let df = try degreesOfFreedom(solution, problem: problem, gamma: gamma)
                        guard let score = mWAICc(effectiveSize: problem.effectiveSize,
                                                 residualVariance: problem.residualVariance(solution),
                                                 degreesOfFreedom: df) else { continue }
                        if roundBest == nil || score < roundBest!.mWAICc {
                            roundBest = SelectedFit(coefficients: solution.coefficients, lambda: lambda, gamma: gamma,
                                                    mWAICc: score, degreesOfFreedom: df, round: round, kktViolation: worstKKT,
                                                    penalty: penalty)
                        }
                    }
                    guard let found = roundBest, found.mWAICc < previous else { break }
                    if best == nil || found.mWAICc < best!.mWAICc { best = found }
                    previous = found.mWAICc
                    penalty = found.coefficients.map { 1 / (abs($0) + 1e-3) }
                }
            }
        }
        return best
    }
}
