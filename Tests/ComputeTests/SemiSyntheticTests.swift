import Foundation
import TestSupport
import Testing
@testable import Compute

/// The semi-synthetic generator (METHOD.md 1.7, issue 20 item 6): shapes by hand, mid-ranks,
/// the planted design, the signal rebuilt independently from the planted edges, the noise
/// calibration against a least-squares fit computed here, and the call scores by hand.
@Suite struct SemiSyntheticTests {
    @Test func shapesByHand() {
        typealias S = SemiSynthetic.Shape
        #expect(S.ramp.coefficient(amplitude: 0.8, u: 0) == 0 && S.ramp.coefficient(amplitude: 0.8, u: 1) == 0.8)
        #expect(S.signFlip.coefficient(amplitude: 0.8, u: 0) == -0.8 && S.signFlip.coefficient(amplitude: 0.8, u: 1) == 0.8)
        #expect(S.signFlip.coefficient(amplitude: 0.8, u: 0.5) == 0)
        #expect(abs(S.switchStep.coefficient(amplitude: 0.8, u: 0.5) - 0.4) < 1e-15)
        #expect(S.switchStep.coefficient(amplitude: 0.8, u: 0) < 0.8 * 1e-4 && S.switchStep.coefficient(amplitude: 0.8, u: 1) > 0.8 * (1 - 1e-4))
        #expect(S.constant.coefficient(amplitude: -0.6, u: 0.3) == -0.6)
        #expect(S.varying.allSatisfy(\.varies) && !S.constant.varies)
    }

    @Test func midRanksShareTies() {
        #expect(SemiSynthetic.scaledRanks([3, 1, 2, 1, 5]) == [0.75, 0.125, 0.5, 0.125, 1])
        #expect(SemiSynthetic.scaledRanks([7]) == [0.5])
    }

    /// 240 lines x 12 regulators (correlated pairs), 6 targets with 2 varying + 2 static edges.
    func dataset(r2: Double = 0.5, seed: UInt64 = 3) -> (Matrix, [Double], SemiSynthetic.Dataset) {
        var rng = TestRandom(seed: 41)
        let n = 240, q = 12
        var x = Matrix(rows: n, columns: q)
        for i in 0..<n {
            for j in 0..<q { x[i, j] = 2 + 3 * rng.standardNormal() + (j % 2 == 1 ? 2 * x[i, j - 1] : 0) }
        }
        let m = (0..<n).map { _ in rng.standardNormal() }
        var design = SemiSynthetic.Design()
        design.targets = 6; design.staticR2 = r2; design.seed = seed
        return (x, m, SemiSynthetic.generate(regulators: x, modulator: m, design: design))
    }

    @Test func plantsTheDesignDeterministically() {
        let (_, _, a) = dataset()
        let (_, _, b) = dataset()
        #expect(a.targets == b.targets && a.edges == b.edges)
        #expect(dataset(seed: 4).2.targets != a.targets)
        #expect(a.edges.count == 24 && a.edges.filter(\.shape.varies).count == 12)
        for t in 0..<6 {
            let mine = a.edges.filter { $0.target == t }
            #expect(Set(mine.map(\.regulator)).count == 4 && mine.filter(\.shape.varies).count == 2)
        }
        for shape in SemiSynthetic.Shape.varying { #expect(a.edges.filter { $0.shape == shape }.count == 4) }
        #expect(a.edges.allSatisfy { (0.5...1).contains(abs($0.amplitude)) })
        #expect(Set(a.edges.map { $0.amplitude > 0 }).count == 2)
    }

    /// The targets minus the signal rebuilt here from the planted edges (z-scored regulators,
    /// mid-ranks of the modulator) is the noise: mean ~0, sd ~ the reported noise sd; and the
    /// static share the generator reports equals R^2 as asked, by a least-squares fit done here
    /// (normal equations by Gaussian elimination, not the generator's Cholesky).
    @Test func signalAndNoiseRebuiltIndependently() {
        let (x, m, set) = dataset(r2: 0.4)
        let n = x.rows
        let z = (0..<x.columns).map { j -> [Double] in
            let c = x.column(j), mean = c.reduce(0, +) / Double(n)
            let sd = (c.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            return c.map { ($0 - mean) / sd }
        }
        let rank = m.map { v in Double(m.filter { $0 < v }.count) / Double(n - 1) }     // no ties here
        for t in 0..<set.targets.columns {
            let planted = set.edges.filter { $0.target == t }
            var signal = [Double](repeating: 0, count: n)
            for e in planted {
                for i in 0..<n { signal[i] += e.shape.coefficient(amplitude: e.amplitude, u: rank[i]) * z[e.regulator][i] }
            }
            let noise = (0..<n).map { set.targets[$0, t] - signal[$0] }
            let mean = noise.reduce(0, +) / Double(n)
            let sd = (noise.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            #expect(abs(mean) < 4 * set.noiseSD[t] / Double(n).squareRoot())
            #expect(abs(sd / set.noiseSD[t] - 1) < 0.15, "target \(t): noise sd \(sd) vs \(set.noiseSD[t])")
            let explained = leastSquaresExplained(signal, planted.map { z[$0.regulator] })
            let total = variance(signal)
            let expected = max(explained / 0.4 - total, 0.01 * total)
            #expect(abs(set.noiseSD[t] * set.noiseSD[t] - expected) < 1e-9 * max(1, expected))
            if explained / total >= 0.4 { #expect(abs(set.staticR2[t] - 0.4) < 1e-12) }
        }
    }

    func variance(_ v: [Double]) -> Double {
        let mean = v.reduce(0, +) / Double(v.count)
        return v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)
    }

    func leastSquaresExplained(_ y: [Double], _ columns: [[Double]]) -> Double {
        let k = columns.count + 1, n = y.count
        let design = (0..<n).map { i in [1.0] + columns.map { $0[i] } }
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for i in 0..<n {
            for r in 0..<k {
                for c in 0..<k { a[r][c] += design[i][r] * design[i][c] }
                a[r][k] += design[i][r] * y[i]
            }
        }
        for p in 0..<k {
            let pivot = (p..<k).max { abs(a[$0][p]) < abs(a[$1][p]) }!
            a.swapAt(p, pivot)
            for r in 0..<k where r != p {
                let f = a[r][p] / a[p][p]
                for c in p...k { a[r][c] -= f * a[p][c] }
            }
        }
        let beta = (0..<k).map { a[$0][k] / a[$0][$0] }
        var fitted = [Double](repeating: 0, count: n)
        for i in 0..<n { for c in 0..<k { fitted[i] += beta[c] * design[i][c] } }
        return variance(fitted)
    }

    @Test func scoresByHand() {
        typealias K = SemiSynthetic.EdgeKey
        let edges = [SemiSynthetic.PlantedEdge(target: 0, regulator: 1, shape: .ramp, amplitude: 1),
                     SemiSynthetic.PlantedEdge(target: 0, regulator: 2, shape: .constant, amplitude: 1),
                     SemiSynthetic.PlantedEdge(target: 1, regulator: 1, shape: .signFlip, amplitude: 1)]
        let calls: Set<K> = [K(target: 0, regulator: 1), K(target: 0, regulator: 2), K(target: 1, regulator: 5), K(target: 1, regulator: 6)]
        let v = SemiSynthetic.scoreVarying(calls, edges: edges)
        #expect(v.called == 4 && v.truePositives == 1 && v.truth == 2 && v.staticCalled == 1)
        #expect(v.precision == 0.25 && v.recall == 0.5 && v.fdr == 0.75)
        let p = SemiSynthetic.scorePresence(calls, edges: edges)
        #expect(p.truePositives == 2 && p.truth == 3 && p.fdr == 0.5)
        let none = SemiSynthetic.scoreVarying([], edges: edges)
        #expect(none.precision == nil && none.fdr == 0 && none.recall == 0)
    }
}
