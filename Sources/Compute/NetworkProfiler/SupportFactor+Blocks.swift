import CDenseKernels
import COpenBLAS

/// Block updates of S = (G_AA + gamma I)^-1: many coordinates join or leave A at once, as
/// when a grid point is solved directly on a guessed support (ElasticNetPath+Guess). The
/// algebra is that of the single updates in SupportFactor.swift with a |J| x |J| Schur
/// complement in place of a scalar. The two O(|A|^2 |J|) products run in CDenseKernels,
/// each element of S serving several columns per load (sn_symmetric_multiply,
/// sn_symmetric_rank_k); the O(|A| |J|^2) combinations by sn_combine, the |J| x |J|
/// factor and inverses by LAPACK. (OpenBLAS's dsymm, dtrsm and dsyrk were tried first: at
/// these sizes, |A| ~ 100 and |J| ~ 20, their packing and per-call overhead made a block
/// update cost about 100 us, no faster than walking the path's events one by one.)
///
/// Panels U, W, V, Y below are column-major |A| x |J| (column t contiguous, stride
/// max(|A|, 1)); S and G_AA + gamma I keep their lower triangles, row-major with stride
/// `capacity`; the |J| x |J| matrices are row-major lower triangles (handed to LAPACK,
/// which is column-major, as upper ones: "U").
extension SupportFactor {
    /// Adds the coordinates `joining` (none of them in A). With U = G_{A,J}, W = S U and the
    /// Schur complement C = G_JJ + gamma I - U'W = L L':
    ///     S' = [S + V V', -Y; -Y', C^-1],  V = W L^-T,  Y = V L^-1 = W C^-1.
    /// False (S unusable: the caller rebuilds) when C is not numerically positive definite,
    /// by the single update's rule: every pivot of L must keep 1e-8 of its diagonal.
    mutating func add(block joining: [Int], gram: UnsafeBufferPointer<Double>, size q: Int) -> Bool {
        let m = order.count, k = joining.count
        guard k > 0 else { return true }
        reserve(m + k)
        let cap = capacity, ld = max(m, 1)
        var u = takePanel(0, count: ld * k), w = takePanel(1, count: ld * k)
        var v = takePanel(2, count: ld * k), y = takePanel(3, count: ld * k)
        defer { panels[0] = u; panels[1] = w; panels[2] = v; panels[3] = y }
        order.withUnsafeBufferPointer { order in
            u.withUnsafeMutableBufferPointer { u in
                for (t, j) in joining.enumerated() {
                    let row = gram.baseAddress! + j * q, column = u.baseAddress! + t * ld
                    for i in 0..<m { column[i] = row[order[i]] }
                }
            }
        }
        inverse.withUnsafeBufferPointer { s in sn_symmetric_multiply(m, k, s.baseAddress, cap, u, ld, &w, ld) }
        var schur = [Double](repeating: 0, count: k * k), diagonal = [Double](repeating: 0, count: k)
        for t in 0..<k {
            for r in 0...t { schur[t * k + r] = gram[joining[t] * q + joining[r]] }
            schur[t * k + t] += gamma
            diagonal[t] = schur[t * k + t]
        }
        if m > 0 {   // C -= W'U (row-major lower = column-major upper of the symmetric result)
            cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(k), Int32(m), -1, w, Int32(ld), u,
                        Int32(ld), 1, &schur, Int32(k))
        }
        guard let lowerInverse = SupportFactor.factorAndInvert(&schur, k, diagonal: diagonal) else { return false }
        SupportFactor.timesLowerTransposed(w, rows: m, stride: ld, lowerInverse, k, into: &v)
        var coefficients = [Double](repeating: 0, count: k)
        for t in 0..<k {                                  // Y[:, t] = sum_{s >= t} L^-1[s, t] V[:, s]
            for s in t..<k { coefficients[s - t] = lowerInverse[s * k + t] }
            v.withUnsafeBufferPointer { v in
                y.withUnsafeMutableBufferPointer { y in
                    sn_combine(m, k - t, v.baseAddress! + t * ld, ld, nil, coefficients, 0, y.baseAddress! + t * ld)
                }
            }
        }
        inverse.withUnsafeMutableBufferPointer { s in
            sn_symmetric_rank_k(m, k, 1, v, ld, s.baseAddress, cap)
            y.withUnsafeBufferPointer { y in
                for t in 0..<k {
                    let row = s.baseAddress! + (m + t) * cap, column = y.baseAddress! + t * ld
                    for i in 0..<m { row[i] = -column[i] }
                    for r in 0...t { row[m + r] = schur[t * k + r] }      // C^-1
                }
            }
        }
        shifted.withUnsafeMutableBufferPointer { a in
            u.withUnsafeBufferPointer { u in
                for t in 0..<k {
                    let row = a.baseAddress! + (m + t) * cap
                    row.update(from: u.baseAddress! + t * ld, count: m)
                    for r in 0...t { row[m + r] = gram[joining[t] * q + joining[r]] }
                    row[m + t] += gamma
                }
            }
        }
        for (t, j) in joining.enumerated() { position[j] = m + t }
        order += joining
        updatesSinceRebuild += k
        lastUpdate = .rebuilt
        return true
    }

    /// Removes the coordinates `leaving` (all in A). They are moved to the end of the order,
    /// so that S = [B E; E' F] with F their block; then S' = B - E F^-1 E' = B - V V' with
    /// F = L L' and V = E L^-T. False when F is not numerically positive definite (the
    /// caller rebuilds).
    mutating func remove(block leaving: [Int]) -> Bool {
        let k = leaving.count
        guard k > 0 else { return true }
        let cap = capacity, count = order.count
        var end = count
        // Highest positions first: every coordinate still to move sits before `end`.
        for j in leaving.sorted(by: { position[$0] > position[$1] }) {
            let p = position[j], last = end - 1
            if p != last {
                SupportFactor.swapSymmetric(&inverse, p, last, stride: cap, count: count)
                SupportFactor.swapSymmetric(&shifted, p, last, stride: cap, count: count)
                let other = order[last]
                order[p] = other
                position[other] = p
                order[last] = j
                position[j] = last
            }
            end -= 1
        }
        let m = end, ld = max(m, 1)
        var f = [Double](repeating: 0, count: k * k)
        var e = takePanel(0, count: ld * k), v = takePanel(2, count: ld * k)
        defer { panels[0] = e; panels[2] = v }
        for t in 0..<k {
            let row = (m + t) * cap
            for r in 0...t { f[t * k + r] = inverse[row + m + r] }
            for i in 0..<m { e[t * ld + i] = inverse[row + i] }
        }
        guard let lowerInverse = SupportFactor.factorAndInvert(&f, k, diagonal: nil) else { return false }
        SupportFactor.timesLowerTransposed(e, rows: m, stride: ld, lowerInverse, k, into: &v)
        inverse.withUnsafeMutableBufferPointer { s in sn_symmetric_rank_k(m, k, -1, v, ld, s.baseAddress, cap) }
        for j in leaving { position[j] = -1 }
        order.removeLast(k)
        updatesSinceRebuild += k
        lastUpdate = .rebuilt
        return true
    }

    /// Factorises the k x k C = L L' (row-major lower triangle) and returns L^-1, leaving
    /// C^-1 = L^-T L^-1 in `c`. nil when C is not positive definite, or (given `diagonal`)
    /// when a squared pivot falls below 1e-8 of its diagonal entry.
    private static func factorAndInvert(_ c: inout [Double], _ k: Int, diagonal: [Double]?) -> [Double]? {
        var uplo = CChar(UInt8(ascii: "U")), unit = CChar(UInt8(ascii: "N")), n = Int32(k), info: Int32 = 0
        dpotrf_(&uplo, &n, &c, &n, &info)
        guard info == 0 else { return nil }
        if let diagonal {
            for t in 0..<k where !(c[t * k + t] * c[t * k + t] > 1e-8 * diagonal[t]) { return nil }
        }
        dtrtri_(&uplo, &unit, &n, &c, &n, &info)
        guard info == 0 else { return nil }
        let lowerInverse = c
        dlauum_(&uplo, &n, &c, &n, &info)
        return info == 0 ? lowerInverse : nil
    }

    /// Scratch panel `index` moved out of `panels` (its contents are garbage; the caller
    /// writes every entry it reads) with room for `count` doubles.
    private mutating func takePanel(_ index: Int, count: Int) -> [Double] {
        var panel: [Double] = []
        swap(&panel, &panels[index])
        if panel.count < count { panel = [Double](repeating: 0, count: max(count, 2 * panel.count)) }
        return panel
    }

    /// out = P M' for a column-major panel P (rows x k) and a lower triangular M (row-major):
    /// column s is sum_{r <= s} M[s, r] P[:, r].
    private static func timesLowerTransposed(_ panel: [Double], rows m: Int, stride ld: Int, _ lower: [Double],
                                             _ k: Int, into out: inout [Double]) {
        panel.withUnsafeBufferPointer { p in
            lower.withUnsafeBufferPointer { l in
                out.withUnsafeMutableBufferPointer { o in
                    for s in 0..<k {
                        sn_combine(m, s + 1, p.baseAddress, ld, nil, l.baseAddress! + s * k, 0, o.baseAddress! + s * ld)
                    }
                }
            }
        }
    }
}
