/// Grid points solved directly on a guessed support instead of walked to event by event.
///
/// Neighbouring cells in modulator order have nearly the same kernel weights, so the same
/// target's lambda paths nearly coincide: on the real data (CDH1, h = 1, round 1) the
/// neighbour's support at the same gamma and grid index is the exact support about 2 times
/// in 3 and differs by about one coordinate on average, where walking there takes tens of
/// events at the dense end of the path. A guess costs a block update of S
/// (SupportFactor+Blocks), one solve and one g = c - G b; whatever it was, an answer is
/// returned only when every KKT condition holds, so it is the unique optimum (METHOD.md
/// 1.1), the same point the walk would reach.
extension ElasticNetPath {
    enum GuessOutcome {
        /// The optimum at the target; the path's state is now that solution.
        case solved(ElasticNetSolution)
        /// Not tried: the guess adds too few coordinates to beat walking. The state is as before.
        case skipped
        /// The guess (and its corrections) failed; the state is as before, so the caller walks.
        case missed
        /// S could not be moved back to the path's support: the path is unusable.
        case broken
    }

    /// The optimum at `target` (below the current lambda) tried on `guess`, a signed
    /// support (PathGuide's encoding: j for +, ~j for -). A guess that is not optimal is
    /// corrected up to `corrections` times, primal-dual active-set style: coefficients of the
    /// wrong sign leave, coordinates over their KKT bound join with the sign of g_j.
    mutating func solution(at target: Double, guess: [Int], gram: UnsafeBufferPointer<Double>, correlations c: [Double],
                           penalty: [Double], excluded: [Bool], kktTolerance: Double, factor: inout SupportFactor,
                           corrections: Int = 2, minimumNewcomers: Int = 4) -> GuessOutcome {
        guard target < lambda else { return .skipped }
        var support: [Int] = [], signs: [Double] = [], newcomers = 0
        for entry in guess {
            let j = entry >= 0 ? entry : ~entry
            guard j < size, !excluded[j] else { continue }
            support.append(j)
            signs.append(entry >= 0 ? 1 : -1)
            if factor.position(of: j) < 0 { newcomers += 1 }
        }
        // Walking a few events costs less than a block update: guess only for a longer way.
        guard newcomers >= minimumNewcomers else { return .skipped }
        let pathSupport = factor.order
        for _ in 0...corrections {
            guard factor.update(to: support, gram: gram, size: size) else { break }
            for j in pathSupport { sign[j] = 0 }
            for (j, s) in zip(support, signs) { sign[j] = s }
            let outcome = solveOnSupport(at: target, gram: gram, correlations: c, penalty: penalty, excluded: excluded,
                                         kktTolerance: kktTolerance, factor: &factor, corrections: true)
            for j in support { sign[j] = 0 }
            guard case let .wrong(leaving, joining) = outcome else {
                if case let .optimal(solution) = outcome {
                    lambda = target
                    coefficients = solution.coefficients
                    residual = solution.residualCorrelations
                    for j in support { sign[j] = coefficients[j] > 0 ? 1 : -1 }
                    return .solved(solution)
                }
                break
            }
            let dropped = Set(leaving)
            var next: [Int] = [], nextSigns: [Double] = []
            for (j, s) in zip(support, signs) where !dropped.contains(j) { next.append(j); nextSigns.append(s) }
            for entry in joining { next.append(entry >= 0 ? entry : ~entry); nextSigns.append(entry >= 0 ? 1 : -1) }
            support = next
            signs = nextSigns
        }
        // Back to the exact state at the current lambda (its signs are its coefficients').
        for j in pathSupport { sign[j] = coefficients[j] > 0 ? 1 : -1 }
        return factor.update(to: pathSupport, gram: gram, size: size) ? .missed : .broken
    }
}
