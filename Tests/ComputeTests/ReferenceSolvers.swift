import Foundation
@testable import Compute

/// Independent, plainly written references for the elastic net tests. They share no code
/// with the production solver: dense loops, Gauss-Jordan elimination, proximal gradient.
enum Reference {
    /// A weighted elastic-net problem on raw data, standardised here with plain loops.
    struct Problem {
        var z: [[Double]]      // n x q, weighted-standardised regulators
        var u: [Double]        // standardised target
        var w: [Double]        // normalised weights
        var kernelSum: Double
        var lambda: Double
        var gamma: Double
        var penalty: [Double]
        var excluded: [Bool]
        var q: Int { penalty.count }
    }

    static func standardise(regulators: [[Double]], target: [Double], kernel: [Double], exclude: Int?) -> (z: [[Double]], u: [Double], w: [Double], excluded: [Bool]) {
        let n = target.count, q = regulators[0].count
        let total = kernel.reduce(0, +)
        let w = kernel.map { $0 / total }
        var z = Array(repeating: Array(repeating: 0.0, count: q), count: n)
        var excluded = Array(repeating: false, count: q)
        for j in 0..<q {
            var mean = 0.0
            for i in 0..<n { mean += w[i] * regulators[i][j] }
            var v = 0.0
            for i in 0..<n { v += w[i] * (regulators[i][j] - mean) * (regulators[i][j] - mean) }
            let sd = v.squareRoot()
            if sd < 1e-12 || j == exclude { excluded[j] = true; continue }
            for i in 0..<n { z[i][j] = (regulators[i][j] - mean) / sd }
        }
        var tm = 0.0
        for i in 0..<n { tm += w[i] * target[i] }
        var tv = 0.0
        for i in 0..<n { tv += w[i] * (target[i] - tm) * (target[i] - tm) }
        let u = target.map { ($0 - tm) / tv.squareRoot() }
        return (z, u, w, excluded)
    }

    /// g_j = sum_i w_i z_ij (u_i - z_i b)
    static func gradient(_ p: Problem, _ b: [Double]) -> [Double] {
        var g = Array(repeating: 0.0, count: p.q)
        for i in 0..<p.u.count {
            var fit = 0.0
            for j in 0..<p.q { fit += p.z[i][j] * b[j] }
            let r = p.w[i] * (p.u[i] - fit)
            for j in 0..<p.q { g[j] += p.z[i][j] * r }
        }
        return g
    }

    static func kktResidual(_ p: Problem, _ b: [Double]) -> Double {
        let g = gradient(p, b)
        var worst = 0.0
        for j in 0..<p.q where !p.excluded[j] {
            let t = p.lambda * p.penalty[j]
            if b[j] != 0 { worst = max(worst, abs(g[j] - t * (b[j] > 0 ? 1 : -1) - p.gamma * b[j])) }
            else { worst = max(worst, abs(g[j]) - t) }
        }
        return max(0, worst)
    }

    /// FISTA with adaptive restart on the objective itself, stopped when the KKT residual
    /// is below `tolerance`.
    static func proximalGradient(_ p: Problem, tolerance: Double = 1e-11, maxIterations: Int = 2_000_000) -> [Double] {
        // Lipschitz constant of the smooth part: largest eigenvalue of Z'WZ + gamma, bounded
        // by the trace (each standardised column has sum w z^2 = 1).
        let lipschitz = Double(p.excluded.filter { !$0 }.count) + p.gamma
        let step = 1 / lipschitz
        var b = Array(repeating: 0.0, count: p.q), y = b, t = 1.0
        for iteration in 0..<maxIterations {
            let g = gradient(p, y)
            var next = y
            for j in 0..<p.q {
                if p.excluded[j] { next[j] = 0; continue }
                let v = y[j] + step * (g[j] - p.gamma * y[j])
                let th = step * p.lambda * p.penalty[j]
                next[j] = v > th ? v - th : (v < -th ? v + th : 0)
            }
            let tNext = (1 + (1 + 4 * t * t).squareRoot()) / 2
            var restart = 0.0
            for j in 0..<p.q { restart += (y[j] - next[j]) * (next[j] - b[j]) }
            if restart > 0 { y = next; t = 1 } else {
                for j in 0..<p.q { y[j] = next[j] + (t - 1) / tNext * (next[j] - b[j]) }
                t = tNext
            }
            b = next
            if iteration % 50 == 0 && kktResidual(p, b) <= tolerance { break }
        }
        return b
    }

    /// Solves A x = y by Gauss-Jordan elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ y: [Double]) -> [Double] {
        let n = y.count
        var m = a, r = y
        for col in 0..<n {
            let pivot = (col..<n).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot); r.swapAt(col, pivot)
            for row in 0..<n where row != col {
                let f = m[row][col] / m[col][col]
                if f == 0 { continue }
                for k in col..<n { m[row][k] -= f * m[col][k] }
                r[row] -= f * r[col]
            }
        }
        return (0..<n).map { r[$0] / m[$0][$0] }
    }

    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        let columns = (0..<n).map { k in solve(a, (0..<n).map { $0 == k ? 1.0 : 0.0 }) }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }

    /// Z_A' W Z_A over the given coordinates.
    static func weightedGram(_ p: Problem, _ active: [Int]) -> [[Double]] {
        active.map { j in active.map { l in (0..<p.u.count).reduce(0.0) { $0 + p.w[$1] * p.z[$1][j] * p.z[$1][l] } } }
    }
}
