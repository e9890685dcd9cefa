/// What the bandwidth cross-validation of one target found (METHOD.md 1.3), with the static
/// arm of 1.7: h = infinity, uniform kernel weights, one static adaptive elastic net fitted to
/// the same training cells and scored on the same held-out cells as every finite h.
///
/// Our choices where METHOD.md is silent. The best finite h is the argmin of the CV error
/// (ties: first in grid order). The static fit is kept unless the best finite h lowers the
/// held-out error by more than one standard error of the paired difference (the
/// one-standard-error rule of Breiman et al. 1984, glmnet's lambda.1se, with the static
/// network as the simplest model): the best of several finite h would otherwise beat one
/// static fit on noise alone (on a planted static truth, 2 of 3 targets "varied" under a bare
/// argmin). "On the grid boundary" means the best finite h is the grid's smallest or largest
/// value, so the CV curve has no interior minimum and a wider grid might move it. The choice
/// is a point estimate on one held-out set, not a test: per-edge inference is 1.7's
/// permutation test.
public struct BandwidthCV: Sendable, Equatable {
    /// The finite bandwidths tried, in grid order.
    public var grid: [Double]
    /// CV error (sum of squared held-out prediction errors) per finite bandwidth.
    public var errors: [Double]
    /// The static fit's CV error on the same held-out cells; nil when the arm was off.
    public var staticError: Double?
    /// Standard error of (static - best finite CV error) from the paired per-cell
    /// differences d_i: sqrt(m var(d)), m held-out cells; nil without the arm.
    public var differenceSE: Double?

    public init(grid: [Double], errors: [Double], staticError: Double?, differenceSE: Double?) {
        precondition(!grid.isEmpty && grid.count == errors.count, "one CV error per finite bandwidth")
        self.grid = grid
        self.errors = errors
        self.staticError = staticError
        self.differenceSE = differenceSE
    }

    /// From squared held-out errors: `squared[g][i]` for finite h g and held-out cell i, and
    /// the static fit's per cell (nil without the arm). Sums run in held-out order.
    public init(grid: [Double], squared: [[Double]], staticSquared: [Double]?) {
        self.init(grid: grid, errors: squared.map { $0.reduce(0, +) }, staticError: staticSquared?.reduce(0, +), differenceSE: nil)
        guard let staticSquared else { return }
        let best = squared[bestFiniteIndex]
        let d = zip(staticSquared, best).map { $0 - $1 }
        let mean = d.reduce(0, +) / Double(d.count)
        let variance = d.count > 1 ? d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1) : 0
        differenceSE = (Double(d.count) * variance).squareRoot()
    }

    /// The best finite bandwidth's index (ties: first in grid order).
    public var bestFiniteIndex: Int {
        var best = 0
        for g in errors.indices where errors[g] < errors[best] { best = g }
        return best
    }

    public var bestFinite: Double { grid[bestFiniteIndex] }
    public var bestFiniteError: Double { errors[bestFiniteIndex] }

    /// The static fit was selected: the best finite h does not lower the CV error by more
    /// than one standard error of the paired difference.
    public var isStatic: Bool {
        guard let staticError else { return false }
        return staticError - bestFiniteError <= (differenceSE ?? 0)
    }

    /// The bandwidth every cell is refitted with: infinity for the static fit.
    public var selected: Double { isStatic ? .infinity : bestFinite }

    /// The CV error of the selected bandwidth.
    public var selectedError: Double { isStatic ? staticError! : bestFiniteError }

    /// The best finite h is the smallest or largest of a grid of at least two values.
    public var onBoundary: Bool {
        grid.count > 1 && (bestFinite == grid.min() || bestFinite == grid.max())
    }

    /// 1 - (best finite CV error) / (static CV error): the share of the static fit's held-out
    /// error that letting coefficients vary removes (negative when static is better).
    public var gainOverStatic: Double? {
        guard let s = staticError, s > 0 else { return nil }
        return 1 - bestFiniteError / s
    }
}
