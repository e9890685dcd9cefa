import Testing
@testable import Compute

/// Residualising on one-hot groups is subtracting group means; eta^2 by hand.
@Suite struct GroupAdjustmentTests {
    @Test func residualsAndEta2ByHand() {
        let groups = GroupAdjustment.groups(["lung", "skin", "lung", "skin", "lung"])
        #expect(groups == [0, 1, 0, 1, 0])
        // lung: 1, 3, 5 (mean 3); skin: 10, 20 (mean 15).
        let values = [1.0, 10, 3, 20, 5]
        #expect(GroupAdjustment.residuals(values, groups: groups) == [-2, -5, 0, 5, 2])
        // Total SS about the mean 7.8: 46.24 + 4.84 + 23.04 + 148.84 + 7.84 = 230.8; within 8 + 50 = 58.
        #expect(abs(GroupAdjustment.eta2(values, groups: groups) - (1 - 58 / 230.8)) < 1e-12)
        #expect(abs(GroupAdjustment.eta2(GroupAdjustment.residuals(values, groups: groups), groups: groups)) < 1e-12)
        #expect(GroupAdjustment.eta2([2, 2, 2], groups: [0, 1, 0]) == 0)
        let m = GroupAdjustment.residuals(Matrix(rows: 5, columns: 2, values: [1, 0, 10, 0, 3, 1, 20, 0, 5, 2]), groups: groups)
        #expect(m.column(0) == [-2, -5, 0, 5, 2] && m.column(1) == [-1, 0, 0, 0, 1])
    }
}
