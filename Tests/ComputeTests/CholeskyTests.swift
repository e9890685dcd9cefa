import TestSupport
import Testing
@testable import Compute

/// The Cholesky factor (LAPACK) against the definitions: A x = b, the trace of the inverse and
/// the inverse itself by Gauss-Jordan elimination.
@Suite struct CholeskyTests {
    /// A random SPD matrix B'B + shift I (row-major n x n).
    static func spd(_ n: Int, seed: UInt64, shift: Double) -> [Double] {
        var rng = SplitMix64(seed: seed)
        let b = (0..<(n * n)).map { _ in rng.standardNormal() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += b[k * n + i] * b[k * n + j] } } }
        for i in 0..<n { a[i * n + i] += shift }
        return a
    }

    /// tr(A^-1) by Gauss-Jordan elimination with partial pivoting.
    static func inverseTrace(_ a: [Double], _ n: Int) -> Double {
        var m = a, inv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inv[i * n + i] = 1 }
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }!
            for k in 0..<n { m.swapAt(c * n + k, p * n + k); inv.swapAt(c * n + k, p * n + k) }
            let d = m[c * n + c]
            for k in 0..<n { m[c * n + k] /= d; inv[c * n + k] /= d }
            for r in 0..<n where r != c {
                let f = m[r * n + c]
                for k in 0..<n { m[r * n + k] -= f * m[c * n + k]; inv[r * n + k] -= f * inv[c * n + k] }
            }
        }
        return (0..<n).reduce(0) { $0 + inv[$1 * n + $1] }
    }

    @Test(arguments: [1, 2, 7, 22, 64, 65, 90])
    func solvesAndInvertsLikeTheDefinitions(_ n: Int) throws {
        for (seed, shift) in [(UInt64(n), 0.5), (UInt64(n + 100), 1e-3)] {
            let a = Self.spd(n, seed: seed, shift: shift)
            let factor = try #require(Cholesky(a, size: n))
            var rng = SplitMix64(seed: seed &+ 7)
            let rhs = (0..<n).map { _ in rng.standardNormal() }
            let x = factor.solve(rhs)
            let residual = (0..<n).map { i in (0..<n).reduce(-rhs[i]) { $0 + a[i * n + $1] * x[$1] } }
            #expect(residual.map(abs).max()! <= 1e-8 * max(1, x.map(abs).max()!), "n \(n): A x - b")
            let reference = Self.inverseTrace(a, n)
            #expect(abs(factor.inverseTrace() - reference) <= 1e-9 * reference, "n \(n): trace of the inverse")
            // A A^-1 = I, and the inverse is symmetric.
            let inverse = try #require(factor.inverse())
            for i in 0..<n {
                for j in 0..<n {
                    let product = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * inverse[$1 * n + j] }
                    #expect(abs(product - (i == j ? 1 : 0)) <= 1e-7, "n \(n): (A A^-1)[\(i), \(j)]")
                    #expect(inverse[i * n + j] == inverse[j * n + i])
                }
            }
        }
    }

    @Test func refusesMatricesThatAreNotPositiveDefinite() {
        let indefinite = [1.0, 2, 2, 1]            // eigenvalues 3 and -1
        #expect(Cholesky(indefinite, size: 2) == nil)
        let singular = [1.0, 1, 1, 1]
        #expect(Cholesky(singular, size: 2) == nil)
    }
}
