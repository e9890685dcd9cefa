/// When an edge is called "varying" (METHOD.md 1.7): its permutation q is at most the level
/// asked for AND its standardised effect is at least `minimumEffect`.
///
/// Why an effect-size requirement. The permutation null ("the modulator is unrelated to the
/// lines") is rejected for every edge of a target whose network changes at all: when one
/// coefficient varies along the modulator, the local fits move the coefficients of regulators
/// that stand in for it in part of the range, and those small local edges also beat every
/// permutation. On the semi-synthetic benchmark (docs/BENCHMARKS.md 6.9) such edges were 215 of
/// 268 calls at q <= 0.1, all at the p floor. A p-value cannot rank them; their size can.
///
/// The effect is T in standard-deviation units of the data: the sd over lines of beta_jk
/// times sd(x_j) / sd(y_k), i.e. how much the standardised coefficient changes across lines.
/// The threshold 0.1 is Cohen's conventional "small" standardised effect; it was fixed as a
/// round convention, not tuned, and is judged on a fresh semi-synthetic draw (BENCHMARKS 6.9).
/// Like a fold-change cut beside an FDR, it changes what is reported, not the q-values.
public enum ModulationCall {
    /// Default minimum standardised effect of a varying call.
    public static let minimumEffect = 0.1
    /// Default q level of a varying call (the listings' `--max-q` when asked for calls).
    public static let level = 0.1

    /// The standardised effect of every statistic: T_j sd(x_j) / sd(y), sd with divisor n over
    /// the same lines the statistic was computed on; 0 when y is constant.
    public static func standardised(_ statistics: [Double], regulators: [Int], x: Matrix, y: [Double]) -> [Double] {
        let sy = sd(y)
        guard sy > 0 else { return statistics.map { _ in 0 } }
        return zip(statistics, regulators).map { t, j in t * sd(x.column(j)) / sy }
    }

    /// An edge is a varying call: q at most `maxQ` and, when the effect is known, the effect at
    /// least `minEffect` (tests stored before effects were recorded have none: q alone).
    public static func varies(q: Double?, effect: Double?, maxQ: Double, minEffect: Double) -> Bool {
        guard let q, q <= maxQ else { return false }
        guard let effect else { return true }
        return effect >= minEffect
    }

    /// Population sd (divisor n), in two passes.
    static func sd(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return 0 }
        let mean = v.reduce(0, +) / Double(v.count)
        return (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
    }
}
