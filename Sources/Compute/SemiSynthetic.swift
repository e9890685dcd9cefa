import Foundation

/// Semi-synthetic truth for the modulation test (METHOD.md 1.7, issue 20 item 6): real
/// regulator expression and a real modulator, synthetic targets with planted edges whose
/// coefficients change along the modulator in known shapes, and planted static edges.
///
/// Our choices where the issue is silent:
/// - Shapes are functions of u, the modulator's mid-rank scaled to [0, 1], so a skewed
///   modulator still spreads a switch or ramp over the lines: switch a / (1 + e^-(u-1/2)/0.05),
///   ramp a u, sign flip a (2u - 1), static a. Amplitudes are uniform in [0.5, 1] with a random
///   sign; regulators are z-scored first.
/// - Varying edges cycle through switch, ramp, sign flip in planting order, so each shape gets a
///   third of them; every target gets the same number of varying and static edges on distinct
///   regulators drawn at random.
/// - Signal-to-noise: "a static fit's R^2" is the share of a target's variance that the least
///   squares fit on its planted regulators (with an intercept, coefficients constant over lines)
///   explains. Noise variance s^2 = V_static / R^2 - V_signal sets that share to R^2; a target
///   whose noise-free static share is already below R^2 gets s^2 = 1% of V_signal, and its
///   achieved share is reported.
public enum SemiSynthetic {
    public enum Shape: String, CaseIterable, Sendable, Codable {
        case switchStep = "switch"
        case ramp
        case signFlip = "sign-flip"
        case constant = "static"

        public static let varying: [Shape] = [.switchStep, .ramp, .signFlip]
        public var varies: Bool { self != .constant }

        /// The coefficient at scaled modulator rank u in [0, 1] for amplitude a.
        public func coefficient(amplitude a: Double, u: Double) -> Double {
            switch self {
            case .switchStep: return a / (1 + exp(-(u - 0.5) / 0.05))
            case .ramp: return a * u
            case .signFlip: return a * (2 * u - 1)
            case .constant: return a
            }
        }
    }

    public struct Design: Sendable, Equatable {
        public var targets = 25
        public var varyingPerTarget = 2
        public var staticPerTarget = 2
        /// The static fit's R^2 each target is set to.
        public var staticR2 = 0.5
        public var seed: UInt64 = 1
        public init() {}
    }

    public struct PlantedEdge: Sendable, Equatable {
        public var target: Int
        public var regulator: Int
        public var shape: Shape
        public var amplitude: Double
    }

    public struct Dataset: Sendable {
        /// Lines x targets, in the lines' input order.
        public var targets: Matrix
        public var edges: [PlantedEdge]
        public var noiseSD: [Double]
        /// Each target's achieved static-fit share of variance (the population value of the
        /// generating model, noise at its expected variance).
        public var staticR2: [Double]
    }

    /// Mid-ranks of `values` scaled to [0, 1] (ties share their mean rank).
    public static func scaledRanks(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return values.map { _ in 0.5 } }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var u = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2
            for k in start...end { u[order[k]] = rank / Double(n - 1) }
            start = end + 1
        }
        return u
    }

    /// Plants `design` on `regulators` (lines x q, real expression) along `modulator`.
    public static func generate(regulators raw: Matrix, modulator: [Double], design: Design) -> Dataset {
        let n = raw.rows, q = raw.columns, perTarget = design.varyingPerTarget + design.staticPerTarget
        precondition(modulator.count == n && perTarget <= q && n > perTarget + 1, "too few lines or regulators for the design")
        let x = zScored(raw)
        let u = scaledRanks(modulator)
        var rng = SplitMix64(seed: design.seed)
        var edges: [PlantedEdge] = []
        var targets = Matrix(rows: n, columns: design.targets)
        var noiseSD: [Double] = [], achieved: [Double] = []
        var varyingCount = 0
        for t in 0..<design.targets {
            let chosen = rng.sample(perTarget, from: q).map { ($0, rng.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
            var planted: [PlantedEdge] = []
            for (slot, j) in chosen.enumerated() {
                let shape: Shape = slot < design.varyingPerTarget ? Shape.varying[varyingCount % 3] : .constant
                if shape.varies { varyingCount += 1 }
                let magnitude = 0.5 + 0.5 * rng.unit()
                planted.append(PlantedEdge(target: t, regulator: j, shape: shape, amplitude: rng.below(2) == 0 ? magnitude : -magnitude))
            }
            var signal = [Double](repeating: 0, count: n)
            for e in planted { for i in 0..<n { signal[i] += e.shape.coefficient(amplitude: e.amplitude, u: u[i]) * x[i, e.regulator] } }
            let total = variance(signal)
            let explained = staticExplained(signal, columns: chosen.map { x.column($0) })
            let noiseVariance = max(explained / design.staticR2 - total, 0.01 * total)
            let sd = noiseVariance.squareRoot()
            for i in 0..<n { targets[i, t] = signal[i] + sd * rng.gaussian() }
            noiseSD.append(sd)
            achieved.append(explained / (total + noiseVariance))
            edges += planted
        }
        return Dataset(targets: targets, edges: edges, noiseSD: noiseSD, staticR2: achieved)
    }

    /// Columns z-scored over lines (population sd; a constant column stays 0).
    static func zScored(_ m: Matrix) -> Matrix {
        var out = m
        for j in 0..<m.columns {
            let c = m.column(j)
            let mean = c.reduce(0, +) / Double(c.count)
            let sd = variance(c).squareRoot()
            for i in 0..<m.rows { out[i, j] = sd > 0 ? (c[i] - mean) / sd : 0 }
        }
        return out
    }

    static func variance(_ v: [Double]) -> Double {
        let mean = v.reduce(0, +) / Double(v.count)
        return v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)
    }

    /// Variance of the least squares fit of `y` on `columns` and an intercept (normal
    /// equations on centred columns, Cholesky; the design is tiny).
    static func staticExplained(_ y: [Double], columns: [[Double]]) -> Double {
        let n = y.count, k = columns.count
        let centred = columns.map { c -> [Double] in let m = c.reduce(0, +) / Double(n); return c.map { $0 - m } }
        let yMean = y.reduce(0, +) / Double(n)
        var gram = [Double](repeating: 0, count: k * k), rhs = [Double](repeating: 0, count: k)
        for a in 0..<k {
            for b in 0..<k { gram[a * k + b] = zip(centred[a], centred[b]).reduce(0) { $0 + $1.0 * $1.1 } }
            rhs[a] = zip(centred[a], y).reduce(0) { $0 + $1.0 * ($1.1 - yMean) }
        }
        guard let factor = Cholesky(gram, size: k) else { return 0 }
        let beta = factor.solve(rhs)
        let fitted = (0..<n).map { i in (0..<k).reduce(0) { $0 + beta[$1] * centred[$1][i] } }
        return variance(fitted)
    }
}
