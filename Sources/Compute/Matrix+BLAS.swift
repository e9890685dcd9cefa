import COpenBLAS

/// Products that go to OpenBLAS. Every call is row-major CBLAS.
extension Matrix {
    /// self * other (dgemm).
    public func multiplied(by other: Matrix) -> Matrix {
        precondition(columns == other.rows, "inner dimensions differ: \(columns) vs \(other.rows)")
        var c = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, other.columns > 0 else { return c }
        if columns == 0 { return c }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                c.values.withUnsafeMutableBufferPointer { out in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                Int32(rows), Int32(other.columns), Int32(columns),
                                1.0, a.baseAddress, Int32(columns),
                                b.baseAddress, Int32(other.columns),
                                0.0, out.baseAddress, Int32(other.columns))
                }
            }
        }
        return c
    }

    /// self' * other (dgemm with the left operand transposed), without forming self'.
    public func transposeMultiplied(by other: Matrix) -> Matrix {
        precondition(rows == other.rows, "row counts differ: \(rows) vs \(other.rows)")
        var c = Matrix(rows: columns, columns: other.columns)
        guard columns > 0, other.columns > 0, rows > 0 else { return c }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                c.values.withUnsafeMutableBufferPointer { out in
                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans,
                                Int32(columns), Int32(other.columns), Int32(rows),
                                1.0, a.baseAddress, Int32(columns),
                                b.baseAddress, Int32(other.columns),
                                0.0, out.baseAddress, Int32(other.columns))
                }
            }
        }
        return c
    }

    /// The Gram matrix self' * self (dsyrk), with both triangles filled.
    public func gram() -> Matrix {
        var c = Matrix(rows: columns, columns: columns)
        guard columns > 0, rows > 0 else { return c }
        values.withUnsafeBufferPointer { a in
            c.values.withUnsafeMutableBufferPointer { out in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans,
                            Int32(columns), Int32(rows), 1.0, a.baseAddress, Int32(columns),
                            0.0, out.baseAddress, Int32(columns))
            }
        }
        c.mirrorUpperToLower()
        return c
    }

    /// self * self' (dsyrk), with both triangles filled.
    public func outerGram() -> Matrix {
        var c = Matrix(rows: rows, columns: rows)
        guard columns > 0, rows > 0 else { return c }
        values.withUnsafeBufferPointer { a in
            c.values.withUnsafeMutableBufferPointer { out in
                cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans,
                            Int32(rows), Int32(columns), 1.0, a.baseAddress, Int32(columns),
                            0.0, out.baseAddress, Int32(rows))
            }
        }
        c.mirrorUpperToLower()
        return c
    }

    /// self * x (dgemv).
    public func multiplied(by x: [Double]) -> [Double] {
        precondition(columns == x.count, "vector length \(x.count) != columns \(columns)")
        var y = [Double](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return y }
        values.withUnsafeBufferPointer { a in
            cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1.0,
                        a.baseAddress, Int32(columns), x, 1, 0.0, &y, 1)
        }
        return y
    }

    /// dsyrk writes one triangle only; copy the upper into the lower.
    mutating func mirrorUpperToLower() {
        let n = rows
        for i in 0..<n {
            for j in 0..<i { values[i * n + j] = values[j * n + i] }
        }
    }
}

/// Controls OpenBLAS's own thread pool. Workers that call BLAS set it to 1 so that
/// app threads x BLAS threads never exceed the core count (TOOLCHAIN-NOTES section 2).
public enum BLASThreads {
    public static var current: Int { Int(openblas_get_num_threads()) }
    public static func set(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
    public static var configuration: String { String(cString: openblas_get_config()) }
}
