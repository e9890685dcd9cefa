import COpenBLAS

/// HOSVD initialisation of TRIP's projections (METHOD.md 2): C1 = top-J1 eigenvectors of
/// S1 = sum_i X_i X_i' (q x q), C2 = top-J2 eigenvectors of S2 = sum_i X_i' X_i (p x p).
/// The Grams are accumulated from the sparse stack and decomposed by LAPACK (dsyev), which
/// equals the left singular vectors of the mode unfoldings without ever forming them.
public enum HOSVD {
    /// S1[r, r'] = sum over cells and targets t of X_i[r, t] X_i[r', t]: the outer product of
    /// every (cell, target) column's entries.
    public static func regulatorGram(_ stack: EdgeStack) -> Matrix {
        gram(stack, size: stack.regulatorGenes.count, groupBy: stack.edgeTarget, index: stack.edgeRegulator, groups: stack.targetGenes.count)
    }

    /// S2[t, t'] = sum over cells and regulators r of X_i[r, t] X_i[r, t']: the outer product
    /// of every (cell, regulator) row's entries.
    public static func targetGram(_ stack: EdgeStack) -> Matrix {
        gram(stack, size: stack.targetGenes.count, groupBy: stack.edgeRegulator, index: stack.edgeTarget, groups: stack.regulatorGenes.count)
    }

    /// sum over cells and groups of the outer product of the group's entries, indexed by
    /// `index` of their edges. Within a cell the entries are bucketed by group (counting sort),
    /// and each group adds only its upper triangle (mirrored at the end).
    private static func gram(_ stack: EdgeStack, size n: Int, groupBy: [Int], index: [Int], groups: Int) -> Matrix {
        var s = Matrix(rows: n, columns: n)
        var start = [Int](repeating: 0, count: groups + 1)
        var bucketIndex: [Int] = [], bucketValue: [Double] = []
        s.values.withUnsafeMutableBufferPointer { out in
            for i in 0..<stack.cellCount {
                let first = stack.rowStart[i], end = stack.rowStart[i + 1]
                let count = end - first
                if bucketIndex.count < count {
                    bucketIndex = [Int](repeating: 0, count: count)
                    bucketValue = [Double](repeating: 0, count: count)
                }
                for g in 0...groups { start[g] = 0 }
                for k in first..<end { start[groupBy[stack.entryEdge[k]] + 1] += 1 }
                for g in 0..<groups { start[g + 1] += start[g] }
                var fill = start
                for k in first..<end {
                    let e = stack.entryEdge[k], g = groupBy[e]
                    bucketIndex[fill[g]] = index[e]
                    bucketValue[fill[g]] = stack.entryValue[k]
                    fill[g] += 1
                }
                bucketIndex.withUnsafeBufferPointer { idx in
                    bucketValue.withUnsafeBufferPointer { val in
                        for g in 0..<groups where start[g + 1] > start[g] {
                            for a in start[g]..<start[g + 1] {
                                let ia = idx[a], xa = val[a]
                                for b in a..<start[g + 1] {
                                    let ib = idx[b]
                                    // Upper triangle: (min, max).
                                    if ia <= ib { out[ia * n + ib] += xa * val[b] } else { out[ib * n + ia] += xa * val[b] }
                                }
                            }
                        }
                    }
                }
            }
            for r in 0..<n { for c in (r + 1)..<max(r + 1, n) { out[c * n + r] = out[r * n + c] } }
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

    /// (C1, C2) by HOSVD of the stack; `centred`: of X_i - Xref, Xref the lines' mean
    /// (a large edge equal in every line then takes no axis; METHOD.md 2.4).
    public static func projections(_ stack: EdgeStack, ranks: (Int, Int), centred: Bool = false) throws -> (Matrix, Matrix) {
        let (g1, g2) = centred ? centredGrams(stack) : (regulatorGram(stack), targetGram(stack))
        return (try leadingEigenvectors(g1, count: ranks.0), try leadingEigenvectors(g2, count: ranks.1))
    }

    /// The mode Grams of X_i - Xref: sum_i X_i X_i' - n Xref Xref' (and likewise for mode 2).
    static func centredGrams(_ stack: EdgeStack) -> (Matrix, Matrix) {
        var g1 = regulatorGram(stack), g2 = targetGram(stack)
        let reference = stack.single(values: stack.edgeMeans), n = Double(stack.cellCount)
        let r1 = regulatorGram(reference), r2 = targetGram(reference)
        for k in g1.values.indices { g1.values[k] -= n * r1.values[k] }
        for k in g2.values.indices { g2.values[k] -= n * r2.values[k] }
        return (g1, g2)
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
