import Foundation
import Testing
@testable import Compute

/// The homotopy path (ElasticNetPath) against coordinate descent, a different algorithm, at
/// every point of a lambda grid; against the KKT conditions recomputed from the raw data;
/// and, through ModelSelection, the same selected hyperparameters as the coordinate-descent
/// path, including when the path has to hand points over to coordinate descent.
@Suite struct ElasticNetPathTests {
    typealias Case = ElasticNetSolverTests.Case

    /// The grid and problems of ElasticNetSolverTests plus larger, denser ones (many events
    /// per grid point), all with a 20-point path down to 0.01 lambda_max.
    static let cases: [Case] = ElasticNetSolverTests.cases.filter { $0.lambdaFraction == 0.05 }
        + [Case(seed: 101, n: 80, q: 60, gamma: 0.001, lambdaFraction: 0, adaptive: true, duplicateColumns: false),
           Case(seed: 102, n: 40, q: 90, gamma: 0.01, lambdaFraction: 0, adaptive: false, duplicateColumns: true),
           Case(seed: 103, n: 200, q: 50, gamma: 1, lambdaFraction: 0, adaptive: true, duplicateColumns: true)]

    /// Tolerances: 1e-9 on coefficients and df between two exact methods (both verified to
    /// KKT 1e-11 on the Gram); 1e-9 on the KKT residual from the raw data.
    ///
    /// df is discontinuous where a coordinate enters: A = {j : b_j != 0}, so at a knot the
    /// entering coordinate (exactly 0 there) does not count. The first grid point is such a
    /// knot: lambda = lambda_max, where b = 0 and df = 0 by definition, and the coordinate
    /// attaining the maximum has |g_j| = lambda a_j. Both methods must return b = 0 there; a
    /// rounding residue (lambda_max a_j one ulp below |c_j| gave descent b_0 = 5.6e-17 in the
    /// case `seed 103 ... rank-deficient`) would count as active and move df by
    /// G_jj / (G_jj + gamma) = 0.5. That is checked exactly below, not by a tolerance.
    @Test(arguments: cases)
    func everyGridPointEqualsCoordinateDescent(_ c: Case) throws {
        let built = ElasticNetSolverTests.build(c)
        let problem = built.problem, penalty = built.reference.penalty
        var factor = SupportFactor(size: c.q, gamma: c.gamma)
        var path = ElasticNetPath(correlations: problem.correlations, penalty: penalty, excluded: problem.excluded,
                                  gamma: c.gamma, factor: &factor)
        let lambdas = LambdaGrid.path(count: 20, ratio: 0.01).values(lambdaMax: path.lambda)
        var solvedByPath = 0
        for lambda in lambdas {
            let (fromPath, reference) = problem.gram.withUnsafeBufferPointer { gram in
                (path.solution(at: lambda, gram: gram, correlations: problem.correlations, penalty: penalty,
                               excluded: problem.excluded, kktTolerance: 1e-11, factor: &factor),
                 ElasticNetSolver().solve(gram: gram, correlations: problem.correlations, lambda: lambda, gamma: c.gamma,
                                          penalty: penalty, excluded: problem.excluded))
            }
            guard let fromPath else { break }        // the caller would hand over here; counted below
            solvedByPath += 1
            if lambda == lambdas[0] {
                #expect(fromPath.coefficients.allSatisfy { $0 == 0 } && reference.coefficients.allSatisfy { $0 == 0 },
                        "at lambda_max the optimum is b = 0")
                #expect(fromPath.degreesOfFreedom == 0 && reference.degreesOfFreedom == 0)
            }
            let difference = zip(fromPath.coefficients, reference.coefficients).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-9, "lambda \(lambda): max |b_path - b_cd| = \(difference)")
            let df = try #require(fromPath.degreesOfFreedom)
            let referenceDF = try ModelSelection.degreesOfFreedom(gram: problem.gram, size: c.q, coefficients: reference.coefficients,
                                                                  gamma: c.gamma)
            #expect(abs(df - referenceDF) <= 1e-9)
            var raw = built.reference
            raw.lambda = lambda
            #expect(Reference.kktResidual(raw, fromPath.coefficients) <= 1e-9)
            // g on the support is what s2 uses: it must be exact there.
            let g = Reference.gradient(raw, fromPath.coefficients)
            for j in 0..<c.q where fromPath.coefficients[j] != 0 { #expect(abs(fromPath.residualCorrelations[j] - g[j]) <= 1e-9) }
        }
        // The path is the fast route, so it should rarely need the hand-over.
        #expect(solvedByPath == lambdas.count, "the path solved \(solvedByPath) of \(lambdas.count) points")
    }

    static func selectBoth(_ problem: WeightedProblem, eventLimit: Int? = nil) throws -> (SelectedFit?, SelectedFit?) {
        var homotopy = SelectionOptions()
        homotopy.pathEventLimit = eventLimit
        var descent = SelectionOptions()
        descent.pathAlgorithm = .coordinateDescent
        return (try ModelSelection.select(problem, options: homotopy), try ModelSelection.select(problem, options: descent))
    }

    /// The full recursive mWAICc selection picks the same lambda, gamma and round, with
    /// coefficients within 1e-9, whichever way the paths are solved; with an event limit so
    /// small that the path gives up early, the hand-over to coordinate descent gives the
    /// same answer too.
    @Test(arguments: cases, [nil, 3])
    func selectionDoesNotDependOnThePathAlgorithm(_ c: Case, _ eventLimit: Int?) throws {
        let problem = ElasticNetSolverTests.build(c).problem
        let (fromPath, fromDescent) = try Self.selectBoth(problem, eventLimit: eventLimit)
        #expect((fromPath == nil) == (fromDescent == nil))
        guard let fromPath, let fromDescent else { return }
        #expect(fromPath.gamma == fromDescent.gamma)
        // Later rounds' lambda_max comes from the previous round's coefficients, equal only
        // to rounding: the same grid position differs in the last bits.
        #expect(abs(fromPath.lambda - fromDescent.lambda) <= 1e-12 * fromDescent.lambda)
        #expect(fromPath.round == fromDescent.round)
        #expect(abs(fromPath.mWAICc - fromDescent.mWAICc) <= 1e-9 * max(1, abs(fromDescent.mWAICc)))
        let difference = zip(fromPath.coefficients, fromDescent.coefficients).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-9)
    }

    /// A workspace carried from fit to fit (as each profiler worker does) changes nothing:
    /// every selection is bit-identical to one made with fresh buffers, across problems of
    /// different sizes, penalties and gammas, in any order.
    @Test func reusedBuffersGiveBitIdenticalSelections() throws {
        let problems = Self.cases.map { ElasticNetSolverTests.build($0).problem }
        let workspace = PathWorkspace()
        for problem in problems + problems.reversed() {
            let reused = try ModelSelection.select(problem, options: SelectionOptions(), workspace: workspace)
            let fresh = try ModelSelection.select(problem, options: SelectionOptions())
            #expect(reused == fresh)
        }
    }

    /// Runs recorded before the option existed decode as coordinate-descent runs; new ones
    /// round-trip.
    @Test func parametersWithoutThePathAlgorithmDecodeAsCoordinateDescent() throws {
        var options = SelectionOptions()
        options.pathAlgorithm = .homotopy
        let json = try JSONEncoder().encode(options)
        #expect(try JSONDecoder().decode(SelectionOptions.self, from: json) == options)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        object.removeValue(forKey: "pathAlgorithm")
        let old = try JSONDecoder().decode(SelectionOptions.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.pathAlgorithm == .coordinateDescent)
        #expect(old.gammas == options.gammas && old.rounds == options.rounds && old.lambdas == options.lambdas)
    }
}
