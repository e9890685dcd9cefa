import COpenBLAS

/// Cholesky factorisation of a symmetric positive definite matrix (LAPACK dpotrf), for
/// exact solves on an active set and for traces of inverses.
public struct Cholesky: Sendable {
    /// Column-major lower factor (row-major upper: the same numbers), n x n.
    private var factor: [Double]
    public let size: Int

    /// Factorises `matrix` (row-major n x n, symmetric); nil if it is not positive definite.
    public init?(_ matrix: [Double], size n: Int) {
        var a = matrix
        var uplo = CChar(UInt8(ascii: "L")), order = Int32(n), lda = Int32(max(1, n)), info: Int32 = 0
        if n > 0 { dpotrf_(&uplo, &order, &a, &lda, &info) }
        guard info == 0 else { return nil }
        factor = a
        size = n
    }

    /// Solves A x = b.
    public func solve(_ b: [Double]) -> [Double] {
        guard size > 0 else { return [] }
        var x = b, a = factor
        var uplo = CChar(UInt8(ascii: "L")), order = Int32(size), one: Int32 = 1, lda = Int32(size), info: Int32 = 0
        dpotrs_(&uplo, &order, &one, &a, &lda, &x, &lda, &info)
        return x
    }

    /// trace(A^-1) = ||L^-1||_F^2, from the inverse of the triangular factor (dtrtri): a
    /// third of the work of forming A^-1 itself.
    public func inverseTrace() -> Double {
        guard size > 0 else { return 0 }
        var a = factor
        var uplo = CChar(UInt8(ascii: "L")), diag = CChar(UInt8(ascii: "N")), order = Int32(size), lda = Int32(size), info: Int32 = 0
        dtrtri_(&uplo, &diag, &order, &a, &lda, &info)
        var trace = 0.0
        for column in 0..<size {               // column-major lower triangle
            for row in column..<size { let v = a[column * size + row]; trace += v * v }
        }
        return trace
    }

    /// A^-1 as a full symmetric row-major n x n matrix (LAPACK dpotri on the factor).
    public func inverse() -> [Double]? {
        guard size > 0 else { return [] }
        var a = factor
        var uplo = CChar(UInt8(ascii: "L")), order = Int32(size), lda = Int32(size), info: Int32 = 0
        dpotri_(&uplo, &order, &a, &lda, &info)
        guard info == 0 else { return nil }
        // Column-major lower triangle = row-major upper triangle; mirror it.
        for r in 0..<size { for c in (r + 1)..<size { a[c * size + r] = a[r * size + c] } }
        return a
    }
}
