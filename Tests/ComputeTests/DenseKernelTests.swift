import CDenseKernels
import TestSupport
import Testing
@testable import Compute

/// The homotopy path's C kernels against plain loops on the full matrices, over sizes that
/// exercise every remainder of their 4- and 8-wide loops, padded strides, and alpha/beta.
/// Tolerance 1e-12 relative: the two differ only in summation order.
@Suite struct DenseKernelTests {
    static let sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 64, 67]

    /// A random symmetric m x m matrix as its full form and its lower triangle (stride ld).
    static func symmetric(_ m: Int, stride ld: Int, _ random: inout TestRandom) -> (full: [Double], lower: [Double]) {
        var full = [Double](repeating: 0, count: m * m), lower = [Double](repeating: .nan, count: max(1, m * ld))
        for i in 0..<m {
            for t in 0...i {
                let v = random.uniform()
                full[i * m + t] = v
                full[t * m + i] = v
                lower[i * ld + t] = v
            }
        }
        return (full, lower)
    }

    @Test(arguments: sizes)
    func symmetricProductMatchesTheFullMatrix(_ m: Int) {
        var random = TestRandom(seed: 7 + UInt64(m))
        let ld = m + 3
        let (full, lower) = Self.symmetric(m, stride: ld, &random)
        let x = (0..<max(1, m)).map { _ in random.uniform() }
        let start = (0..<max(1, m)).map { _ in random.uniform() }
        for (alpha, beta) in [(1.0, 0.0), (-1.0, 1.0), (0.5, -2.0)] {
            var y = start
            sn_symmetric_product(m, alpha, lower, ld, x, beta, &y)
            for i in 0..<m {
                var expected = beta * start[i]
                for t in 0..<m { expected += alpha * full[i * m + t] * x[t] }
                #expect(abs(y[i] - expected) <= 1e-12 * max(1, abs(expected)), "m \(m) row \(i) alpha \(alpha) beta \(beta)")
            }
        }
    }

    @Test(arguments: sizes)
    func rankOneUpdatesOnlyTheLowerTriangle(_ m: Int) {
        var random = TestRandom(seed: 70 + UInt64(m))
        let ld = m + 5
        var (full, lower) = Self.symmetric(m, stride: ld, &random)
        let w = (0..<max(1, m)).map { i in i % 5 == 2 ? 0 : random.uniform() }     // zeros are skipped rows
        sn_symmetric_rank_one(m, -0.75, w, &lower, ld)
        for i in 0..<m { for t in 0..<m { full[i * m + t] += -0.75 * w[i] * w[t] } }
        for i in 0..<m {
            for t in 0...i { #expect(abs(lower[i * ld + t] - full[i * m + t]) <= 1e-12, "m \(m) (\(i), \(t))") }
            for t in (i + 1)..<ld { #expect(lower[i * ld + t].isNaN, "m \(m): wrote above the diagonal at (\(i), \(t))") }
        }
    }

    @Test(arguments: sizes)
    func combinationOfRowsMatchesAPlainSum(_ m: Int) {
        var random = TestRandom(seed: 700 + UInt64(m))
        let n = 23, ld = 29, rows = 80
        let a = (0..<(rows * ld)).map { _ in random.uniform() }
        let index = (0..<m).map { ($0 * 37 + 11) % rows }
        let coef = (0..<max(1, m)).map { _ in random.uniform() }
        let start = (0..<n).map { _ in random.uniform() }
        for (useIndex, beta) in [(true, 1.0), (false, 0.0), (true, 3.0)] {
            var out = start
            if useIndex { sn_combine(n, m, a, ld, index, coef, beta, &out) } else { sn_combine(n, m, a, ld, nil, coef, beta, &out) }
            for i in 0..<n {
                var expected = beta * start[i]
                for r in 0..<m { expected += coef[r] * a[(useIndex ? index[r] : r) * ld + i] }
                #expect(abs(out[i] - expected) <= 1e-12 * max(1, abs(expected)), "m \(m) i \(i) indexed \(useIndex)")
            }
        }
    }

    /// W = S U for k right-hand sides (pairs per pass, an odd last one alone), U and W with
    /// padded leading dimensions; every column against the full matrix.
    @Test(arguments: sizes)
    func symmetricMultiplyMatchesTheFullMatrix(_ m: Int) {
        var random = TestRandom(seed: 900 + UInt64(m))
        let ld = m + 3, ldu = m + 2, ldw = m + 1
        let (full, lower) = Self.symmetric(m, stride: ld, &random)
        for k in [1, 2, 3, 5] {
            let u = (0..<max(1, ldu * k)).map { _ in random.uniform() }
            var w = [Double](repeating: .nan, count: max(1, ldw * k))
            sn_symmetric_multiply(m, k, lower, ld, u, ldu, &w, ldw)
            for c in 0..<k {
                for i in 0..<m {
                    var expected = 0.0
                    for t in 0..<m { expected += full[i * m + t] * u[c * ldu + t] }
                    #expect(abs(w[c * ldw + i] - expected) <= 1e-12 * max(1, abs(expected)), "m \(m) k \(k) (\(i), \(c))")
                }
            }
        }
    }

    /// S += alpha V V' on the lower triangle only, for k = 1..6 (every remainder of the
    /// four-column passes).
    @Test(arguments: sizes)
    func rankKUpdatesOnlyTheLowerTriangle(_ m: Int) {
        var random = TestRandom(seed: 9000 + UInt64(m))
        let ld = m + 5, ldv = m + 2
        for k in 1...6 {
            var (full, lower) = Self.symmetric(m, stride: ld, &random)
            let v = (0..<max(1, ldv * k)).map { _ in random.uniform() }
            sn_symmetric_rank_k(m, k, -0.5, v, ldv, &lower, ld)
            for i in 0..<m {
                for t in 0..<m {
                    for c in 0..<k { full[i * m + t] += -0.5 * v[c * ldv + i] * v[c * ldv + t] }
                }
            }
            for i in 0..<m {
                for t in 0...i { #expect(abs(lower[i * ld + t] - full[i * m + t]) <= 1e-12 * max(1, abs(full[i * m + t])), "m \(m) k \(k) (\(i), \(t))") }
                for t in (i + 1)..<ld { #expect(lower[i * ld + t].isNaN, "m \(m) k \(k): wrote above the diagonal at (\(i), \(t))") }
            }
        }
    }
}
