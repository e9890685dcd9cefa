import Foundation

/// TRIP's training objective on a stack with responses (METHOD.md 2):
///
///     L = mean_i loss(y_i, yhat_i) + eta mean_i ||X_i - C1 Xbar_i C2'||^2 / ||X_i||^2 + rho ||theta||^2
///
/// For orthonormal C1, C2 the reconstruction error is ||X_i||^2 - ||Xbar_i||^2 (C1 Xbar C2'
/// is an orthogonal projection of X_i), so the term is eta mean_i (1 - ||z_i||^2 / ||X_i||^2)
/// over cells with X_i != 0, and never needs the dense q x p reconstruction.
struct TRIPObjective {
    let stack: EdgeStack
    /// Regression: standardised responses; classification: 0/1 labels.
    let response: [Double]
    let task: TRIPOptions.Task
    let eta: Double
    let rho: Double
    let squaredNorms: [Double]

    /// `reference`: Xref when the model centres its inputs; the reconstruction term then
    /// uses ||X_i - Xref||^2 = ||X_i||^2 - 2 X_i . Xref + ||Xref||^2.
    init(stack: EdgeStack, response: [Double], task: TRIPOptions.Task, eta: Double, rho: Double, reference: [Double]? = nil) {
        self.stack = stack
        self.response = response
        self.task = task
        self.eta = eta
        self.rho = rho
        var norms = stack.squaredNorms
        if let reference {
            let squared = reference.reduce(0) { $0 + $1 * $1 }
            for i in 0..<stack.cellCount {
                var dot = 0.0
                for k in stack.rowStart[i]..<stack.rowStart[i + 1] { dot += stack.entryValue[k] * reference[stack.entryEdge[k]] }
                norms[i] = max(0, norms[i] - 2 * dot + squared)
            }
        }
        squaredNorms = norms
    }

    struct Gradient {
        var theta: [Double]
        var c1: Matrix
        var c2: Matrix
    }

    /// Per-cell loss and its derivative in yhat.
    static func loss(_ task: TRIPOptions.Task, y: Double, yhat: Double) -> (value: Double, slope: Double) {
        switch task {
        case .regression:
            let r = yhat - y
            return (r * r, 2 * r)
        case .classification:
            // softplus(yhat) - y yhat, computed without overflow.
            let softplus = yhat > 0 ? yhat + log1p(exp(-yhat)) : log1p(exp(yhat))
            let sigmoid = 1 / (1 + exp(-yhat))
            return (softplus - y * yhat, sigmoid - y)
        }
    }

    /// Mean prediction loss of `model` on the stack (the early-stopping criterion).
    /// `projected`: Z for these C1, C2 when already known (fixed projections).
    func predictionLoss(_ model: TRIPModel, projected: Matrix? = nil) -> Double {
        let z = projected ?? model.projected(stack)
        let j = model.features, n = stack.cellCount
        guard n > 0 else { return 0 }
        return (0..<n).reduce(0.0) { sum, i in
            sum + TRIPObjective.loss(task, y: response[i], yhat: model.predict(z.values[(i * j)..<((i + 1) * j)])).value
        } / Double(n)
    }

    /// The objective and, when `withGradient`, its Euclidean gradient. With `fixedProjection`
    /// (Z for the model's C1, C2, which then stay fixed) the projection is not recomputed and
    /// the gradient with respect to C1, C2 is left zero: the unsupervised-projection baseline.
    func evaluate(_ model: TRIPModel, withGradient: Bool = true, fixedProjection: Matrix? = nil) -> (value: Double, gradient: Gradient?) {
        let n = stack.cellCount, j = model.features, hidden = model.hidden
        let projection = TwoStageProjection(stack: stack, ranks: (model.c1.columns, model.c2.columns), reference: model.reference)
        let z = fixedProjection ?? projection.project(c1: model.c1, c2: model.c2)
        let inverseN = 1 / Double(max(n, 1))
        var value = 0.0
        var gTheta = [Double](repeating: 0, count: model.theta.count)
        let mw = model.weights.values.count
        var gz = Matrix(rows: n, columns: j)          // dL/dz_i
        var h: [Double] = []
        for i in 0..<n {
            let zi = z.values[(i * j)..<((i + 1) * j)]
            let yhat = model.predict(zi, activations: &h)
            let (l, slope) = TRIPObjective.loss(task, y: response[i], yhat: yhat)
            value += l * inverseN
            let norm2 = squaredNorms[i]
            var zz = 0.0
            for f in 0..<j { zz += zi[zi.startIndex + f] * zi[zi.startIndex + f] }
            if norm2 > 0 { value += eta * inverseN * (1 - zz / norm2) }
            guard withGradient else { continue }
            let g = slope * inverseN
            gTheta[mw + 2 * hidden] += g                               // c
            if hidden == 0 {
                for f in 0..<j {
                    gTheta[f] += g * zi[zi.startIndex + f]
                    gz[i, f] = g * model.weights.values[f]
                }
            } else {
                var delta = [Double](repeating: 0, count: hidden)
                for u in 0..<hidden {
                    gTheta[mw + hidden + u] += g * h[u]                  // v
                    delta[u] = g * model.output[u] * (1 - h[u] * h[u])
                    gTheta[mw + u] += delta[u]                           // b
                }
                for f in 0..<j {
                    let zf = zi[zi.startIndex + f]
                    var back = 0.0
                    for u in 0..<hidden {
                        gTheta[f * hidden + u] += zf * delta[u]          // M
                        back += model.weights.values[f * hidden + u] * delta[u]
                    }
                    gz[i, f] = back
                }
            }
            if norm2 > 0 {
                let scale = -2 * eta * inverseN / norm2
                for f in 0..<j { gz[i, f] += scale * zi[zi.startIndex + f] }
            }
        }
        let theta = model.theta
        for k in theta.indices {
            value += rho * theta[k] * theta[k]
            gTheta[k] += 2 * rho * theta[k]
        }
        guard withGradient else { return (value, nil) }
        if fixedProjection != nil {
            return (value, Gradient(theta: gTheta, c1: Matrix(rows: model.c1.rows, columns: model.c1.columns),
                                    c2: Matrix(rows: model.c2.rows, columns: model.c2.columns)))
        }
        let (g1, g2) = projection.gradient(c1: model.c1, c2: model.c2, dZ: gz)
        return (value, Gradient(theta: gTheta, c1: g1, c2: g2))
    }
}
