import COpenBLAS

/// Steps on the Stiefel manifold {C : C'C = I} for TRIP's projections (METHOD.md 2).
public enum Stiefel {
    /// The Riemannian gradient at C: the Euclidean gradient E projected onto the tangent
    /// space, E - C sym(C'E) with sym(A) = (A + A')/2.
    public static func tangentProjection(point c: Matrix, gradient e: Matrix) -> Matrix {
        let ce = c.transposeMultiplied(by: e)                 // J x J
        var sym = ce
        for a in 0..<ce.rows { for b in 0..<ce.columns { sym[a, b] = (ce[a, b] + ce[b, a]) / 2 } }
        let correction = c.multiplied(by: sym)
        var out = e
        for k in out.values.indices { out.values[k] -= correction.values[k] }
        return out
    }

    /// The QR retraction: the Q factor of the thin QR decomposition of `a` (m x J, m >= J),
    /// with signs chosen so that R has a positive diagonal (which makes it unique).
    public static func orthonormalise(_ a: Matrix) -> Matrix {
        var m = Int32(a.rows), n = Int32(a.columns)
        precondition(m >= n, "QR retraction needs at least as many rows as columns")
        guard n > 0 else { return a }
        // Row-major m x n -> column-major m x n.
        var colMajor = [Double](repeating: 0, count: a.rows * a.columns)
        for i in 0..<a.rows { for j in 0..<a.columns { colMajor[j * a.rows + i] = a[i, j] } }
        var lda = m, info: Int32 = 0, lwork: Int32 = -1, query = 0.0
        var tau = [Double](repeating: 0, count: a.columns)
        dgeqrf_(&m, &n, &colMajor, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: Int(max(1, lwork)))
        dgeqrf_(&m, &n, &colMajor, &lda, &tau, &work, &lwork, &info)
        precondition(info == 0, "dgeqrf failed (info \(info))")
        let diagonalSigns = (0..<a.columns).map { colMajor[$0 * a.rows + $0] < 0 ? -1.0 : 1.0 }
        var k = n
        lwork = -1
        dorgqr_(&m, &n, &k, &colMajor, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(query)
        work = [Double](repeating: 0, count: Int(max(1, lwork)))
        dorgqr_(&m, &n, &k, &colMajor, &lda, &tau, &work, &lwork, &info)
        precondition(info == 0, "dorgqr failed (info \(info))")
        var q = Matrix(rows: a.rows, columns: a.columns)
        for i in 0..<a.rows { for j in 0..<a.columns { q[i, j] = colMajor[j * a.rows + i] * diagonalSigns[j] } }
        return q
    }

    /// max |C'C - I|: how far C is from orthonormal.
    public static func orthonormalityError(_ c: Matrix) -> Double {
        let g = c.transposeMultiplied(by: c)
        var worst = 0.0
        for a in 0..<g.rows { for b in 0..<g.columns { worst = max(worst, abs(g[a, b] - (a == b ? 1 : 0))) } }
        return worst
    }
}
