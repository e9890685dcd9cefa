/// A dense row-major matrix of Double. Storage is a plain array so it can be handed to
/// CBLAS (row-major) and, transposed, to Fortran LAPACK (column-major) without copies.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major values: element (i, j) is `values[i * columns + j]`.
    public var values: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.values = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "matrix needs rows*columns values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Builds a matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Double]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, values: nested.flatMap { $0 })
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ i: Int) -> ArraySlice<Double> {
        values[(i * columns)..<((i + 1) * columns)]
    }

    public func column(_ j: Int) -> [Double] {
        (0..<rows).map { values[$0 * columns + j] }
    }

    /// The rows `indices`, in that order.
    public func rows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, columns: columns)
        for (r, i) in indices.enumerated() { out.values.replaceSubrange((r * columns)..<((r + 1) * columns), with: row(i)) }
        return out
    }

    /// The columns `indices`, in that order.
    public func columns(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: rows, columns: indices.count)
        for i in 0..<rows { for (c, j) in indices.enumerated() { out.values[i * indices.count + c] = values[i * columns + j] } }
        return out
    }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { t.values[j * rows + i] = values[i * columns + j] }
        }
        return t
    }

    /// Largest absolute element-wise difference; used by tests and agreement checks.
    public func maxAbsDifference(_ other: Matrix) -> Double {
        precondition(rows == other.rows && columns == other.columns, "shape mismatch")
        var m = 0.0
        for k in values.indices { m = Swift.max(m, abs(values[k] - other.values[k])) }
        return m
    }
}
