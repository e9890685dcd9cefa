import Foundation
import TestSupport
import Testing
@testable import Compute

/// Grid points solved on a guessed support (PathGuide, ElasticNetPath+Guess) are the same
/// optima as walked ones: the recursive selection picks the same lambda, gamma and round
/// with coefficients within 1e-9 whether the guide comes from a neighbouring problem (the
/// profiler's case), from an unrelated one, or is absent; and the guesses are really used.
@Suite struct PathGuideTests {
    /// The dense cases of ElasticNetPathTests (q = 60-90, many events per grid point).
    static let cases = ElasticNetPathTests.cases.filter { $0.q >= 50 }

    /// The case's problem with its kernel weights scaled by exp(spread * noise): spread 0 is
    /// the case itself, a small spread a neighbouring cell's problem.
    static func problem(_ c: ElasticNetSolverTests.Case, spread: Double, seed: UInt64) -> WeightedProblem {
        var rng = SplitMix64(seed: c.seed)
        func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
        var regulators = (0..<c.n).map { _ in (0..<c.q).map { _ in uniform() } }
        if c.duplicateColumns && c.q > 2 { for i in 0..<c.n { regulators[i][1] = regulators[i][0] } }
        let target = (0..<c.n).map { i in regulators[i][0] * 0.8 - regulators[i][c.q - 1] * 0.5 + 0.3 * uniform() }
        var noise = SplitMix64(seed: seed)
        let kernel = (0..<c.n).map { _ in exp(-4 * (uniform() + 1) + spread * noise.standardNormal()) }
        return WeightedProblem(regulators: Matrix(regulators), target: target, kernel: kernel, selfIndex: c.q > 3 ? 2 : nil,
                               regulatorScale: [Double](repeating: 1, count: c.q), targetScale: 1)
    }

    static func expectSame(_ a: SelectedFit?, _ b: SelectedFit?, _ label: String) {
        #expect((a == nil) == (b == nil), "\(label): one selection is empty")
        guard let a, let b else { return }
        #expect(a.gamma == b.gamma && a.round == b.round, "\(label): gamma or round differ")
        #expect(abs(a.lambda - b.lambda) <= 1e-12 * b.lambda, "\(label): lambda differs")
        #expect(abs(a.mWAICc - b.mWAICc) <= 1e-9 * max(1, abs(b.mWAICc)), "\(label): mWAICc differs")
        let difference = zip(a.coefficients, b.coefficients).map { abs($0 - $1) }.max() ?? 0
        #expect(difference <= 1e-9, "\(label): coefficients differ by \(difference)")
    }

    @Test(arguments: cases)
    func aNeighboursGuideChangesNothing(_ c: ElasticNetSolverTests.Case) throws {
        var guide = PathGuide()
        var solved = 0
        for step in 0..<4 {                      // a chain of neighbouring problems, as in a profiler chunk
            let problem = Self.problem(c, spread: 0.05, seed: 1000 + UInt64(step))
            let before = guide.guessesSolved
            let guided = try ModelSelection.select(problem, options: SelectionOptions(), guide: &guide)
            if step > 0 { solved += guide.guessesSolved - before }
            Self.expectSame(guided, try ModelSelection.select(problem, options: SelectionOptions()), "step \(step)")
        }
        #expect(solved > 0, "no grid point was solved from the neighbour's support")
    }

    /// A guide recorded on another problem (other data and size) gives wrong guesses, some
    /// naming coordinates the problem does not have; they are corrected or abandoned.
    @Test func anUnrelatedGuideChangesNothing() throws {
        var guide = PathGuide()
        _ = try ModelSelection.select(Self.problem(Self.cases[0], spread: 0, seed: 1), options: SelectionOptions(), guide: &guide)
        for c in Self.cases.dropFirst() {
            let problem = Self.problem(c, spread: 0, seed: 2)
            var foreign = guide
            let guided = try ModelSelection.select(problem, options: SelectionOptions(), guide: &foreign)
            Self.expectSame(guided, try ModelSelection.select(problem, options: SelectionOptions()), "case \(c)")
        }
    }

    /// Signs are part of a support: with every recorded sign flipped, the guesses fail their
    /// checks and the answer is still the optimum.
    @Test func flippedSignsAreCaught() throws {
        let c = Self.cases[0]
        let problem = Self.problem(c, spread: 0, seed: 3)
        var guide = PathGuide()
        let plain = try ModelSelection.select(problem, options: SelectionOptions(), guide: &guide)
        guide.flipSigns()
        let flipped = try ModelSelection.select(problem, options: SelectionOptions(), guide: &guide)
        Self.expectSame(flipped, plain, "flipped")
    }
}
