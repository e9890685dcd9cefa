import COpenBLAS

/// The inverse S = (G_AA + gamma I)^-1 for the active set A of an elastic-net path, updated
/// as A changes instead of refactorised for every solve (METHOD.md 1.5).
///
/// G_AA + gamma I depends on neither lambda nor the adaptive weights, so one S serves every
/// lambda and every recursion round of a gamma. With A' = [A u; u' d]:
/// - adding coordinate j (u = G_Aj, d = G_jj + gamma): with w = S u and the Schur complement
///   s = d - u'w > 0, S' = [S + w w'/s, -w/s; -w'/s, 1/s];
/// - removing coordinate k (S = [B b; b' beta] with k moved last): S' = B - b b'/beta.
/// Each is O(|A|^2) (level-1 ddot/daxpy per row) where a fresh Cholesky is O(|A|^3). Solutions get one step
/// of iterative refinement against G_AA + gamma I gathered from G, and S is rebuilt from
/// scratch (Cholesky) when the refined residual shows it has drifted, so the accuracy is
/// that of a direct solve.
///
/// tr(S) is what df needs: df = |A| - gamma tr((G_AA + gamma I)^-1) (METHOD.md 1.2).
struct SupportFactor {
    let gamma: Double
    /// A in the order of S's rows.
    private(set) var order: [Int] = []
    /// S, row-major with row stride `capacity`.
    private var inverse: [Double] = []
    private var capacity = 0
    /// Position of each coordinate in `order`, -1 when not in A.
    private var position: [Int]
    /// Rank-one updates since S was last built from a factorisation.
    private var updatesSinceRebuild = 0
    /// Scratch vectors of length `capacity` for the updates (no allocation per update).
    private var scratchU: [Double] = []
    private var scratchW: [Double] = []

    init(size q: Int, gamma: Double) {
        self.gamma = gamma
        position = [Int](repeating: -1, count: q)
    }

    /// Where coordinate j sits in `order` (-1 when not in A).
    func position(of j: Int) -> Int { position[j] }

    /// tr((G_AA + gamma I)^-1).
    var inverseTrace: Double {
        var trace = 0.0
        for i in 0..<order.count { trace += inverse[i * capacity + i] }
        return trace
    }

    /// Makes A equal to `support` (any order) by removals and additions; rebuilds S from a
    /// Cholesky factorisation when that is cheaper or an update is numerically unsafe.
    /// Returns false if G_AA + gamma I is not numerically positive definite.
    mutating func update(to support: [Int], gram: UnsafeBufferPointer<Double>, size q: Int) -> Bool {
        var inSupport = [Bool](repeating: false, count: q)
        for j in support { inSupport[j] = true }
        let leaving = order.filter { !inSupport[$0] }
        let joining = support.filter { position[$0] < 0 }
        if leaving.isEmpty && joining.isEmpty { return true }
        // Updates cost ~2 m^2 each, a rebuild ~m^3 (in BLAS-3 speed): rebuild when most changes.
        if leaving.count + joining.count > max(4, support.count / 4) { return rebuild(support, gram: gram, size: q) }
        for j in leaving { remove(j) }
        for j in joining {
            guard add(j, gram: gram, size: q) else { return rebuild(support, gram: gram, size: q) }
        }
        return true
    }

    /// Solves (G_AA + gamma I) x = rhs (both in `order`) with one step of iterative
    /// refinement. The size of that step measures how far S has drifted through updates; when
    /// it is not at rounding level, S is rebuilt and the system solved again.
    mutating func solve(_ rhs: [Double], gram: UnsafeBufferPointer<Double>, size q: Int) -> [Double]? {
        var x = apply(rhs)
        let correction = apply(residualOf(x, rhs: rhs, gram: gram, size: q))
        let size = x.reduce(0) { max($0, abs($1)) }
        for i in x.indices { x[i] += correction[i] }
        if updatesSinceRebuild > 0 && correction.reduce(0, { max($0, abs($1)) }) > 1e-9 * size {
            guard rebuild(order, gram: gram, size: q) else { return nil }
            return solve(rhs, gram: gram, size: q)
        }
        return x
    }

    // MARK: - Updates

    private mutating func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        let newCapacity = max(rows, 2 * capacity, 16)
        var grown = [Double](repeating: 0, count: newCapacity * newCapacity)
        for i in 0..<order.count { for t in 0..<order.count { grown[i * newCapacity + t] = inverse[i * capacity + t] } }
        inverse = grown
        capacity = newCapacity
        scratchU = [Double](repeating: 0, count: newCapacity)
        scratchW = [Double](repeating: 0, count: newCapacity)
    }

    /// Adds coordinate j to A. False when its Schur complement is lost to cancellation (the
    /// caller rebuilds), S unchanged.
    mutating func add(_ j: Int, gram: UnsafeBufferPointer<Double>, size q: Int) -> Bool {
        let m = order.count
        reserve(m + 1)
        let cap = capacity
        for i in 0..<m { scratchU[i] = gram[j * q + order[i]] }
        var w = scratchW                             // moved out and back: no copy, no overlapping access
        scratchW = []
        apply(scratchU, into: &w)
        scratchW = w
        let d = gram[j * q + j] + gamma
        var schur = d
        for i in 0..<m { schur -= scratchU[i] * scratchW[i] }
        // A Schur complement lost to cancellation would make S inaccurate: rebuild instead.
        guard schur > 1e-8 * d, !schur.isNaN else { return false }
        inverse.withUnsafeMutableBufferPointer { s in
            scratchW.withUnsafeBufferPointer { w in
                SupportFactor.rankOneUpdate(s, stride: cap, size: m, scale: 1 / schur, vector: w)
                for i in 0..<m {
                    s[i * cap + m] = -w[i] / schur
                    s[m * cap + i] = -w[i] / schur
                }
            }
            s[m * cap + m] = 1 / schur
        }
        position[j] = m
        order.append(j)
        updatesSinceRebuild += 1
        return true
    }

    /// Removes coordinate j from A (it must be in A).
    mutating func remove(_ j: Int) {
        let k = position[j], last = order.count - 1, cap = capacity
        inverse.withUnsafeMutableBufferPointer { s in
            if k != last {                          // move k last: swap rows, then columns
                for t in 0...last { s.swapAt(k * cap + t, last * cap + t) }
                for t in 0...last { s.swapAt(t * cap + k, t * cap + last) }
            }
            let beta = s[last * cap + last]
            for i in 0..<last { scratchU[i] = s[i * cap + last] }
            scratchU.withUnsafeBufferPointer { b in
                SupportFactor.rankOneUpdate(s, stride: cap, size: last, scale: -1 / beta, vector: b)
            }
        }
        if k != last {
            order[k] = order[last]
            position[order[k]] = k
        }
        order.removeLast()
        position[j] = -1
        updatesSinceRebuild += 1
    }

    /// Empties A, keeping the storage.
    mutating func reset() {
        for j in order { position[j] = -1 }
        order.removeAll(keepingCapacity: true)
        updatesSinceRebuild = 0
    }

    /// S from scratch: the solver's Cholesky of G_AA + gamma I, then its inverse (dpotri).
    private mutating func rebuild(_ support: [Int], gram: UnsafeBufferPointer<Double>, size q: Int) -> Bool {
        for j in order { position[j] = -1 }
        order = []                                   // nothing to carry over into a larger S
        guard let full = ElasticNetSolver.shiftedFactor(gram: gram, size: q, support: support, gamma: gamma)?.inverse() else { return false }
        reserve(support.count)
        order = support
        for (i, j) in order.enumerated() { position[j] = i }
        let m = order.count, cap = capacity
        for r in 0..<m { for c in 0..<m { inverse[r * cap + c] = full[r * m + c] } }
        updatesSinceRebuild = 0
        return true
    }

    // MARK: - Products

    /// S += scale v v' on the leading size x size block, a daxpy per row. Level-1 calls on
    /// purpose: OpenBLAS runs dger and dsymv on its own threads above ~100 x 100, which would
    /// oversubscribe the cores the profiler's workers already fill, and changing its thread
    /// count is process-wide.
    private static func rankOneUpdate(_ s: UnsafeMutableBufferPointer<Double>, stride: Int, size m: Int, scale: Double,
                                      vector v: UnsafeBufferPointer<Double>) {
        for i in 0..<m where v[i] != 0 {
            cblas_daxpy(Int32(m), scale * v[i], v.baseAddress, 1, s.baseAddress! + i * stride, 1)
        }
    }

    /// S v, a ddot per row of the (full, symmetric) S.
    func apply(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: order.count)
        apply(v, into: &out)
        return out
    }

    /// out[0..<|A|] = S v[0..<|A|] (both at least |A| long).
    func apply(_ v: [Double], into out: inout [Double]) {
        let m = order.count, cap = capacity
        guard m > 0 else { return }
        inverse.withUnsafeBufferPointer { s in
            v.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { out in
                    for i in 0..<m { out[i] = cblas_ddot(Int32(m), s.baseAddress! + i * cap, 1, v.baseAddress, 1) }
                }
            }
        }
    }

    /// rhs - (G_AA + gamma I) x.
    private func residualOf(_ x: [Double], rhs: [Double], gram: UnsafeBufferPointer<Double>, size q: Int) -> [Double] {
        let m = order.count
        var r = rhs
        order.withUnsafeBufferPointer { order in
            x.withUnsafeBufferPointer { x in
                for i in 0..<m {
                    let row = order[i] * q
                    var sum = gamma * x[i]
                    for t in 0..<m { sum += gram[row + order[t]] * x[t] }
                    r[i] -= sum
                }
            }
        }
        return r
    }
}
