/// Adjustment for a categorical confounder such as tissue (METHOD.md 1.7, `profile --adjust
/// tissue`): every gene's expression and the modulator are replaced by their residuals on the
/// one-hot groups with an intercept, which is each value minus its group's mean.
public enum GroupAdjustment {
    /// Group index of each line, from labels (sorted, so the indices do not depend on order).
    public static func groups(_ labels: [String]) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: Set(labels).sorted().enumerated().map { ($1, $0) })
        return labels.map { index[$0]! }
    }

    /// Values minus their group's mean (group sums in line order).
    public static func residuals(_ values: [Double], groups: [Int]) -> [Double] {
        let count = (groups.max() ?? -1) + 1
        var sum = [Double](repeating: 0, count: count), size = [Int](repeating: 0, count: count)
        for (v, g) in zip(values, groups) { sum[g] += v; size[g] += 1 }
        return zip(values, groups).map { v, g in v - sum[g] / Double(size[g]) }
    }

    /// Every column of `m` (lines x genes) residualised on the groups.
    public static func residuals(_ m: Matrix, groups: [Int]) -> Matrix {
        var out = m
        for j in 0..<m.columns {
            for (i, r) in residuals(m.column(j), groups: groups).enumerated() { out[i, j] = r }
        }
        return out
    }

    /// eta^2 = between-group sum of squares / total sum of squares: the share of the values'
    /// variance the groups explain (0 for constant values).
    public static func eta2(_ values: [Double], groups: [Int]) -> Double {
        let mean = values.reduce(0, +) / Double(max(1, values.count))
        let total = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return 0 }
        let within = residuals(values, groups: groups).reduce(0) { $0 + $1 * $1 }
        return max(0, 1 - within / total)
    }

    /// Residuals on one-hot groups with an intercept plus one more covariate (a 0/1 indicator
    /// such as Y status), fitted jointly (additive, no interaction). By Frisch-Waugh-Lovell:
    /// with r_v and r_c the group residuals of the values and of the covariate, the joint
    /// residual is r_v - b r_c, b = <r_v, r_c> / <r_c, r_c>. Without a covariate, or when it is
    /// constant within every group, this is `residuals(_:groups:)`.
    public struct Additive: Sendable {
        public let groups: [Int]
        let covariate: [Double]?
        let covariateNorm: Double

        public init(groups: [Int], covariate: [Double]? = nil) {
            self.groups = groups
            let r = covariate.map { GroupAdjustment.residuals($0, groups: groups) }
            let norm = r.map { $0.reduce(0) { $0 + $1 * $1 } } ?? 0
            // A covariate that the groups explain to rounding adds nothing (and would divide by ~0).
            let scale = covariate.map { $0.reduce(0) { $0 + $1 * $1 } } ?? 0
            self.covariate = norm > 1e-12 * max(1, scale) ? r : nil
            self.covariateNorm = norm
        }

        public func apply(_ values: [Double]) -> [Double] {
            let r = GroupAdjustment.residuals(values, groups: groups)
            guard let c = covariate else { return r }
            let b = zip(r, c).reduce(0) { $0 + $1.0 * $1.1 } / covariateNorm
            return zip(r, c).map { $0 - b * $1 }
        }

        public func apply(_ m: Matrix) -> Matrix {
            var out = m
            for j in 0..<m.columns {
                for (i, r) in apply(m.column(j)).enumerated() { out[i, j] = r }
            }
            return out
        }
    }
}
