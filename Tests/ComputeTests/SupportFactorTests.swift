import Testing
@testable import Compute

/// The path-updated inverse (G_AA + gamma I)^-1 against a fresh Gauss-Jordan inverse of the
/// same gathered matrix, through a long random walk of supports (additions, removals,
/// wholesale changes), as an elastic-net path would take it.
@Suite struct SupportFactorTests {
    @Test(arguments: [(UInt64(1), 0.001), (UInt64(2), 0.1), (UInt64(3), 1.0)])
    func updatedInverseMatchesAFreshOne(_ seed: UInt64, _ gamma: Double) throws {
        let n = 30, q = 40
        var rng = SplitMix64(seed: seed)
        var z = Matrix(rows: n, columns: q)
        for i in 0..<n { for j in 0..<q { z[i, j] = rng.standardNormal() / Double(n).squareRoot() } }
        for i in 0..<n { z[i, 1] = z[i, 0] + 1e-3 * z[i, 2] }       // nearly collinear pair
        let gram = z.gram().values
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
            let m = factor.order.count
            guard m > 0 else { continue }
            var a = [Double](repeating: 0, count: m * m)
            for (r, j) in factor.order.enumerated() {
                for (s, l) in factor.order.enumerated() { a[r * m + s] = gram[j * q + l] }
                a[r * m + r] += gamma
            }
            let trace = CholeskyTests.inverseTrace(a, m)
            #expect(abs(factor.inverseTrace - trace) <= 1e-9 * trace, "step \(step): trace")
            let rhs = (0..<m).map { _ in rng.standardNormal() }
            let x = try #require(gram.withUnsafeBufferPointer { factor.solve(rhs, gram: $0, size: q) })
            let residual = (0..<m).map { i in (0..<m).reduce(-rhs[i]) { $0 + a[i * m + $1] * x[$1] } }
            #expect(residual.map(abs).max()! <= 1e-10 * max(1, x.map(abs).max()!), "step \(step): solve")
        }
    }
}
