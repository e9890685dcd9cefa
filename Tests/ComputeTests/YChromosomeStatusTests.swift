import TestSupport
import Testing
@testable import Compute

/// `--adjust sex` (METHOD.md 1.7): the Y-status split is the exact two-means split (checked
/// against trying every threshold by brute force) and recovers a planted bimodal status; the
/// joint adjustment on groups plus a covariate equals least squares on the full design
/// (normal equations solved by Gaussian elimination here).
@Suite struct YChromosomeStatusTests {
    /// Brute force: every threshold between distinct values, the within-group sum of squares
    /// computed directly.
    static func bruteForceThreshold(_ x: [Double]) -> Double {
        let distinct = Array(Set(x)).sorted()
        var best = (cost: Double.infinity, threshold: 0.0)
        for k in 1..<distinct.count {
            let t = (distinct[k - 1] + distinct[k]) / 2
            let low = x.filter { $0 <= t }, high = x.filter { $0 > t }
            func ss(_ v: [Double]) -> Double { let m = v.reduce(0, +) / Double(v.count); return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } }
            let cost = ss(low) + ss(high)
            if cost < best.cost - 1e-12 { best = (cost, t) }
        }
        return best.threshold
    }

    @Test func splitIsTheExactTwoMeansSplitAndFindsAPlantedStatus() throws {
        var random = TestRandom(seed: 2201)
        let truth = (0..<300).map { _ in random.uniform() > 0.4 ? 1 : 0 }
        // Three Y genes on different scales: ~8 log units where expressed, ~2 where not.
        let columns = (0..<3).map { g in truth.map { Double(g + 1) * (($0 == 1 ? 8.0 : 2.0) + 0.6 * random.standardNormal()) } }
        let scores = YChromosomeStatus.scores(columns)
        let split = try #require(YChromosomeStatus.split(scores))
        #expect(split.expressed == truth)
        #expect(split.separation > 5, "\(split.separation)")
        #expect(abs(split.threshold - Self.bruteForceThreshold(scores)) < 1e-12)
        // Unimodal noise: still the exact split, but the groups are not far apart.
        let noise = (0..<200).map { _ in random.standardNormal() }
        let n = try #require(YChromosomeStatus.split(noise))
        #expect(abs(n.threshold - Self.bruteForceThreshold(noise)) < 1e-12)
        #expect(n.separation < 3, "\(n.separation)")
        #expect(YChromosomeStatus.split([1, 1, 1]) == nil)
    }

    /// Least squares on [one-hot groups | covariate] by normal equations, for reference.
    static func leastSquaresResiduals(_ y: [Double], groups: [Int], covariate: [Double]) -> [Double] {
        let k = groups.max()! + 1, p = k + 1
        let rows = y.indices.map { i in (0..<k).map { groups[i] == $0 ? 1.0 : 0 } + [covariate[i]] }
        var a = (0..<p).map { r in (0..<p).map { c in rows.reduce(0) { $0 + $1[r] * $1[c] } } + [zip(rows, y).reduce(0) { $0 + $1.0[r] * $1.1 }] }
        for c in 0..<p {       // Gauss-Jordan with partial pivoting
            let pivot = (c..<p).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot)
            for r in 0..<p where r != c {
                let f = a[r][c] / a[c][c]
                for j in c...p { a[r][j] -= f * a[c][j] }
            }
        }
        let b = (0..<p).map { a[$0][p] / a[$0][$0] }
        return y.indices.map { i in y[i] - zip(rows[i], b).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    @Test func jointAdjustmentIsLeastSquaresOnGroupsAndCovariate() {
        var random = TestRandom(seed: 2202)
        let groups = (0..<120).map { _ in Int(random.next() % 4) }
        let status = (0..<120).map { _ in random.uniform() > 0 ? 1.0 : 0 }
        let y = zip(groups, status).map { Double($0) * 1.5 + 2 * $1 + random.standardNormal() }
        let adjusted = GroupAdjustment.Additive(groups: groups, covariate: status).apply(y)
        let reference = Self.leastSquaresResiduals(y, groups: groups, covariate: status)
        #expect(zip(adjusted, reference).allSatisfy { abs($0 - $1) < 1e-10 })
        #expect(GroupAdjustment.eta2(adjusted, groups: groups) < 1e-20 && GroupAdjustment.eta2(adjusted, groups: status.map { Int($0) }) < 1e-20)
        // Without a covariate, or with one the groups already explain, it is the group residuals.
        #expect(GroupAdjustment.Additive(groups: groups).apply(y) == GroupAdjustment.residuals(y, groups: groups))
        let explained = groups.map { $0 >= 2 ? 1.0 : 0 }
        #expect(GroupAdjustment.Additive(groups: groups, covariate: explained).apply(y) == GroupAdjustment.residuals(y, groups: groups))
    }
}
