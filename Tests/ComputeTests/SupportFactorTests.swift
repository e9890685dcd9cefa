import TestSupport
import Testing
@testable import Compute

/// The path-updated inverse (G_AA + gamma I)^-1 against a fresh Gauss-Jordan inverse of the
/// same gathered matrix, through a long random walk of supports (additions, removals,
/// wholesale changes), as an elastic-net path would take it.
@Suite struct SupportFactorTests {
    @Test(arguments: [(UInt64(1), 0.001), (UInt64(2), 0.1), (UInt64(3), 1.0)])
    func updatedInverseMatchesAFreshOne(_ seed: UInt64, _ gamma: Double) throws {
        let q = 40
        var rng = SplitMix64(seed: seed)
        let gram = Self.gram(n: 30, q: q, &rng)
        var factor = SupportFactor(size: q, gamma: gamma)
        var support = Set<Int>()
        for step in 0..<200 {
            let change = Int(rng.next() % 8)
            if change == 0 {                                           // a new support wholesale
                support = Set((0..<q).filter { _ in rng.next() % 3 == 0 })
            } else {
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    let j = Int(rng.next() % UInt64(q))
                    if support.contains(j) { support.remove(j) } else { support.insert(j) }
                }
            }
            let ascending = support.sorted()
            let ok = gram.withUnsafeBufferPointer { factor.update(to: ascending, gram: $0, size: q) }
            try #require(ok)
            #expect(Set(factor.order) == support)
            try Self.expectMatchesAFreshInverse(&factor, gram: gram, q: q, gamma: gamma, &rng, step: step)
        }
    }

    /// G = Z'Z for n x q Gaussian data scaled by 1/sqrt(n), with columns 0 and 1 nearly collinear.
    static func gram(n: Int, q: Int, _ rng: inout SplitMix64) -> [Double] {
        var z = Matrix(rows: n, columns: q)
        for i in 0..<n { for j in 0..<q { z[i, j] = rng.standardNormal() / Double(n).squareRoot() } }
        for i in 0..<n { z[i, 1] = z[i, 0] + 1e-3 * z[i, 2] }       // nearly collinear pair
        return z.gram().values
    }

    /// The factor against G_AA + gamma I gathered afresh: tr(S) to 1e-9, S itself column by
    /// column to 1e-8 of its largest entry (before any solve could rebuild it), then a solve
    /// to a residual of 1e-10.
    static func expectMatchesAFreshInverse(_ factor: inout SupportFactor, gram: [Double], q: Int, gamma: Double,
                                           _ rng: inout SplitMix64, step: Int) throws {
        let m = factor.order.count
        guard m > 0 else { return }
        var a = [Double](repeating: 0, count: m * m)
        for (r, j) in factor.order.enumerated() {
            for (s, l) in factor.order.enumerated() { a[r * m + s] = gram[j * q + l] }
            a[r * m + r] += gamma
        }
        let trace = CholeskyTests.inverseTrace(a, m)
        #expect(abs(factor.inverseTrace - trace) <= 1e-9 * trace, "step \(step): trace")
        let fresh = try #require(Cholesky(a, size: m)?.inverse())
        let largest = fresh.map(abs).max()!
        var worst = 0.0
        for c in 0..<m {
            var unit = [Double](repeating: 0, count: m)
            unit[c] = 1
            let column = factor.apply(unit)
            for r in 0..<m { worst = max(worst, abs(column[r] - fresh[r * m + c])) }
        }
        #expect(worst <= 1e-8 * largest, "step \(step): S off by \(worst) of \(largest)")
        let rhs = (0..<m).map { _ in rng.standardNormal() }
        let x = try #require(gram.withUnsafeBufferPointer { factor.solve(rhs, gram: $0, size: q) })
        let residual = (0..<m).map { i in (0..<m).reduce(-rhs[i]) { $0 + a[i * m + $1] * x[$1] } }
        #expect(residual.map(abs).max()! <= 1e-10 * max(1, x.map(abs).max()!), "step \(step): solve")
    }
}

/// Block updates (several coordinates joining or leaving at once) against a fresh
/// inverse, through random supports that change by 3-12 coordinates per step.
@Suite struct SupportFactorBlockTests {
    @Test(arguments: [(UInt64(4), 0.001), (UInt64(5), 0.1), (UInt64(6), 1.0)])
    func blockUpdatedInverseMatchesAFreshOne(_ seed: UInt64, _ gamma: Double) throws {
        let q = 120
        var rng = SplitMix64(seed: seed)
        let gram = SupportFactorTests.gram(n: 150, q: q, &rng)
        var factor = SupportFactor(size: q, gamma: gamma)
        var support = Set((0..<q).filter { _ in rng.next() % 2 == 0 })
        var blockSteps = 0
        for step in 0..<120 {
            let joins = Int(rng.next() % 10), leaves = Int(rng.next() % 5)
            let outside = (0..<q).filter { !support.contains($0) }.shuffled(using: &rng)
            let inside = support.sorted().shuffled(using: &rng)
            for j in outside.prefix(joins) { support.insert(j) }
            for j in inside.prefix(leaves) { support.remove(j) }
            let before = factor.updatesSinceRebuild
            let ok = gram.withUnsafeBufferPointer { factor.update(to: support.sorted(), gram: $0, size: q) }
            try #require(ok)
            if factor.updatesSinceRebuild > before + 2 { blockSteps += 1 }
            #expect(Set(factor.order) == support)
            try SupportFactorTests.expectMatchesAFreshInverse(&factor, gram: gram, q: q, gamma: gamma, &rng, step: step)
        }
        #expect(blockSteps > 60, "block updates exercised: \(blockSteps)")
    }
}
