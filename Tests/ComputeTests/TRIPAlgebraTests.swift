import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Compute

/// TRIP's linear algebra against independent forms: HOSVD against the SVD of the unfoldings,
/// the Stiefel retraction, dual against primal ridge, AUROC against pair counting, and the
/// fast projections against the direct ones.
extension TRIPTests {
    /// HOSVD through Grams + dsyev spans the same subspaces as the SVD of the unfoldings.
    @Test func hosvdMatchesTheSVDOfTheUnfolding() throws {
        let stack = Self.randomStack(cells: 30, regulators: 9, targets: 7, edges: 30, seed: 5)
        let (c1, c2) = try HOSVD.projections(stack, ranks: (3, 2))
        for (c, reference) in [(c1, HOSVD.naiveUnfoldingSVD(stack, mode: 1, count: 3)), (c2, HOSVD.naiveUnfoldingSVD(stack, mode: 2, count: 2))] {
            let p = c.multiplied(by: c.transposed), r = reference.multiplied(by: reference.transposed)
            #expect(p.maxAbsDifference(r) < 1e-9)
            #expect(Stiefel.orthonormalityError(c) < 1e-12)
        }
    }

    @Test func retractionIsOrthonormalAndTangentProjectionIsTangent() {
        let c = Self.randomOrthonormal(rows: 20, columns: 4, seed: 9)
        #expect(Stiefel.orthonormalityError(c) < 1e-14)
        var rng = TestRandom(seed: 4)
        let e = Matrix(rows: 20, columns: 4, values: (0..<80).map { _ in rng.uniform() })
        let xi = Stiefel.tangentProjection(point: c, gradient: e)
        let s = c.transposeMultiplied(by: xi)                 // tangent: C'xi is skew-symmetric
        for a in 0..<4 { for b in 0..<4 { #expect(abs(s[a, b] + s[b, a]) < 1e-13) } }
    }

    /// The dual ridge equals the primal ridge (X'X + lambda I) w = X'y on centred data.
    @Test func dualRidgeEqualsPrimalRidge() throws {
        let stack = Self.randomStack(cells: 15, regulators: 4, targets: 3, edges: 8, seed: 2)
        var rng = TestRandom(seed: 6)
        let y = (0..<15).map { _ in rng.uniform() }
        let kernel = RidgeBaseline.linearKernel(stack)
        let train = Array(0..<11), test = [11, 12, 13, 14], lambda = 0.7
        let dual = RidgeBaseline.fitPredict(kernel: kernel, train: train, test: test, response: y, lambda: lambda)
        // Primal on dense rows.
        let e = stack.edgeCount
        func row(_ i: Int) -> [Double] {
            var r = [Double](repeating: 0, count: e)
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] { r[stack.entryEdge[k]] = stack.entryValue[k] }
            return r
        }
        let rows = train.map(row)
        let means = (0..<e).map { f in rows.reduce(0) { $0 + $1[f] } / Double(train.count) }
        let ybar = train.reduce(0) { $0 + y[$1] } / Double(train.count)
        var a = [Double](repeating: 0, count: e * e), b = [Double](repeating: 0, count: e)
        for (r, i) in zip(rows, train) {
            for f in 0..<e {
                b[f] += (r[f] - means[f]) * (y[i] - ybar)
                for g in 0..<e { a[f * e + g] += (r[f] - means[f]) * (r[g] - means[g]) }
            }
        }
        for f in 0..<e { a[f * e + f] += lambda }
        let w = try #require(Cholesky(a, size: e)).solve(b)
        for (s, predicted) in zip(test, dual) {
            let r = row(s)
            let primal = ybar + (0..<e).reduce(0) { $0 + (r[$1] - means[$1]) * w[$1] }
            #expect(abs(primal - predicted) < 1e-10)
        }
    }

    @Test func aurocEqualsPairCounting() {
        var rng = TestRandom(seed: 12)
        let scores = (0..<40).map { _ in Double(Int(rng.uniform() * 5)) }     // many ties
        let labels = (0..<40).map { _ in rng.next() % 3 == 0 }
        var wins = 0.0, pairs = 0.0
        for i in 0..<40 where labels[i] { for j in 0..<40 where !labels[j] {
            pairs += 1; wins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
        } }
        #expect(abs(Metrics.auroc(labels: labels, scores: scores) - wins / pairs) < 1e-14)
    }

    /// The baseline's shortcut (Z computed once for fixed C1, C2) gives the same objective and
    /// theta gradient as the full evaluation.
    @Test func fixedProjectionShortcutAgrees() throws {
        let stack = Self.randomStack(cells: 12, regulators: 6, targets: 5, edges: 20, seed: 3)
        let c1 = Self.randomOrthonormal(rows: stack.regulatorGenes.count, columns: 2, seed: 8)
        let c2 = Self.randomOrthonormal(rows: stack.targetGenes.count, columns: 2, seed: 9)
        let model = TRIPModel(c1: c1, c2: c2, hidden: 3, offset: 0.1, seed: 2)
        let response = (0..<12).map { Double($0 % 5) - 2 }
        let objective = TRIPObjective(stack: stack, response: response, task: .regression, eta: 0.1, rho: 1e-4)
        let full = objective.evaluate(model)
        let shortcut = objective.evaluate(model, fixedProjection: model.projected(stack))
        #expect(abs(full.value - shortcut.value) <= 1e-12)
        let a = try #require(full.gradient).theta, b = try #require(shortcut.gradient).theta
        #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 })
    }

    /// The two-stage projection (X_i C2, then C1') equals the direct per-edge-feature form and
    /// the dense C1' X_i C2, to rounding.
    @Test func twoStageProjectionEqualsTheDirectForm() {
        let stack = Self.randomStack(cells: 9, regulators: 7, targets: 6, edges: 25, seed: 12)
        let c1 = Self.randomOrthonormal(rows: stack.regulatorGenes.count, columns: 3, seed: 4)
        let c2 = Self.randomOrthonormal(rows: stack.targetGenes.count, columns: 2, seed: 5)
        let model = TRIPModel(c1: c1, c2: c2, hidden: 0, offset: 0, seed: 1)
        let twoStage = model.projected(stack)
        let direct = model.projected(stack, phi: model.edgeFeatures(stack))
        var worst = 0.0
        for i in 0..<stack.cellCount {
            let dense = c1.transposeMultiplied(by: stack.dense(cell: i)).multiplied(by: c2)
            for a in 0..<3 { for b in 0..<2 {
                worst = max(worst, abs(twoStage[i, a * 2 + b] - dense[a, b]), abs(direct[i, a * 2 + b] - dense[a, b]))
            } }
        }
        #expect(worst <= 1e-12)
    }
}
