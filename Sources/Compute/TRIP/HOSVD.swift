import COpenBLAS

/// HOSVD initialisation of TRIP's projections (METHOD.md 2): C1 = top-J1 eigenvectors of
/// S1 = sum_i X_i X_i' (q x q), C2 = top-J2 eigenvectors of S2 = sum_i X_i' X_i (p x p).
/// The Grams are accumulated from the sparse stack and decomposed by LAPACK (dsyev), which
/// equals the left singular vectors of the mode unfoldings without ever forming them.
public enum HOSVD {
    /// S1[r, r'] = sum over cells and targets t of X_i[r, t] X_i[r', t]: within a cell,
    /// entries of one target are contiguous (edges are ordered by target), so each group
    /// adds its outer product.
    public static func regulatorGram(_ stack: EdgeStack) -> Matrix {
        let q = stack.regulatorGenes.count
        var s = Matrix(rows: q, columns: q)
        s.values.withUnsafeMutableBufferPointer { out in
            for i in 0..<stack.cellCount {
                var k = stack.rowStart[i]
                let end = stack.rowStart[i + 1]
                while k < end {
                    let target = stack.edgeTarget[stack.entryEdge[k]]
                    var groupEnd = k
                    while groupEnd < end, stack.edgeTarget[stack.entryEdge[groupEnd]] == target { groupEnd += 1 }
                    for a in k..<groupEnd {
                        let ra = stack.edgeRegulator[stack.entryEdge[a]], xa = stack.entryValue[a]
                        for b in k..<groupEnd { out[ra * q + stack.edgeRegulator[stack.entryEdge[b]]] += xa * stack.entryValue[b] }
                    }
                    k = groupEnd
                }
            }
        }
        return s
    }

    /// S2[t, t'] = sum over cells and regulators r of X_i[r, t] X_i[r, t'] (each cell's
    /// entries regrouped by regulator).
    public static func targetGram(_ stack: EdgeStack) -> Matrix {
        let p = stack.targetGenes.count
        var s = Matrix(rows: p, columns: p)
        var byRegulator: [(regulator: Int, target: Int, value: Double)] = []
        s.values.withUnsafeMutableBufferPointer { out in
            for i in 0..<stack.cellCount {
                byRegulator.removeAll(keepingCapacity: true)
                for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                    let e = stack.entryEdge[k]
                    byRegulator.append((stack.edgeRegulator[e], stack.edgeTarget[e], stack.entryValue[k]))
                }
                byRegulator.sort { ($0.regulator, $0.target) < ($1.regulator, $1.target) }
                var k = 0
                while k < byRegulator.count {
                    var groupEnd = k
                    while groupEnd < byRegulator.count, byRegulator[groupEnd].regulator == byRegulator[k].regulator { groupEnd += 1 }
                    for a in k..<groupEnd {
                        let ta = byRegulator[a].target, xa = byRegulator[a].value
                        for b in k..<groupEnd { out[ta * p + byRegulator[b].target] += xa * byRegulator[b].value }
                    }
                    k = groupEnd
                }
            }
        }
        return s
    }

    /// The leading `count` eigenvectors (columns) of a symmetric matrix. If the matrix has
    /// fewer rows than `count`, the result has as many columns as it can.
    public static func leadingEigenvectors(_ gram: Matrix, count: Int) throws -> Matrix {
        let eigen = try SymmetricEigen(gram)
        let j = min(count, gram.rows)
        var c = Matrix(rows: gram.rows, columns: j)
        for r in 0..<gram.rows {
            for a in 0..<j {
                c[r, a] = eigen.vectors[r, a]
            }
        }
        // Sign convention (deterministic across LAPACK builds): the largest |loading| of
        // each column is positive.
        for a in 0..<j {
            var largest = 0
            for r in 0..<gram.rows where abs(c[r, a]) > abs(c[largest, a]) { largest = r }
            if c[largest, a] < 0 { for r in 0..<gram.rows { c[r, a] = -c[r, a] } }
        }
        return c
    }

    /// (C1, C2) by HOSVD of the stack.
    public static func projections(_ stack: EdgeStack, ranks: (Int, Int)) throws -> (Matrix, Matrix) {
        (try leadingEigenvectors(regulatorGram(stack), count: ranks.0), try leadingEigenvectors(targetGram(stack), count: ranks.1))
    }

    /// The naive reference: the leading left singular vectors of the dense mode-1 unfolding
    /// [X_1 X_2 ... X_n] (q x pn) by LAPACK dgesvd. Memory O(q p n): for tests and the
    /// benchmark on sizes that fit, never for real runs.
    public static func naiveUnfoldingSVD(_ stack: EdgeStack, mode: Int, count: Int) -> Matrix {
        let q = stack.regulatorGenes.count, p = stack.targetGenes.count, n = stack.cellCount
        let rows = mode == 1 ? q : p, columnsPerCell = mode == 1 ? p : q
        let columns = columnsPerCell * n
        // Column-major rows x columns: element (r, c) at c * rows + r.
        var a = [Double](repeating: 0, count: rows * columns)
        for i in 0..<n {
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                let e = stack.entryEdge[k]
                let (r, c) = mode == 1 ? (stack.edgeRegulator[e], stack.edgeTarget[e]) : (stack.edgeTarget[e], stack.edgeRegulator[e])
                a[(i * columnsPerCell + c) * rows + r] = stack.entryValue[k]
            }
        }
        var m = Int32(rows), nn = Int32(columns), lda = Int32(rows), ldu = Int32(rows), ldvt = Int32(1), info: Int32 = 0
        var jobu = CChar(UInt8(ascii: "S")), jobvt = CChar(UInt8(ascii: "N"))
        var s = [Double](repeating: 0, count: min(rows, columns))
        var u = [Double](repeating: 0, count: rows * min(rows, columns))
        var vt = [Double](repeating: 0, count: 1)
        var lwork: Int32 = -1, query = 0.0
        dgesvd_(&jobu, &jobvt, &m, &nn, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Double](repeating: 0, count: Int(max(1, lwork)))
        dgesvd_(&jobu, &jobvt, &m, &nn, &a, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &info)
        precondition(info == 0, "dgesvd failed (info \(info))")
        let j = min(count, rows)
        var c = Matrix(rows: rows, columns: j)
        for r in 0..<rows { for col in 0..<j { c[r, col] = u[col * rows + r] } }
        return c
    }
}
