import COpenBLAS

/// Eigen-decomposition of a real symmetric matrix through LAPACK dsyev.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in descending order.
    public let values: [Double]
    /// Eigenvectors as columns, in the order of `values`.
    public let vectors: Matrix

    public enum Failure: Error, CustomStringConvertible {
        case notSquare(rows: Int, columns: Int)
        case lapack(info: Int32)
        public var description: String {
            switch self {
            case let .notSquare(r, c): return "eigen-decomposition needs a square matrix, got \(r)x\(c)"
            case let .lapack(info): return "LAPACK dsyev failed to converge (info \(info))"
            }
        }
    }

    /// Decomposes `matrix`, which must be symmetric (only its upper triangle is read).
    public init(_ matrix: Matrix) throws {
        guard matrix.rows == matrix.columns else {
            throw Failure.notSquare(rows: matrix.rows, columns: matrix.columns)
        }
        var n = Int32(matrix.rows)
        guard n > 0 else { values = []; vectors = matrix; return }
        // Row-major symmetric == column-major symmetric; LAPACK "L" in column-major
        // reads the row-major upper triangle.
        var a = matrix.values
        var w = [Double](repeating: 0, count: Int(n))
        var jobz = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "L"))
        var lda = n, info: Int32 = 0, lwork: Int32 = -1
        var query = 0.0
        dsyev_(&jobz, &uplo, &n, &a, &lda, &w, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: Int(max(1, lwork)))
        dsyev_(&jobz, &uplo, &n, &a, &lda, &w, &work, &lwork, &info)
        guard info == 0 else { throw Failure.lapack(info: info) }
        // Column-major output: column k of the eigenvector matrix is a[k*n ..< (k+1)*n].
        let size = Int(n)
        var vecs = Matrix(rows: size, columns: size)
        for (outColumn, k) in (0..<size).reversed().enumerated() {
            for i in 0..<size { vecs[i, outColumn] = a[k * size + i] }
        }
        values = Array(w.reversed())
        vectors = vecs
    }
}
