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
}
