/// The rows of G that ElasticNetPath watches for joins, gathered: the watched coordinates C
/// (in `rows` order) and G_{C,A} over the active set A in the order of S, column-major with
/// column stride `stride` (the problem size q), so G_{C,A} y is |A| short contiguous daxpys.
/// It follows A's changes column by column and C's changes row by row, and never reallocates
/// once large enough (the path object, and so this, is reused across problems).
struct WatchedBlock {
    let stride: Int
    /// C: the watched coordinates.
    private(set) var rows: [Int] = []
    /// G_{C,A}: entry (i, r) at values[r * stride + i].
    private(set) var values: [Double] = []

    init(size: Int) {
        stride = size
        rows.reserveCapacity(size)
    }

    /// Watches nothing (keeping capacity).
    mutating func reset() { rows.removeAll(keepingCapacity: true) }

    /// Adds j to C without gathering its row: `gather` follows once C is complete.
    mutating func include(_ j: Int) { rows.append(j) }

    /// Gathers every column of A's `order` afresh.
    mutating func gather(gram: UnsafeBufferPointer<Double>, order: [Int]) {
        reserveColumns(order.count)
        let q = stride, w = rows.count
        values.withUnsafeMutableBufferPointer { b in
            for (r, l) in order.enumerated() {
                let row = gram.baseAddress! + l * q             // G_{j l} = G_{l j}: row l, gathered at C
                for i in 0..<w { b[r * q + i] = row[rows[i]] }
            }
        }
    }

    /// Gathers coordinate j's column as column r (j just joined A at position r).
    mutating func appendColumn(_ j: Int, gram: UnsafeBufferPointer<Double>, column r: Int) {
        reserveColumns(r + 1)
        let q = stride, w = rows.count
        values.withUnsafeMutableBufferPointer { b in
            let row = gram.baseAddress! + j * q
            for i in 0..<w { b[r * q + i] = row[rows[i]] }
        }
    }

    /// Moves column `last` to column p (A's last coordinate took the place of one that left).
    mutating func moveColumn(_ last: Int, to p: Int) {
        guard p != last else { return }
        let q = stride, w = rows.count
        values.withUnsafeMutableBufferPointer { b in
            for i in 0..<w { b[p * q + i] = b[last * q + i] }
        }
    }

    /// Adds j to C (a new last row, over A's `order`).
    mutating func watch(_ j: Int, gram: UnsafeBufferPointer<Double>, order: [Int]) {
        let q = stride, i = rows.count
        rows.append(j)
        values.withUnsafeMutableBufferPointer { b in
            let row = gram.baseAddress! + j * q
            for (r, l) in order.enumerated() { b[r * q + i] = row[l] }
        }
    }

    /// Drops the watched coordinate at row i (the last row moves there) over `columns` columns.
    mutating func unwatch(at i: Int, columns m: Int) {
        let last = rows.count - 1, q = stride
        if i != last {
            rows[i] = rows[last]
            values.withUnsafeMutableBufferPointer { b in
                for r in 0..<m { b[r * q + i] = b[r * q + last] }
            }
        }
        rows.removeLast()
    }

    private mutating func reserveColumns(_ columns: Int) {
        let needed = columns * stride
        if values.count < needed { values += [Double](repeating: 0, count: max(needed, 2 * values.count) - values.count) }
    }
}
