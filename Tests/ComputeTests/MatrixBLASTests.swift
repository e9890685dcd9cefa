import TestSupport
import Testing
@testable import Compute

/// The BLAS-backed products against plainly written loops.
@Suite struct MatrixBLASTests {
    static let shapes = [(1, 1, 1), (3, 5, 2), (17, 4, 9), (64, 33, 50), (5, 128, 7)]

    func random(_ rows: Int, _ columns: Int, _ rng: inout TestRandom) -> Matrix {
        Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in rng.uniform() })
    }

    func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        var c = Matrix(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows { for j in 0..<b.columns {
            var s = 0.0
            for k in 0..<a.columns { s += a[i, k] * b[k, j] }
            c[i, j] = s
        } }
        return c
    }

    /// Tolerance: 1e-12 per unit of inner dimension (sums of products of values in [-1, 1]).
    @Test(arguments: shapes)
    func productMatchesNaiveLoop(_ shape: (Int, Int, Int)) {
        var rng = TestRandom(seed: UInt64(shape.0 * 1000 + shape.1 * 10 + shape.2))
        let a = random(shape.0, shape.2, &rng), b = random(shape.2, shape.1, &rng)
        let blas = a.multiplied(by: b), naive = naiveProduct(a, b)
        #expect(blas.rows == shape.0 && blas.columns == shape.1)
        #expect(blas.maxAbsDifference(naive) <= 1e-12 * Double(shape.2))
        #expect(a.transposed.transposeMultiplied(by: b).maxAbsDifference(naive) <= 1e-12 * Double(shape.2))
    }

    @Test(arguments: shapes)
    func symmetricRankKMatchesNaiveLoop(_ shape: (Int, Int, Int)) {
        var rng = TestRandom(seed: UInt64(7 + shape.0 + shape.1))
        let a = random(shape.0, shape.1, &rng)
        let gram = a.gram(), outer = a.outerGram()
        #expect(gram.maxAbsDifference(naiveProduct(a.transposed, a)) <= 1e-12 * Double(shape.0))
        #expect(outer.maxAbsDifference(naiveProduct(a, a.transposed)) <= 1e-12 * Double(shape.1))
        // Both triangles filled: exactly symmetric.
        #expect(gram == gram.transposed)
    }

    @Test func matrixVectorMatchesNaiveLoop() {
        var rng = TestRandom(seed: 99)
        let a = random(13, 8, &rng)
        let x = (0..<8).map { _ in rng.uniform() }
        let y = a.multiplied(by: x)
        for i in 0..<13 {
            let expected = (0..<8).reduce(0.0) { $0 + a[i, $1] * x[$1] }
            #expect(abs(y[i] - expected) <= 1e-13)
        }
    }

    @Test func emptyDimensionsGiveZeros() {
        let a = Matrix(rows: 3, columns: 0), b = Matrix(rows: 0, columns: 2)
        #expect(a.multiplied(by: b) == Matrix(rows: 3, columns: 2))
    }

    @Test func blasThreadsCanBeSetToOne() {
        let before = BLASThreads.current
        BLASThreads.set(1)
        #expect(BLASThreads.current == 1)
        BLASThreads.set(before)
        #expect(BLASThreads.configuration.contains("OpenBLAS"))
    }
}

/// LAPACK's symmetric eigensolver: A v = lambda v, orthonormal vectors, known spectra.
@Suite struct SymmetricEigenTests {
    @Test func knownSpectrum() throws {
        let eigen = try SymmetricEigen(Matrix([[2, 1], [1, 2]]))
        #expect(abs(eigen.values[0] - 3) < 1e-12 && abs(eigen.values[1] - 1) < 1e-12)
    }

    @Test func randomSymmetricDecomposes() throws {
        var rng = TestRandom(seed: 5)
        let b = Matrix(rows: 20, columns: 12, values: (0..<240).map { _ in rng.uniform() })
        let a = b.gram()
        let eigen = try SymmetricEigen(a)
        #expect(eigen.values == eigen.values.sorted(by: >))
        let v = eigen.vectors
        #expect(v.transposeMultiplied(by: v).maxAbsDifference(.identity(12)) < 1e-12)
        let av = a.multiplied(by: v)
        for k in 0..<12 { for i in 0..<12 { #expect(abs(av[i, k] - eigen.values[k] * v[i, k]) < 1e-10) } }
    }

    @Test func nonSquareIsAnError() {
        #expect(throws: SymmetricEigen.Failure.self) { try SymmetricEigen(Matrix(rows: 2, columns: 3)) }
    }
}
