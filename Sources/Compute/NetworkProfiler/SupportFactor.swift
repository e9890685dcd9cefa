import CDenseKernels

/// The inverse S = (G_AA + gamma I)^-1 for the active set A of an elastic-net path, updated
/// as A changes instead of refactorised for every solve (METHOD.md 1.5).
///
/// G_AA + gamma I depends on neither lambda nor the adaptive weights, so one S serves every
/// lambda and every recursion round of a gamma. With A' = [A u; u' d]:
/// - adding coordinate j (u = G_Aj, d = G_jj + gamma): with w = S u and the Schur complement
///   s = d - u'w > 0, S' = [S + w w'/s, -w/s; -w'/s, 1/s];
/// - removing coordinate k (S = [B b; b' beta] with k moved last): S' = B - b b'/beta.
/// Each is O(|A|^2) (a symmetric product and a rank-one update on the lower triangle,
/// CDenseKernels) where a fresh Cholesky is O(|A|^3). Solutions get one step of
/// iterative refinement against G_AA + gamma I (kept gathered beside S, so the residual is
/// one more symmetric product), and S is rebuilt from scratch
/// (Cholesky) when that step shows it has drifted, so the accuracy is that of a direct solve.
///
/// After each update the vector it used is kept (`lastUpdate`), so a caller holding
/// y = S v can follow it in O(|A|) (see ElasticNetPath).
///
/// tr(S) is what df needs: df = |A| - gamma tr((G_AA + gamma I)^-1) (METHOD.md 1.2).
struct SupportFactor {
    private(set) var gamma: Double
    /// A in the order of S's rows.
    // The storage below is written only by this file and SupportFactor+Blocks.swift
    // (SupportFactor+Products.swift only reads it).
    var order: [Int] = []
    /// S, lower triangle, row-major with row stride `capacity`.
    var inverse: [Double] = []
    /// G_AA + gamma I in the same layout (the matrix the refinement step checks against).
    var shifted: [Double] = []
    var capacity = 0
    /// Position of each coordinate in `order`, -1 when not in A.
    var position: [Int]
    /// Rank-one updates since S was last built from a factorisation.
    var updatesSinceRebuild = 0
    /// Scratch vectors of length `capacity` for the updates (no allocation per update).
    private var scratchU: [Double] = []
    private var scratchW: [Double] = []
    /// Scratch panels of the block updates (SupportFactor+Blocks), grown as needed and kept,
    /// so a block update allocates nothing of size |A| |J|.
    var panels = [[Double]](repeating: [], count: 4)

    /// What the last `add` or `remove` did, for callers that update S v in O(|A|).
    enum Update {
        /// Added at position |A| - 1 with this Schur complement; `withLastVector` gives
        /// w = S u (S before the update) and `withLastColumn` u = G_Aj.
        case added(schur: Double)
        /// A coordinate left; A's last coordinate moved to its position (when different).
        /// `withLastVector` gives S's column of the leaving coordinate (in the order after
        /// the move, without its own entry), `pivot` is its diagonal entry.
        case removed(pivot: Double)
        /// S was rebuilt: nothing to follow.
        case rebuilt
    }
    var lastUpdate = Update.rebuilt

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

    /// The vector of the last update (see `Update`), valid until the next one.
    func withLastVector<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        scratchW.withUnsafeBufferPointer(body)
    }

    /// u = G_Aj of the last `add` (A before it).
    func withLastColumn<R>(_ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        scratchU.withUnsafeBufferPointer(body)
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
        // A rebuild costs ~n^3 (Cholesky and inverse), block updates ~|A|^2 (3 |joining| +
        // |leaving|), all at matrix-matrix speed: rebuild when that is cheaper.
        if 3 * joining.count + leaving.count > max(8, support.count) { return rebuild(support, gram: gram, size: q) }
        if leaving.count + joining.count <= 2 {
            for j in leaving { remove(j) }
            for j in joining {
                guard add(j, gram: gram, size: q) else { return rebuild(support, gram: gram, size: q) }
            }
        } else {
            if !leaving.isEmpty { guard remove(block: leaving) else { return rebuild(support, gram: gram, size: q) } }
            if !joining.isEmpty { guard add(block: joining, gram: gram, size: q) else { return rebuild(support, gram: gram, size: q) } }
        }
        lastUpdate = .rebuilt                        // several steps: nothing single to follow
        return true
    }

    /// Solves (G_AA + gamma I) x = rhs (both in `order`) with one step of iterative
    /// refinement. The size of that step measures how far S has drifted through updates; when
    /// it is not at rounding level, S is rebuilt and the system solved again.
    mutating func solve(_ rhs: [Double], gram: UnsafeBufferPointer<Double>, size q: Int) -> [Double]? {
        var x = apply(rhs)
        var residual = rhs                           // rhs - (G_AA + gamma I) x
        symmetricProduct(shifted, x, into: &residual, alpha: -1, beta: 1)
        let correction = apply(residual)
        let size = x.reduce(0) { max($0, abs($1)) }
        for i in x.indices { x[i] += correction[i] }
        if updatesSinceRebuild > 0 && correction.reduce(0, { max($0, abs($1)) }) > 1e-9 * size {
            guard rebuild(order, gram: gram, size: q) else { return nil }
            return solve(rhs, gram: gram, size: q)
        }
        return x
    }

    // MARK: - Updates

    mutating func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        // An odd multiple of 8 doubles: rows 64-byte aligned relative to each other but never
        // a power of two apart (which would map every row to the same cache sets).
        let newCapacity = (max(rows, 2 * capacity, 16) + 7) / 8 * 8 | 8
        func grown(_ old: [Double]) -> [Double] {
            var new = [Double](repeating: 0, count: newCapacity * newCapacity)
            for i in 0..<order.count { for t in 0...i { new[i * newCapacity + t] = old[i * capacity + t] } }
            return new
        }
        inverse = grown(inverse)
        shifted = grown(shifted)
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
        symmetricProduct(inverse, scratchU, into: &w, alpha: 1, beta: 0)
        scratchW = w
        let d = gram[j * q + j] + gamma
        let schur = d - (m == 0 ? 0 : sn_dot(m, scratchU, scratchW))
        // A Schur complement lost to cancellation would make S inaccurate: rebuild instead.
        guard schur > 1e-8 * d, !schur.isNaN else { return false }
        inverse.withUnsafeMutableBufferPointer { s in
            scratchW.withUnsafeBufferPointer { w in
                sn_symmetric_rank_one(m, 1 / schur, w.baseAddress, s.baseAddress, cap)
                for i in 0..<m { s[m * cap + i] = -w[i] / schur }
            }
            s[m * cap + m] = 1 / schur
        }
        shifted.withUnsafeMutableBufferPointer { a in
            for i in 0..<m { a[m * cap + i] = scratchU[i] }
            a[m * cap + m] = d
        }
        position[j] = m
        order.append(j)
        updatesSinceRebuild += 1
        lastUpdate = .added(schur: schur)
        return true
    }

    /// Removes coordinate j from A (it must be in A).
    mutating func remove(_ j: Int) {
        let k = position[j], last = order.count - 1, cap = capacity
        if k != last {
            SupportFactor.swapSymmetric(&inverse, k, last, stride: cap, count: last + 1)
            SupportFactor.swapSymmetric(&shifted, k, last, stride: cap, count: last + 1)
        }
        let beta = inverse[last * cap + last]
        for i in 0..<last { scratchW[i] = inverse[last * cap + i] }   // row `last` of the lower triangle
        inverse.withUnsafeMutableBufferPointer { s in
            scratchW.withUnsafeBufferPointer { b in
                sn_symmetric_rank_one(last, -1 / beta, b.baseAddress, s.baseAddress, cap)
            }
        }
        if k != last {
            order[k] = order[last]
            position[order[k]] = k
        }
        order.removeLast()
        position[j] = -1
        updatesSinceRebuild += 1
        lastUpdate = .removed(pivot: beta)
    }

    /// Exchanges rows and columns k < l of a symmetric matrix of `count` rows kept as its
    /// lower triangle (rows below l hold both in their columns k and l).
    static func swapSymmetric(_ a: inout [Double], _ k: Int, _ l: Int, stride: Int, count: Int) {
        a.withUnsafeMutableBufferPointer { a in
            for t in 0..<k { a.swapAt(k * stride + t, l * stride + t) }
            for t in (k + 1)..<l { a.swapAt(t * stride + k, l * stride + t) }
            a.swapAt(k * stride + k, l * stride + l)
            for t in (l + 1)..<max(l + 1, count) { a.swapAt(t * stride + k, t * stride + l) }
        }
    }

    /// The number of coordinates q.
    var size: Int { position.count }

    /// Empties A for another gamma, keeping the storage (PathWorkspace).
    mutating func reset(gamma: Double) {
        reset()
        self.gamma = gamma
    }

    /// Empties A, keeping the storage.
    mutating func reset() {
        for j in order { position[j] = -1 }
        order.removeAll(keepingCapacity: true)
        updatesSinceRebuild = 0
        lastUpdate = .rebuilt
    }

    /// S from scratch: the solver's Cholesky of G_AA + gamma I, then its inverse (dpotri).
    private mutating func rebuild(_ support: [Int], gram: UnsafeBufferPointer<Double>, size q: Int) -> Bool {
        for j in order { position[j] = -1 }
        order = []                                   // nothing to carry over into a larger S
        lastUpdate = .rebuilt
        guard let full = ElasticNetSolver.shiftedFactor(gram: gram, size: q, support: support, gamma: gamma)?.inverse() else { return false }
        reserve(support.count)
        order = support
        for (i, j) in order.enumerated() { position[j] = i }
        let m = order.count, cap = capacity
        for r in 0..<m {
            for c in 0...r {
                inverse[r * cap + c] = full[r * m + c]
                shifted[r * cap + c] = gram[order[r] * q + order[c]] + (r == c ? gamma : 0)
            }
        }
        updatesSinceRebuild = 0
        return true
    }
}
