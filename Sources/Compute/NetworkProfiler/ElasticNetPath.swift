import CDenseKernels

/// The exact solution path of the weighted adaptive elastic net of METHOD.md 1.1 in lambda,
/// for one gamma and one set of adaptive weights a (a homotopy, as in LARS-EN).
///
/// On a fixed active set A with signs s the optimum solves (G_AA + gamma I) b_A = c_A -
/// lambda a_A s_A, so between changes of A it is linear in lambda: with t = lambda_now -
/// lambda, b_A(t) = b_A + t y where y = S (a_A s_A) and S = (G_AA + gamma I)^-1, and the
/// residual correlations g = c - G b move as g(t) = g - t G_{.A} y. The path therefore goes
/// from event to event, each found in closed form:
/// - an active coefficient reaches zero (b_k + t y_k = 0) and leaves A;
/// - an inactive coordinate reaches its KKT bound (|g_j(t)| = (lambda - t) a_j) and joins A
///   with the sign of g_j.
/// Each event costs a product S (a_A s_A), the slope of g on the coordinates that could
/// join, and one rank-one update of S (SupportFactor), where coordinate descent sweeps every
/// coordinate several times per grid point. Which coordinates could join is screened by the
/// sequential strong rule (see `advance`), and the screen is checked by the KKT conditions
/// over every coordinate at each grid point.
///
/// At each grid point the solution is recomputed directly from S (with iterative
/// refinement), g from G, and the KKT conditions are checked over all coordinates; only a
/// point that passes is returned. When one does not (a degenerate tie between events, or
/// drift), the caller finishes that point with the coordinate-descent solver instead, so the
/// answer is always the verified unique optimum: the path is a faster route to it, not a
/// different estimator.
struct ElasticNetPath {
    // lambda, coefficients, residual and sign are written only here,
    // in ElasticNetPath+Guess.swift and in ElasticNetPath+Support.swift.
    let size: Int
    private(set) var gamma: Double
    /// The lambda the state below is exact for.
    var lambda: Double
    /// b, with b_j = 0 off A.
    var coefficients: [Double]
    /// g = c - G b.
    var residual: [Double]
    /// s_j on A, 0 elsewhere.
    var sign: [Double]
    /// Scratch: a_A s_A and y (both in the order of S), and G_{C,A} y on the watched
    /// coordinates C (in the order of `block.rows`).
    private var penaltySigns: [Double]
    private var direction: [Double]
    private var slope: [Double]
    /// C, and G_{C,A} gathered (see `advance`).
    private var block: WatchedBlock
    /// Events since the start; the path gives up beyond `eventLimit` (a cycle of
    /// degenerate events).
    private(set) var events = 0
    private(set) var eventLimit: Int

    /// The path at lambda_max = max_j |c_j| / a_j, where b = 0; `factor` is emptied.
    /// `eventLimit` (default 20 q + 100) bounds the events of the whole path.
    init(correlations c: [Double], penalty: [Double], excluded: [Bool], gamma: Double, factor: inout SupportFactor,
         eventLimit: Int? = nil) {
        size = c.count
        self.gamma = gamma
        lambda = 0
        coefficients = [Double](repeating: 0, count: size)
        residual = coefficients                     // restart below sets the state
        sign = coefficients
        penaltySigns = coefficients
        direction = coefficients
        slope = coefficients
        block = WatchedBlock(size: size)
        self.eventLimit = eventLimit ?? 20 * size + 100
        restart(correlations: c, penalty: penalty, excluded: excluded, factor: &factor)
    }

    /// The same path object for another problem of the same size (PathWorkspace): every
    /// buffer is kept.
    mutating func reuse(correlations c: [Double], penalty: [Double], excluded: [Bool], gamma: Double,
                        factor: inout SupportFactor, eventLimit: Int? = nil) {
        self.gamma = gamma
        self.eventLimit = eventLimit ?? 20 * size + 100
        restart(correlations: c, penalty: penalty, excluded: excluded, factor: &factor)
    }

    /// Back to lambda_max and b = 0 for new adaptive weights (the next recursion round),
    /// keeping every buffer.
    mutating func restart(correlations c: [Double], penalty: [Double], excluded: [Bool], factor: inout SupportFactor) {
        lambda = ModelSelection.lambdaMax(correlations: c, penalty: penalty, excluded: excluded)
        for j in 0..<size {
            coefficients[j] = 0
            sign[j] = 0
            residual[j] = c[j]
        }
        events = 0
        factor.reset()
    }

    /// Follows the path down to `target`, then returns the verified solution there (nil when
    /// the path gave up or the point failed its KKT check: the caller solves that point by
    /// coordinate descent and may `resume` from its answer).
    mutating func solution(at target: Double, gram: UnsafeBufferPointer<Double>, correlations c: [Double],
                           penalty: [Double], excluded: [Bool], kktTolerance: Double,
                           factor: inout SupportFactor) -> ElasticNetSolution? {
        if target < lambda {
            guard advance(to: target, gram: gram, penalty: penalty, excluded: excluded, factor: &factor) else { return nil }
        }
        return verified(gram: gram, correlations: c, penalty: penalty, excluded: excluded, kktTolerance: kktTolerance,
                        factor: &factor)
    }

    /// Restarts the path from an exact solution at `lambda` found another way (its support
    /// must be the factor's, as the solver's exact finish leaves it).
    mutating func resume(from solution: ElasticNetSolution, lambda: Double, gram: UnsafeBufferPointer<Double>,
                         factor: inout SupportFactor) -> Bool {
        let support = (0..<size).filter { solution.coefficients[$0] != 0 }
        guard factor.update(to: support, gram: gram, size: size) else { return false }
        self.lambda = lambda
        coefficients = solution.coefficients
        residual = solution.residualCorrelations
        for j in 0..<size { sign[j] = coefficients[j] > 0 ? 1 : (coefficients[j] < 0 ? -1 : 0) }
        return true
    }

    private enum Event {
        case none
        case leave(Int)
        /// The coordinate at this row of the watched block, with its sign.
        case join(Int, Double)
    }

    /// Moves from event to event until lambda = target. False when an update of S fails
    /// or the events run away.
    ///
    /// Screening (the sequential strong rule, in this penalty's form): only coordinates with
    /// |g_j| >= a_j (2 target - lambda) at the start are watched for joins, plus any that
    /// leave on the way. g and its slope are kept only on those, from a gathered copy of
    /// G_{C,A} (watched rows, active columns) that follows A's changes, so the slope is
    /// |A| short contiguous daxpys. The rule can miss a coordinate; the KKT check over all
    /// coordinates at the grid point then fails and the caller finishes that point by
    /// coordinate descent.
    private mutating func advance(to target: Double, gram: UnsafeBufferPointer<Double>, penalty: [Double],
                                  excluded: [Bool], factor: inout SupportFactor) -> Bool {
        let q = size
        let screen = 2 * target - lambda
        block.reset()
        for j in 0..<q where sign[j] == 0 && !excluded[j] && abs(residual[j]) >= penalty[j] * screen { block.include(j) }
        block.gather(gram: gram, order: factor.order)
        var justLeft = -1
        computeDirection(penalty: penalty, factor: factor)
        while lambda > target {
            events += 1
            if events > eventLimit { return false }
            let m = factor.order.count, w = block.rows.count
            var step = lambda - target
            var event = Event.none
            factor.order.withUnsafeBufferPointer { order in
                for r in 0..<m {
                    let j = order[r]
                    if direction[r] * coefficients[j] < 0 {
                        let t = -coefficients[j] / direction[r]
                        if t < step { step = t; event = .leave(j) }
                    }
                }
            }
            // slope = G_{C,A} y from the gathered block (zero when A is empty).
            sn_combine(w, m, block.values, q, nil, direction, 0, &slope)
            for i in 0..<w {
                let j = block.rows[i]
                if j == justLeft { continue }
                let a = penalty[j], gj = residual[j], dj = slope[i]
                // g_j - t dj = +(lambda - t) a  or  -(lambda - t) a.
                let up = a - dj, down = a + dj
                if up > 0 {
                    let t = max(0, (lambda * a - gj) / up)
                    if t < step { step = t; event = .join(i, 1) }
                }
                if down > 0 {
                    let t = max(0, (lambda * a + gj) / down)
                    if t < step { step = t; event = .join(i, -1) }
                }
            }
            if step > 0 {
                factor.order.withUnsafeBufferPointer { order in
                    for r in 0..<m { coefficients[order[r]] += step * direction[r] }
                }
                for i in 0..<w { residual[block.rows[i]] -= step * slope[i] }
            }
            lambda = max(target, lambda - step)
            justLeft = -1
            switch event {
            case .none:
                lambda = target
            case let .leave(j):
                coefficients[j] = 0
                // On A, g_j = lambda a_j s_j + gamma b_j; it leaves with b_j = 0.
                residual[j] = lambda * penalty[j] * sign[j]
                sign[j] = 0
                let p = factor.position(of: j), last = m - 1
                factor.remove(j)                         // moves A's last coordinate to p
                block.moveColumn(last, to: p)
                followRemoval(at: p, last: last, penalty: penalty, factor: factor)
                block.watch(j, gram: gram, order: factor.order)
                justLeft = j
            case let .join(i, s):
                let j = block.rows[i]
                sign[j] = s
                block.unwatch(at: i, columns: m)
                if factor.add(j, gram: gram, size: q) {
                    block.appendColumn(j, gram: gram, column: m)
                    followAddition(penaltySign: penalty[j] * s, columns: m, penalty: penalty, factor: factor)
                } else {
                    guard factor.update(to: factor.order + [j], gram: gram, size: q) else { return false }
                    block.gather(gram: gram, order: factor.order)
                    computeDirection(penalty: penalty, factor: factor)
                }
            }
        }
        return true
    }

    // MARK: - The direction y = S (a_A s_A), followed through updates of S

    /// y from scratch (once per grid point, so rounding cannot build up along the path).
    private mutating func computeDirection(penalty: [Double], factor: SupportFactor) {
        let m = factor.order.count
        factor.order.withUnsafeBufferPointer { order in
            for r in 0..<m { penaltySigns[r] = penalty[order[r]] * sign[order[r]] }
        }
        factor.apply(penaltySigns, into: &direction)
    }

    /// y after coordinate j joined at position m with a_j s_j = `penaltySign`: with w = S u,
    /// u = G_Aj and the Schur complement s (SupportFactor.add), S' v' = [y + w t / s; -t / s]
    /// where t = u'y - a_j s_j, since w'v = u'S v = u'y. O(|A|).
    private mutating func followAddition(penaltySign: Double, columns m: Int, penalty: [Double], factor: SupportFactor) {
        guard case let .added(schur) = factor.lastUpdate else { return computeDirection(penalty: penalty, factor: factor) }
        let t = (m == 0 ? 0 : factor.withLastColumn { sn_dot(m, $0.baseAddress, direction) }) - penaltySign
        factor.withLastVector { w in
            for r in 0..<m { direction[r] += w[r] * t / schur }
        }
        direction[m] = -t / schur
    }

    /// y after the coordinate at position p left (A's last coordinate moved to p): with S =
    /// [B b; b' beta] in the order before the removal, y' = y_B - b y_last / beta. O(|A|).
    private mutating func followRemoval(at p: Int, last: Int, penalty: [Double], factor: SupportFactor) {
        guard case let .removed(pivot) = factor.lastUpdate else { return computeDirection(penalty: penalty, factor: factor) }
        direction.swapAt(p, last)
        let leaving = direction[last]
        factor.withLastVector { b in
            for r in 0..<last { direction[r] -= b[r] * leaving / pivot }
        }
    }
}
