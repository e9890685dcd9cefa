/// The projection z_i = vec(C1' X_i C2) and its gradient with respect to C1 and C2, in two
/// stages per cell: Y_i = X_i C2 over the regulators the cell's edges touch (J2 operations
/// per non-zero), then C1' Y_i (J1 J2 per touched regulator). The direct form through
/// per-edge features phi_e = C1[r_e, :] (x) C2[t_e, :] costs J1 J2 per non-zero, about four
/// times as much at the default ranks; this is what every training epoch runs.
struct TwoStageProjection {
    let stack: EdgeStack
    let j1: Int, j2: Int

    /// Xref as a one-line stack on the same edges: subtracted from every line (nil: none).
    let reference: EdgeStack?

    init(stack: EdgeStack, ranks: (Int, Int), reference: [Double]? = nil) {
        self.stack = stack
        j1 = ranks.0
        j2 = ranks.1
        self.reference = reference.map { stack.single(values: $0) }
    }

    /// Per-cell scratch: rows of Y_i (and of W_i = C1 G_i for the gradient), and which
    /// regulators the cell touches.
    private struct Scratch {
        var y: [Double], w: [Double], mark: [Bool], touched: [Int]
        init(regulators q: Int, j2: Int) {
            y = [Double](repeating: 0, count: q * j2)
            w = y
            mark = [Bool](repeating: false, count: q)
            touched = []
            touched.reserveCapacity(q)
        }
    }

    /// Fills scratch.y with the rows of X_i C2 and scratch.touched with their regulators.
    private func accumulateRows(cell i: Int, c2: UnsafeBufferPointer<Double>, into s: inout Scratch) {
        s.touched.removeAll(keepingCapacity: true)
        for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
            let e = stack.entryEdge[k], r = stack.edgeRegulator[e], t = stack.edgeTarget[e], x = stack.entryValue[k]
            if !s.mark[r] { s.mark[r] = true; s.touched.append(r) }
            for b in 0..<j2 { s.y[r * j2 + b] += x * c2[t * j2 + b] }
        }
    }

    private func clear(_ s: inout Scratch) {
        for r in s.touched {
            s.mark[r] = false
            for b in 0..<j2 { s.y[r * j2 + b] = 0; s.w[r * j2 + b] = 0 }
        }
    }

    /// Z: n x (J1 J2), row i = vec(C1' X_i C2) (index a * J2 + b).
    private func projectRaw(c1: Matrix, c2: Matrix) -> Matrix {
        let n = stack.cellCount, j = j1 * j2
        var z = Matrix(rows: n, columns: j)
        var s = Scratch(regulators: c1.rows, j2: j2)
        c1.values.withUnsafeBufferPointer { c1 in
            c2.values.withUnsafeBufferPointer { c2 in
                z.values.withUnsafeMutableBufferPointer { z in
                    for i in 0..<n {
                        accumulateRows(cell: i, c2: c2, into: &s)
                        for r in s.touched {
                            for a in 0..<j1 {
                                let ca = c1[r * j1 + a]
                                for b in 0..<j2 { z[i * j + a * j2 + b] += ca * s.y[r * j2 + b] }
                            }
                        }
                        clear(&s)
                    }
                }
            }
        }
        return z
    }

    /// Given G = dL/dZ (n x J1 J2), dL/dC1 = sum_i X_i C2 G_i' and dL/dC2 = sum_i X_i' C1 G_i,
    /// with G_i the J1 x J2 reshape of row i.
    private func gradientRaw(c1: Matrix, c2: Matrix, dZ: Matrix) -> (c1: Matrix, c2: Matrix) {
        let n = stack.cellCount, j = j1 * j2
        var g1 = Matrix(rows: c1.rows, columns: j1), g2 = Matrix(rows: c2.rows, columns: j2)
        var s = Scratch(regulators: c1.rows, j2: j2)
        c1.values.withUnsafeBufferPointer { c1 in
            c2.values.withUnsafeBufferPointer { c2 in
                for i in 0..<n {
                    let gi = i * j
                    accumulateRows(cell: i, c2: c2, into: &s)
                    for r in s.touched {
                        for a in 0..<j1 {
                            var sum = 0.0
                            for b in 0..<j2 { sum += s.y[r * j2 + b] * dZ.values[gi + a * j2 + b] }
                            g1.values[r * j1 + a] += sum
                        }
                        for b in 0..<j2 {
                            var sum = 0.0
                            for a in 0..<j1 { sum += c1[r * j1 + a] * dZ.values[gi + a * j2 + b] }
                            s.w[r * j2 + b] = sum
                        }
                    }
                    for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                        let e = stack.entryEdge[k], r = stack.edgeRegulator[e], t = stack.edgeTarget[e], x = stack.entryValue[k]
                        for b in 0..<j2 { g2.values[t * j2 + b] += x * s.w[r * j2 + b] }
                    }
                    clear(&s)
                }
            }
        }
        return (g1, g2)
    }

    /// Z: row i = vec(C1' (X_i - Xref) C2).
    func project(c1: Matrix, c2: Matrix) -> Matrix {
        var z = projectRaw(c1: c1, c2: c2)
        if let reference {
            let shift = TwoStageProjection(stack: reference, ranks: (j1, j2)).projectRaw(c1: c1, c2: c2)
            let j = j1 * j2
            for i in 0..<stack.cellCount { for f in 0..<j { z.values[i * j + f] -= shift.values[f] } }
        }
        return z
    }

    /// dL/dC1, dL/dC2 from dL/dZ. Centring subtracts the reference's term once, with the
    /// lines' summed dZ (the map from C to Z is linear in the input).
    func gradient(c1: Matrix, c2: Matrix, dZ: Matrix) -> (c1: Matrix, c2: Matrix) {
        var (g1, g2) = gradientRaw(c1: c1, c2: c2, dZ: dZ)
        if let reference {
            let j = j1 * j2
            var total = Matrix(rows: 1, columns: j)
            for i in 0..<stack.cellCount { for f in 0..<j { total.values[f] += dZ.values[i * j + f] } }
            let (r1, r2) = TwoStageProjection(stack: reference, ranks: (j1, j2)).gradientRaw(c1: c1, c2: c2, dZ: total)
            for k in g1.values.indices { g1.values[k] -= r1.values[k] }
            for k in g2.values.indices { g2.values[k] -= r2.values[k] }
        }
        return (g1, g2)
    }
}
