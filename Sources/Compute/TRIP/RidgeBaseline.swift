/// The ridge baseline of METHOD.md 2: ridge regression on vec(X_i) in its dual (kernel)
/// form, alpha = (K~ + lambda I)^-1 (y - ybar) with the centred linear kernel K~, lambda by
/// inner k-fold CV over a log grid scaled by trace(K~)/m. Classification regresses the 0/1
/// labels (scores for AUROC; > 1/2 for accuracy).
public enum RidgeBaseline {
    /// K = X X' over all cells of the stack (n x n), by dsyrk on dense blocks of edges.
    public static func linearKernel(_ stack: EdgeStack) -> Matrix {
        let n = stack.cellCount, block = 2048
        var kernel = Matrix(rows: n, columns: n)
        var cursor = stack.rowStart.dropLast().map { $0 }      // per cell: next entry to place
        var start = 0
        while start < stack.edgeCount {
            let end = min(stack.edgeCount, start + block)
            var dense = Matrix(rows: n, columns: end - start)
            for i in 0..<n {
                while cursor[i] < stack.rowStart[i + 1], stack.entryEdge[cursor[i]] < end {
                    dense[i, stack.entryEdge[cursor[i]] - start] = stack.entryValue[cursor[i]]
                    cursor[i] += 1
                }
            }
            let part = dense.outerGram()
            for k in kernel.values.indices { kernel.values[k] += part.values[k] }
            start = end
        }
        return kernel
    }

    /// Predictions for `test` cells from a model fitted on `train` cells of kernel `k`.
    static func fitPredict(kernel k: Matrix, train: [Int], test: [Int], response y: [Double], lambda: Double) -> [Double] {
        let m = train.count
        let ybar = train.reduce(0.0) { $0 + y[$1] } / Double(m)
        var rowMeans = [Double](repeating: 0, count: m)
        for (a, i) in train.enumerated() { rowMeans[a] = train.reduce(0.0) { $0 + k[i, $1] } / Double(m) }
        let grand = rowMeans.reduce(0, +) / Double(m)
        var system = [Double](repeating: 0, count: m * m)
        for (a, i) in train.enumerated() {
            for (b, j) in train.enumerated() { system[a * m + b] = k[i, j] - rowMeans[a] - rowMeans[b] + grand }
            system[a * m + a] += lambda
        }
        guard let factor = Cholesky(system, size: m) else { return test.map { _ in ybar } }
        let alpha = factor.solve(train.map { y[$0] - ybar })
        return test.map { s in
            let testMean = train.reduce(0.0) { $0 + k[s, $1] } / Double(m)
            var value = ybar
            for (b, j) in train.enumerated() { value += (k[s, j] - testMean - rowMeans[b] + grand) * alpha[b] }
            return value
        }
    }

    /// Chooses lambda by inner `folds`-fold CV on `train` (squared error; ties to the
    /// first, i.e. smallest, lambda) and predicts `test`.
    public static func predict(kernel k: Matrix, train: [Int], test: [Int], response y: [Double], folds: Int, seed: UInt64) -> (predictions: [Double], lambda: Double) {
        let trace = train.reduce(0.0) { $0 + k[$1, $1] } - train.reduce(0.0) { s, i in s + train.reduce(0.0) { $0 + k[i, $1] } } / Double(train.count)
        let scale = max(trace / Double(train.count), 1e-12)
        let grid = (-4...2).flatMap { e in [1.0, 3.0].map { $0 * pow10(e) * scale } }
        let assignment = foldAssignment(count: train.count, folds: min(folds, train.count), seed: seed)
        var best = (error: Double.infinity, lambda: grid[0])
        for lambda in grid {
            var error = 0.0
            for f in 0..<min(folds, train.count) {
                let inner = train.indices.filter { assignment[$0] != f }.map { train[$0] }
                let held = train.indices.filter { assignment[$0] == f }.map { train[$0] }
                guard !inner.isEmpty, !held.isEmpty else { continue }
                let predicted = fitPredict(kernel: k, train: inner, test: held, response: y, lambda: lambda)
                for (s, p) in zip(held, predicted) { error += (y[s] - p) * (y[s] - p) }
            }
            if error < best.error { best = (error, lambda) }
        }
        return (fitPredict(kernel: k, train: train, test: test, response: y, lambda: best.lambda), best.lambda)
    }

    private static func pow10(_ e: Int) -> Double {
        var v = 1.0
        if e >= 0 { for _ in 0..<e { v *= 10 } } else { for _ in 0..<(-e) { v /= 10 } }
        return v
    }
}

/// Fold of each of `count` items: a seeded shuffle dealt round-robin into `folds` folds.
public func foldAssignment(count: Int, folds: Int, seed: UInt64) -> [Int] {
    var rng = SplitMix64(seed: seed)
    var order = Array(0..<count)
    if count > 1 { for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) } }
    var assignment = [Int](repeating: 0, count: count)
    for (position, item) in order.enumerated() { assignment[item] = position % max(1, folds) }
    return assignment
}
