import Foundation

/// TRIP's model (METHOD.md 2): projections C1 (q x J1), C2 (p x J2) with orthonormal
/// columns, Xbar_i = C1' X_i C2, and a predictor on z_i = vec(Xbar_i) (row-major, index
/// a * J2 + b): H = 0: yhat = m'z + c; H > 0: yhat = v' tanh(M'z + b) + c.
///
/// Everything is computed on the sparse stack through the per-edge features
/// phi_e = C1[r_e, :] (x) C2[t_e, :], since Xbar_i = sum_e X_i[e] phi_e.
public struct TRIPModel: Sendable, Equatable {
    public var c1: Matrix
    public var c2: Matrix
    /// M: J x H (J x 1 when H = 0), J = J1 J2.
    public var weights: Matrix
    public var bias: [Double]
    public var output: [Double]
    public var offset: Double
    /// Xref, per edge of the stack the model was trained on: inputs are centred on it,
    /// z_i = vec(C1' (X_i - Xref) C2) (METHOD.md 2.4; the training lines' mean). nil: not
    /// centred (z_i = vec(C1' X_i C2)).
    public var reference: [Double]?
    public var hidden: Int { bias.count }
    public var features: Int { c1.columns * c2.columns }

    /// theta = (M, b, v, c) as one vector (the order Adam sees).
    var theta: [Double] {
        get { weights.values + bias + output + [offset] }
        set {
            let mw = weights.values.count, h = bias.count
            weights.values = Array(newValue[0..<mw])
            bias = Array(newValue[mw..<(mw + h)])
            output = Array(newValue[(mw + h)..<(mw + 2 * h)])
            offset = newValue[mw + 2 * h]
        }
    }

    /// A model on the given projections with seeded Glorot-uniform weights (zeros for H = 0).
    public init(c1: Matrix, c2: Matrix, hidden: Int, offset: Double, seed: UInt64, reference: [Double]? = nil) {
        self.reference = reference
        self.c1 = c1
        self.c2 = c2
        let j = c1.columns * c2.columns
        var rng = SplitMix64(seed: seed)
        func uniform(_ limit: Double) -> Double { (Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1) * limit }
        if hidden == 0 {
            weights = Matrix(rows: j, columns: 1)
            output = []
        } else {
            let limit = (6 / Double(j + hidden)).squareRoot()
            weights = Matrix(rows: j, columns: hidden, values: (0..<(j * hidden)).map { _ in uniform(limit) })
            let outLimit = (6 / Double(hidden + 1)).squareRoot()
            output = (0..<hidden).map { _ in uniform(outLimit) }
        }
        bias = [Double](repeating: 0, count: hidden)
        self.offset = offset
    }

    /// Phi: E x J, row e = C1[r_e, :] (x) C2[t_e, :].
    func edgeFeatures(_ stack: EdgeStack) -> [Double] {
        let j1 = c1.columns, j2 = c2.columns, j = j1 * j2
        var phi = [Double](repeating: 0, count: stack.edgeCount * j)
        for e in 0..<stack.edgeCount {
            let r = stack.edgeRegulator[e], t = stack.edgeTarget[e]
            for a in 0..<j1 {
                let ca = c1[r, a]
                for b in 0..<j2 { phi[e * j + a * j2 + b] = ca * c2[t, b] }
            }
        }
        return phi
    }

    /// Z = (X - Xref) Phi: n x J, row i = vec(C1' (X_i - Xref) C2).
    public func projected(_ stack: EdgeStack) -> Matrix {
        TwoStageProjection(stack: stack, ranks: (c1.columns, c2.columns), reference: reference).project(c1: c1, c2: c2)
    }

    func projected(_ stack: EdgeStack, phi: [Double]) -> Matrix {
        let j = features
        var z = Matrix(rows: stack.cellCount, columns: j)
        z.values.withUnsafeMutableBufferPointer { z in
            phi.withUnsafeBufferPointer { phi in
                for i in 0..<stack.cellCount {
                    for k in stack.rowStart[i]..<stack.rowStart[i + 1] {
                        let x = stack.entryValue[k], base = stack.entryEdge[k] * j
                        for f in 0..<j { z[i * j + f] += x * phi[base + f] }
                    }
                }
            }
        }
        if let reference {
            var shift = [Double](repeating: 0, count: j)
            for e in reference.indices where reference[e] != 0 { for f in 0..<j { shift[f] += reference[e] * phi[e * j + f] } }
            for i in 0..<stack.cellCount { for f in 0..<j { z[i, f] -= shift[f] } }
        }
        return z
    }

    /// yhat for one projected cell; `activations` receives tanh(M'z + b) when H > 0.
    public func predict(_ z: ArraySlice<Double>, activations: inout [Double]) -> Double {
        let j = features, base = z.startIndex
        if hidden == 0 {
            var y = offset
            for f in 0..<j { y += weights.values[f] * z[base + f] }
            return y
        }
        activations = bias
        for f in 0..<j {
            let zf = z[base + f]
            if zf == 0 { continue }
            for u in 0..<hidden { activations[u] += weights.values[f * hidden + u] * zf }
        }
        var y = offset
        for u in 0..<hidden {
            activations[u] = tanh(activations[u])
            y += output[u] * activations[u]
        }
        return y
    }

    public func predict(_ z: ArraySlice<Double>) -> Double {
        var scratch: [Double] = []
        return predict(z, activations: &scratch)
    }

    /// D = d yhat / d z at z (length J): m for H = 0, M (v . (1 - h^2)) otherwise.
    public func inputGradient(_ z: ArraySlice<Double>) -> [Double] {
        let j = features
        if hidden == 0 { return weights.values }
        var h: [Double] = []
        _ = predict(z, activations: &h)
        let delta = (0..<hidden).map { output[$0] * (1 - h[$0] * h[$0]) }
        return (0..<j).map { f in (0..<hidden).reduce(0.0) { $0 + weights.values[f * hidden + $1] * delta[$1] } }
    }
}
