/// Edge contributions relative to the population (METHOD.md 2.4). The baseline is the mean
/// input of the lines the model was trained on, Xref, not the empty network: an edge as large
/// in every line as in the average one explains nothing about differences between lines and
/// gets no contribution. With z = X Phi linear in X, zref = Xref Phi is the lines' mean z, and
///
///     E_i[e] = (X_i[e] - Xref[e]) (phi_e . D_i),
///
/// D_i = d yhat / d z at z_i (gradient x input; exact for H = 0, where D is the weight vector)
/// or averaged along zref + s (z_i - zref), s = (k - 1/2)/steps (integrated gradients, midpoint
/// rule). Either way sum_e E_i[e] = yhat(X_i) - yhat(Xref) (exactly for H = 0, up to the
/// quadrature error otherwise). E_i covers every edge of the stack, those absent from line i
/// too (X_i[e] = 0 differs from the mean), so rows are computed one line at a time and never
/// stored as a lines x edges matrix.
public struct PopulationAttribution: Sendable {
    public let model: TRIPModel
    public let stack: EdgeStack
    public let attribution: TRIPOptions.Attribution
    public let steps: Int
    /// Multiplies every contribution (the response's sd: response units).
    public let scale: Double
    /// Xref: per edge, the mean of X_i[e] over the stack's lines.
    public let reference: [Double]
    private let phi: [Double]
    private let z: Matrix
    private let zReference: [Double]

    public init(model: TRIPModel, stack: EdgeStack, attribution: TRIPOptions.Attribution, steps: Int, scale: Double = 1) {
        self.model = model
        self.stack = stack
        self.attribution = attribution
        self.steps = max(1, steps)
        self.scale = scale
        reference = stack.edgeMeans
        phi = model.edgeFeatures(stack)
        z = model.projected(stack, phi: phi)
        // z at Xref in the model's coordinates (0 when the model centres on these lines' mean).
        let j = model.features
        var zReference = [Double](repeating: 0, count: j)
        for e in 0..<stack.edgeCount {
            let d = reference[e] - (model.reference?[e] ?? 0)
            if d != 0 { for f in 0..<j { zReference[f] += d * phi[e * j + f] } }
        }
        self.zReference = zReference
    }

    /// D_i: the gradient the contributions of line i use.
    private func direction(_ i: Int) -> [Double] {
        let j = model.features
        let zi = Array(z.values[(i * j)..<((i + 1) * j)])
        switch attribution {
        case .gradient:
            return model.inputGradient(zi[...])
        case .integrated:
            var d = [Double](repeating: 0, count: j)
            for k in 1...steps {
                let s = (Double(k) - 0.5) / Double(steps)
                let point = (0..<j).map { zReference[$0] + s * (zi[$0] - zReference[$0]) }
                let g = model.inputGradient(point[...])
                for f in 0..<j { d[f] += g[f] / Double(steps) }
            }
            return d
        }
    }

    /// Line i's deviation X_i - Xref on every edge.
    public func deviation(_ i: Int) -> [Double] {
        var out = reference.map { -$0 }
        for k in stack.rowStart[i]..<stack.rowStart[i + 1] { out[stack.entryEdge[k]] += stack.entryValue[k] }
        return out
    }

    /// E_i on every edge (times `scale`).
    public func row(_ i: Int) -> [Double] {
        let j = model.features, d = direction(i)
        var out = deviation(i)
        for e in 0..<stack.edgeCount where out[e] != 0 {
            var dot = 0.0
            for f in 0..<j { dot += phi[e * j + f] * d[f] }
            out[e] *= dot * scale
        }
        return out
    }

    /// Per edge over the lines: the sd of E_i[e] (population sd), mean |E_i[e]|, and
    /// mean sgn(X_i[e] - Xref[e]) E_i[e]: positive when a stronger-than-average edge pushes
    /// the prediction up.
    public func statistics() -> EdgeAttributionStatistics {
        let edges = stack.edgeCount, n = Double(max(1, stack.cellCount))
        var sum = [Double](repeating: 0, count: edges), squares = sum, absolute = sum, signed = sum
        for i in 0..<stack.cellCount {
            let deviation = deviation(i), e = row(i)
            for k in 0..<edges {
                sum[k] += e[k]
                squares[k] += e[k] * e[k]
                absolute[k] += abs(e[k])
                signed[k] += deviation[k] > 0 ? e[k] : (deviation[k] < 0 ? -e[k] : 0)
            }
        }
        return EdgeAttributionStatistics(
            sd: (0..<edges).map { k in max(0, squares[k] / n - (sum[k] / n) * (sum[k] / n)).squareRoot() },
            meanAbsolute: absolute.map { $0 / n }, direction: signed.map { $0 / n })
    }
}

/// Per-edge summaries of population-baseline contributions (METHOD.md 2.4).
public struct EdgeAttributionStatistics: Sendable, Equatable {
    /// sd over lines of E_i[e]: rewards edges whose contribution varies between lines.
    public var sd: [Double]
    public var meanAbsolute: [Double]
    /// mean_i sgn(X_i[e] - Xref[e]) E_i[e] (its sign is the edge's stored sign).
    public var direction: [Double]

    public func importance(_ kind: TRIPOptions.Importance) -> [Double] {
        switch kind {
        case .sd: return sd
        case .meanAbsolute: return meanAbsolute
        }
    }
}
