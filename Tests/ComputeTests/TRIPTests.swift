import Foundation
import Synchronization
import TestSupport
import Testing
@testable import Compute

/// METHOD.md 2 (TRIP): gradients, manifold constraints, HOSVD, explanations, and a planted truth.
@Suite struct TRIPTests {
    /// A random stack: `cells` cells, regulators/targets with gene ids 100+ / 200+,
    /// each candidate edge present in a cell with probability 1/2.
    static func randomStack(cells: Int, regulators: Int, targets: Int, edges: Int, seed: UInt64) -> EdgeStack {
        var rng = TestRandom(seed: seed)
        var pairs = Set<[Int]>()
        while pairs.count < edges { pairs.insert([100 + Int(rng.next() % UInt64(regulators)), 200 + Int(rng.next() % UInt64(targets))]) }
        var entries: [EdgeStack.Entry] = []
        for i in 0..<cells {
            for pair in pairs.sorted(by: { $0.lexicographicallyPrecedes($1) }) where rng.next() % 2 == 0 {
                entries.append(.init(cell: i, regulatorGene: pair[0], targetGene: pair[1], value: rng.standardNormal()))
            }
        }
        return EdgeStack(cellCount: cells, entries: entries)
    }

    static func randomOrthonormal(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = TestRandom(seed: seed)
        return Stiefel.orthonormalise(Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in rng.uniform() }))
    }

    /// The objective computed the long way: dense X_i, explicit reconstruction C1 Xbar C2'.
    static func denseObjective(_ model: TRIPModel, stack: EdgeStack, response: [Double], task: TRIPOptions.Task,
                               eta: Double, rho: Double) -> Double {
        var total = 0.0
        let n = Double(stack.cellCount)
        for i in 0..<stack.cellCount {
            let x = stack.dense(cell: i)
            let xbar = model.c1.transposeMultiplied(by: x).multiplied(by: model.c2)
            let yhat = model.predict(xbar.values[...])
            total += TRIPObjective.loss(task, y: response[i], yhat: yhat).value / n
            let reconstruction = model.c1.multiplied(by: xbar).multiplied(by: model.c2.transposed)
            let norm2 = x.values.reduce(0) { $0 + $1 * $1 }
            if norm2 > 0 {
                let error = zip(x.values, reconstruction.values).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
                total += eta * error / norm2 / n
            }
        }
        return total + rho * model.theta.reduce(0) { $0 + $1 * $1 }
    }

    @Test(arguments: [(0, TRIPOptions.Task.regression), (3, .regression), (3, .classification)])
    func gradientsMatchFiniteDifferences(hidden: Int, task: TRIPOptions.Task) {
        let stack = Self.randomStack(cells: 12, regulators: 6, targets: 5, edges: 14, seed: 7)
        var rng = TestRandom(seed: 11)
        let response = (0..<12).map { _ in task == .regression ? rng.uniform() : Double(rng.next() % 2) }
        var model = TRIPModel(c1: Self.randomOrthonormal(rows: stack.regulatorGenes.count, columns: 2, seed: 1),
                              c2: Self.randomOrthonormal(rows: stack.targetGenes.count, columns: 3, seed: 2),
                              hidden: hidden, offset: 0.1, seed: 3)
        model.theta = model.theta.map { $0 + 0.3 * rng.uniform() }          // no zero weights
        let objective = TRIPObjective(stack: stack, response: response, task: task, eta: 0.3, rho: 0.01)
        let (value, gradient) = objective.evaluate(model)
        // The sparse identity-based objective equals the dense one on the manifold.
        #expect(abs(value - Self.denseObjective(model, stack: stack, response: response, task: task, eta: 0.3, rho: 0.01)) < 1e-12)
        // theta: central differences, tolerance 1e-6 relative to the gradient's scale.
        let h = 1e-6
        for k in model.theta.indices {
            var plus = model, minus = model
            plus.theta[k] += h; minus.theta[k] -= h
            let numeric = (objective.evaluate(plus, withGradient: false).value - objective.evaluate(minus, withGradient: false).value) / (2 * h)
            #expect(abs(numeric - gradient!.theta[k]) < 1e-6, "theta[\(k)]")
        }
        // C1, C2: the directional derivative along random tangent directions through the
        // QR retraction, of the dense objective, equals <Riemannian gradient, direction>.
        for trial in 0..<3 {
            var rngC = TestRandom(seed: 100 + UInt64(trial))
            let e1 = Matrix(rows: model.c1.rows, columns: model.c1.columns, values: model.c1.values.map { _ in rngC.uniform() })
            let e2 = Matrix(rows: model.c2.rows, columns: model.c2.columns, values: model.c2.values.map { _ in rngC.uniform() })
            let xi1 = Stiefel.tangentProjection(point: model.c1, gradient: e1), xi2 = Stiefel.tangentProjection(point: model.c2, gradient: e2)
            func moved(_ t: Double) -> Double {
                var m = model
                m.c1 = Stiefel.orthonormalise(Matrix(rows: m.c1.rows, columns: m.c1.columns, values: zip(m.c1.values, xi1.values).map { $0 + t * $1 }))
                m.c2 = Stiefel.orthonormalise(Matrix(rows: m.c2.rows, columns: m.c2.columns, values: zip(m.c2.values, xi2.values).map { $0 + t * $1 }))
                return Self.denseObjective(m, stack: stack, response: response, task: task, eta: 0.3, rho: 0.01)
            }
            let numeric = (moved(1e-5) - moved(-1e-5)) / 2e-5
            let g1 = Stiefel.tangentProjection(point: model.c1, gradient: gradient!.c1)
            let g2 = Stiefel.tangentProjection(point: model.c2, gradient: gradient!.c2)
            let analytic = zip(g1.values, xi1.values).reduce(0) { $0 + $1.0 * $1.1 } + zip(g2.values, xi2.values).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(numeric - analytic) < 1e-6 * max(1, abs(analytic)), "C direction \(trial): \(numeric) vs \(analytic)")
        }
    }

    /// Contributions relative to the lines' mean input (METHOD.md 2.4). H = 0: gradient x
    /// input is exact, a line's contributions sum to yhat(X_i) - yhat(Xref). H > 0:
    /// integrated gradients from Xref sum to the same up to the quadrature error. The
    /// statistics agree with the rows they summarise.
    @Test func contributionsAddUpToThePredictionMinusThePopulations() {
        let stack = Self.randomStack(cells: 10, regulators: 6, targets: 6, edges: 15, seed: 8)
        for hidden in [0, 4] {
            var model = TRIPModel(c1: Self.randomOrthonormal(rows: stack.regulatorGenes.count, columns: 3, seed: 1),
                                  c2: Self.randomOrthonormal(rows: stack.targetGenes.count, columns: 2, seed: 2),
                                  hidden: hidden, offset: 0.4, seed: 5)
            var rng = TestRandom(seed: 3)
            model.theta = model.theta.map { $0 + 0.5 * rng.uniform() }
            let attribution = PopulationAttribution(model: model, stack: stack, attribution: hidden == 0 ? .gradient : .integrated, steps: 64)
            let z = model.projected(stack), j = model.features
            // Xref's projection is the lines' mean z (z is linear in X).
            let zMean = (0..<j).map { f in (0..<stack.cellCount).reduce(0.0) { $0 + z[$1, f] } / Double(stack.cellCount) }
            let atReference = model.predict(zMean[...])
            var rows: [[Double]] = []
            for i in 0..<stack.cellCount {
                let row = attribution.row(i)
                rows.append(row)
                let yhat = model.predict(z.values[(i * j)..<((i + 1) * j)])
                let total = row.reduce(0, +)
                #expect(abs(total - (yhat - atReference)) < (hidden == 0 ? 1e-12 : 1e-3 * max(1, abs(yhat - atReference))),
                        "H = \(hidden), line \(i): \(total) vs \(yhat - atReference)")
            }
            let statistics = attribution.statistics()
            for e in 0..<stack.edgeCount {
                let column = rows.map { $0[e] }, mean = column.reduce(0, +) / Double(column.count)
                let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
                #expect(abs(statistics.sd[e] - sd) < 1e-12 && abs(statistics.meanAbsolute[e] - column.map(abs).reduce(0, +) / Double(column.count)) < 1e-12)
                if hidden == 0 { #expect(abs(mean) < 1e-12, "linear: contributions average zero over the lines") }
            }
        }
    }

    /// One repeat of 3 folds, ranks 2,2, at most 300 epochs: the planted stacks' setting.
    static func plantedOptions(hidden: Int, topEdges: Int, controls: Bool) -> TRIPOptions {
        var options = TRIPOptions()
        options.folds = 3
        options.repeats = 1
        options.hidden = hidden
        options.ranks = [2, 2]
        options.maxEpochs = 300
        options.topEdges = topEdges
        options.controls = controls
        return options
    }

    /// Planted truth: the response depends non-linearly on four connected edges
    /// (R0, R1) x (T0, T1) whose values are small next to the noise edges, so an unsupervised
    /// projection does not find them and the supervised one must.
    static func planted(cells n: Int, seed: UInt64) -> (EdgeStack, [Double], Set<[Int]>) {
        var rng = TestRandom(seed: seed)
        let plantedPairs: [[Int]] = [[100, 200], [100, 201], [101, 200], [101, 201]]
        var noisePairs: [[Int]] = []
        for r in 100..<110 { for t in 200..<210 where !(r < 102 && t < 202) && rng.next() % 3 == 0 { noisePairs.append([r, t]) } }
        var entries: [EdgeStack.Entry] = [], response: [Double] = []
        for i in 0..<n {
            let u = plantedPairs.map { _ in 0.5 * rng.standardNormal() }
            for (pair, value) in zip(plantedPairs, u) { entries.append(.init(cell: i, regulatorGene: pair[0], targetGene: pair[1], value: value)) }
            for pair in noisePairs where rng.next() % 2 == 0 {
                entries.append(.init(cell: i, regulatorGene: pair[0], targetGene: pair[1], value: 1.5 * rng.standardNormal()))
            }
            response.append(tanh(2 * (u[0] + u[1])) - tanh(2 * (u[2] - u[3])) + 0.05 * rng.standardNormal())
        }
        return (EdgeStack(cellCount: n, entries: entries), response, Set(plantedPairs))
    }

    @Test func plantedSubnetworkIsFoundAndBeatsTheUnsupervisedProjection() throws {
        let (stack, response, truth) = Self.planted(cells: 200, seed: 21)
        // The controls and the verdict: TRIPAssessmentTests.
        let options = Self.plantedOptions(hidden: 4, topEdges: 20, controls: false)
        let snapshots = Mutex<[(Double, TRIPSnapshot)]>([])
        let clock = ContinuousClock(), origin = clock.now
        let result = try #require(try TRIPAnalysis(options: options).run(stack: stack, response: response, threads: 2, stop: StopFlag()) { event in
            if case let .snapshot(s) = event {
                let d = origin.duration(to: clock.now)
                snapshots.withLock { $0.append((Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18, s)) }
            }
        })
        let topThree = result.subnetworks.prefix(3).flatMap { $0.edges.map { [$0.regulatorGene, $0.targetGene] } }
        let found = truth.filter { topThree.contains($0) }.count
        #expect(found >= 3, "planted edges in the top three subnetworks: \(found)")
        func pooled(_ model: String) -> Double { result.scores.first { $0.model == model && $0.fold == nil && $0.metric == "r2" }!.value }
        #expect(pooled("trip") > pooled("hosvd"), "TRIP R2 \(pooled("trip")) vs unsupervised projection \(pooled("hosvd"))")
        #expect(Stiefel.orthonormalityError(result.model.c1) < 1e-10)
        #expect(Stiefel.orthonormalityError(result.model.c2) < 1e-10)
        // Streaming: snapshots at most 4 a second, each with at most 10 subnetworks.
        let times = snapshots.withLock { $0 }
        #expect(!times.isEmpty)
        for (a, b) in zip(times, times.dropFirst()) { #expect(b.0 - a.0 >= 0.25 - 1e-3) }
        #expect(times.allSatisfy { $0.1.subnetworks.count <= 10 })
        // Reproducible for a fixed seed, whatever the thread count.
        let again = try #require(try TRIPAnalysis(options: options).run(stack: stack, response: response, threads: 1, stop: StopFlag()))
        #expect(again.scores == result.scores)
        #expect(again.subnetworks == result.subnetworks)
        #expect(again.model == result.model)
    }
}
