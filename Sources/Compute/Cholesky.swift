import COpenBLAS

/// Cholesky factorisation A = L L' of a symmetric positive definite matrix, for exact solves
/// on an active set and for traces of inverses.
///
/// Matrices up to `smallSize` are factorised by plain loops (the elastic net's active sets
/// have tens of coordinates, where LAPACK's blocked dpotrf spends more time dispatching than
/// computing); larger ones by LAPACK dpotrf. Both are tested against each other.
public struct Cholesky: Sendable {
    /// Largest size factorised by the plain loops.
    public static let smallSize = 64

    /// The lower factor L, stored row-major (L[i][k] at i * n + k; by symmetry of the
    /// layouts this is also LAPACK's column-major upper factor L').
    private var factor: [Double]
    public let size: Int

    /// Factorises `matrix` (row-major n x n, symmetric; only the lower triangle is read);
    /// nil if it is not positive definite.
    public init?(_ matrix: [Double], size n: Int) {
        self.init(matrix, size: n, useLAPACK: n > Cholesky.smallSize)
    }

    /// As `init(_:size:)` with the algorithm chosen by the caller (tests compare the two).
    public init?(_ matrix: [Double], size n: Int, useLAPACK: Bool) {
        var a = matrix
        if useLAPACK {
            // Row-major lower = column-major upper: ask LAPACK for the upper factor U = L'.
            var uplo = CChar(UInt8(ascii: "U")), order = Int32(n), lda = Int32(max(1, n)), info: Int32 = 0
            if n > 0 { dpotrf_(&uplo, &order, &a, &lda, &info) }
            guard info == 0 else { return nil }
        } else {
            guard Cholesky.factorInPlace(&a, size: n) else { return nil }
        }
        factor = a
        size = n
    }

    /// Cholesky-Banachiewicz on a row-major matrix: row i of L from rows 0...i-1.
    private static func factorInPlace(_ a: inout [Double], size n: Int) -> Bool {
        a.withUnsafeMutableBufferPointer { l in
            for i in 0..<n {
                let rowI = i * n
                for j in 0...i {
                    let rowJ = j * n
                    var sum = l[rowI + j]
                    for k in 0..<j { sum -= l[rowI + k] * l[rowJ + k] }
                    if i == j {
                        guard sum > 0, !sum.isNaN else { return false }
                        l[rowI + i] = sum.squareRoot()
                    } else {
                        l[rowI + j] = sum / l[rowJ + j]
                    }
                }
            }
            return true
        }
    }

    /// Solves A x = b: L y = b, then L' x = y.
    public func solve(_ b: [Double]) -> [Double] {
        let n = size
        guard n > 0 else { return [] }
        var x = b
        factor.withUnsafeBufferPointer { l in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    var sum = x[i]
                    for k in 0..<i { sum -= l[i * n + k] * x[k] }
                    x[i] = sum / l[i * n + i]
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var sum = x[i]
                    for k in (i + 1)..<n { sum -= l[k * n + i] * x[k] }
                    x[i] = sum / l[i * n + i]
                }
            }
        }
        return x
    }

    /// trace(A^-1) = ||L^-1||_F^2. Small factors: column k of L^-1 by forward substitution
    /// from e_k (n^3/6 operations); larger ones by LAPACK's triangular inverse (dtrtri).
    public func inverseTrace() -> Double {
        let n = size
        guard n > 0 else { return 0 }
        if n > Cholesky.smallSize {
            var a = factor
            var uplo = CChar(UInt8(ascii: "U")), diag = CChar(UInt8(ascii: "N")), order = Int32(n), lda = Int32(n), info: Int32 = 0
            dtrtri_(&uplo, &diag, &order, &a, &lda, &info)
            var trace = 0.0
            for i in 0..<n { for k in 0...i { let v = a[i * n + k]; trace += v * v } }
            return trace
        }
        var trace = 0.0
        var y = [Double](repeating: 0, count: n)
        factor.withUnsafeBufferPointer { l in
            y.withUnsafeMutableBufferPointer { y in
                for k in 0..<n {
                    y[k] = 1 / l[k * n + k]
                    trace += y[k] * y[k]
                    for i in (k + 1)..<n {
                        var sum = 0.0
                        for t in k..<i { sum -= l[i * n + t] * y[t] }
                        y[i] = sum / l[i * n + i]
                        trace += y[i] * y[i]
                    }
                }
            }
        }
        return trace
    }
}
