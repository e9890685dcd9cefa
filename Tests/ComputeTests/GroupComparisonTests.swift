import Testing
@testable import Compute

/// Group comparison of edges: means with absent = 0, presence shares, Welch's p against
/// SciPy 1.11 (`scipy.stats.ttest_ind(b, a, equal_var=False)`, computed outside the suite),
/// BH q, and the order by |B - A|.
@Suite struct GroupComparisonTests {
    @Test func welchMatchesSciPyAndAbsentEdgesCountAsZero() {
        // Edge (1, 9): A = 0.5, 0.7, absent, 0.6, 0.4; B = 0.1, absent, absent, 0.2.
        // Edge (2, 9): present in A's first line (0.3) and B's third (0.1) only.
        let a: GroupComparison.Group = [[(1, 9, 0.5), (2, 9, 0.3)], [(1, 9, 0.7)], [], [(1, 9, 0.6)], [(1, 9, 0.4)]]
        let b: GroupComparison.Group = [[(1, 9, 0.1)], [], [(2, 9, 0.1)], [(1, 9, 0.2)]]
        let rows = GroupComparison.compare(a, b)
        #expect(rows.count == 2 && rows[0].regulator == 1 && rows[1].regulator == 2, "ordered by |B - A|")
        let r = rows[0]
        #expect(abs(r.meanA - 0.44) < 1e-15 && abs(r.meanB - 0.075) < 1e-15 && r.presentA == 0.8 && r.presentB == 0.5)
        #expect(abs(r.p - 0.03614287136979396) < 1e-10, "\(r.p)")
        let s = rows[1]
        #expect(abs(s.meanA - 0.06) < 1e-15 && abs(s.meanB - 0.025) < 1e-15 && s.presentA == 0.2 && s.presentB == 0.25)
        // BH over the two p-values (r.p < s.p): q = min(2 p_1, p_2) and p_2.
        #expect(r.p < s.p && r.q == min(2 * r.p, s.p) && s.q == s.p)
    }

    @Test func smallGroupsAndNoSpread() {
        #expect(GroupComparison.compare([[(1, 2, 0.5)]], [[(1, 2, 0.5)], []]).isEmpty, "a group of one line is refused")
        let same = GroupComparison.compare([[(1, 2, 0.5)], [(1, 2, 0.5)]], [[(1, 2, 0.5)], [(1, 2, 0.5)]])
        #expect(same.first?.p == 1 && same.first?.difference == 0)
    }

    @Test func welchOnUnequalGroupsMatchesSciPy() {
        // A = 0.3, 0, 0; B = 0, 0, 0.1, 0 for one edge.
        let rows = GroupComparison.compare([[(4, 5, 0.3)], [], []], [[], [], [(4, 5, 0.1)], []])
        #expect(abs(rows[0].p - 0.5350274183984491) < 1e-10, "\(rows[0].p)")
    }
}

extension GroupComparisonTests {
    /// The control: a planted difference in one edge is called with the real groups; dealt into
    /// random groups of the same sizes, the lines give (almost) no call.
    @Test func shuffledGroupsAreTheControl() {
        var rng = SplitMix64(seed: 9)
        func line(shift: Double) -> [(regulator: Int, target: Int, beta: Double)] {
            [(1, 2, shift + 0.1 * rng.gaussian())] + (3..<40).map { (Int($0), 2, 0.1 * rng.gaussian()) }
        }
        let a = (0..<30).map { _ in line(shift: 0) }, b = (0..<30).map { _ in line(shift: 1) }
        let observed = GroupComparison.compare(a, b).filter { $0.q <= 0.1 }
        #expect(observed.contains { $0.regulator == 1 })
        #expect(GroupComparison.shuffledCalls(a, b) <= 1, "shuffled \(GroupComparison.shuffledCalls(a, b))")
    }
}
