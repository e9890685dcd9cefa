import CDenseKernels
import TestSupport
import Testing
@testable import Compute

/// Every instruction-set variant of the C kernels this CPU can run gives bit-identical results
/// (no fused multiply-adds, the same operations in the same order), and the two kernels that
/// replace BLAS calls keep a fixed summation order: a target's correlations do not depend on
/// the other targets of its batch. Variants the CPU cannot run are named, not silently passed.
@Suite struct KernelVariantTests {
    static let supported = DenseKernels.Variant.allCases.filter(\.isSupported)

    @Test func theBaselineAndTheActiveVariantAreSupported() {
        #expect(Self.supported.contains(.baseline))
        #expect(DenseKernels.active.isSupported)
        if !DenseKernels.Variant.v4.isSupported {
            print("KernelVariantTests: this CPU has no AVX-512; x86-64-v4 is compiled but not run here")
        }
    }

    /// All seven kernels on random inputs of awkward sizes, each variant against the baseline.
    @Test(arguments: [1, 3, 4, 5, 8, 13, 31, 67])
    func everyVariantIsBitIdenticalToTheBaseline(_ m: Int) throws {
        var random = TestRandom(seed: 4242 + UInt64(m))
        let ld = m + 3, k = 5
        let (_, lower) = DenseKernelTests.symmetric(m, stride: ld, &random)
        let x = (0..<m).map { _ in random.uniform() }, y0 = (0..<m).map { _ in random.uniform() }
        let v = (0..<(m * k)).map { _ in random.uniform() }
        let rows = 37, a = (0..<(rows * m)).map { _ in random.uniform() }, u = (0..<(k * rows)).map { _ in random.uniform() }
        let index = (0..<k).map { ($0 * 7) % rows }
        func outputs(_ t: sn_kernel_table) -> [[Double]] {
            var product = y0, rankOne = lower, combined = [Double](repeating: 1, count: m), multiplied = [Double](repeating: 0, count: m * k)
            var rankK = lower, correlations = [Double](repeating: 0, count: k * m)
            t.symmetric_product(m, 0.5, lower, ld, x, -1, &product)
            t.symmetric_rank_one(m, -0.25, x, &rankOne, ld)
            t.combine(m, k, a, m, index, x, 2, &combined)
            t.symmetric_multiply(m, k, lower, ld, v, m, &multiplied, m)
            t.symmetric_rank_k(m, k, 0.75, v, m, &rankK, ld)
            t.transpose_product(rows, m, a, m, k, u, rows, &correlations, m)
            return [product, rankOne, combined, multiplied, rankK, correlations, [t.dot(m, x, y0)]]
        }
        let reference = outputs(try #require(DenseKernels.Variant.baseline.table))
        for variant in Self.supported {
            let got = outputs(try #require(variant.table))
            for (name, (a, b)) in zip(["product", "rank one", "combine", "multiply", "rank k", "transpose product", "dot"], zip(got, reference)) {
                #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(variant.name) \(name) m \(m)")
            }
        }
    }

    /// c_k = A'u_k against a plain loop, and a target's result is bit-identical whether it is
    /// computed alone, with others, or at any position of its batch.
    @Test(arguments: [1, 2, 5, 63, 64, 65, 130])
    func transposeProductDoesNotDependOnTheBatch(_ n: Int) {
        var random = TestRandom(seed: 77 + UInt64(n))
        let q = 11, p = 6
        let a = (0..<(n * q)).map { _ in random.uniform() }, u = (0..<(p * n)).map { _ in random.uniform() }
        var all = [Double](repeating: .nan, count: p * q)
        sn_transpose_product(n, q, a, q, p, u, n, &all, q)
        for k in 0..<p {
            var alone = [Double](repeating: .nan, count: q)
            sn_transpose_product(n, q, a, q, 1, Array(u[(k * n)..<((k + 1) * n)]), n, &alone, q)
            #expect(alone.map(\.bitPattern) == all[(k * q)..<((k + 1) * q)].map(\.bitPattern), "n \(n) target \(k)")
            for j in 0..<q {
                var expected = 0.0
                for i in 0..<n { expected += a[i * q + j] * u[k * n + i] }
                #expect(abs(all[k * q + j] - expected) <= 1e-12 * max(1, abs(expected)))
            }
        }
        // Reversed batch order: each target still gets the same bits.
        let reversed = (0..<p).reversed().flatMap { k in u[(k * n)..<((k + 1) * n)] }
        var back = [Double](repeating: .nan, count: p * q)
        sn_transpose_product(n, q, a, q, p, reversed, n, &back, q)
        for k in 0..<p {
            #expect(back[((p - 1 - k) * q)..<((p - k) * q)].map(\.bitPattern) == all[(k * q)..<((k + 1) * q)].map(\.bitPattern))
        }
    }

    /// The dot product against a plain sum, and unchanged by where the data sits in memory.
    @Test func dotIsIndependentOfAlignment() {
        var random = TestRandom(seed: 5)
        let n = 101
        let x = (0..<(n + 8)).map { _ in random.uniform() }, y = (0..<(n + 8)).map { _ in random.uniform() }
        let reference = sn_dot(n, x, y)
        var plain = 0.0
        for i in 0..<n { plain += x[i] * y[i] }
        #expect(abs(reference - plain) <= 1e-12 * abs(plain))
        for offset in 1..<8 {
            var xs = [Double](repeating: 0, count: offset) + Array(x[0..<n]), ys = [Double](repeating: 0, count: 8 - offset) + Array(y[0..<n])
            let shifted = xs.withUnsafeMutableBufferPointer { xb in
                ys.withUnsafeMutableBufferPointer { yb in sn_dot(n, xb.baseAddress! + offset, yb.baseAddress! + 8 - offset) }
            }
            #expect(shifted.bitPattern == reference.bitPattern, "offset \(offset)")
        }
    }
}
