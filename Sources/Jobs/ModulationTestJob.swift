import Catalog
import Compute
import Foundation

/// `samplenet test`: the per-edge modulation test of METHOD.md 1.7 over a finished profile
/// run, target by target, each committed in its own transaction (an interrupted test resumes
/// without redoing or changing finished targets); BH q-values over every tested edge once all
/// targets are done.
public struct ModulationTestJob {
    public let catalog: Catalog
    public let threads: Int
    /// B of METHOD.md 1.7.
    public static let defaultPermutations = 200

    /// What permutations may stay within.
    public enum Strata: String, Sendable, CaseIterable {
        case tissue
    }

    public init(catalog: Catalog, threads: Int) {
        self.catalog = catalog
        self.threads = threads
    }

    /// Each target's fixed hyperparameters: its bandwidth (+infinity when static) and the run's
    /// lambda and gamma when fixed; otherwise the median selected lambda and the most frequent
    /// selected gamma over its lines (our choice: one fixed estimator per target, the same for
    /// the observed and the permuted profiles). Targets without a selected fit (intercept only
    /// everywhere) have no edges and are left out.
    public static func plan(catalog: Catalog, runID: Int, options: ProfilerOptions) throws -> [ModulationTestTarget] {
        try catalog.targetBandwidths(runID: runID).compactMap { t -> ModulationTestTarget? in
            guard let h = t.bandwidth, !h.isNaN else {
                throw InputError.usage("target \(t.symbol) of run \(runID) has no bandwidth (an imported or unfinished run): nothing to test")
            }
            if case let .fixed(lambda) = options.selection.lambdas, options.selection.gammas.count == 1 {
                return ModulationTestTarget(targetID: t.targetID, bandwidth: h, lambda: lambda, gamma: options.selection.gammas[0])
            }
            let selected = try catalog.selectedHyperparameters(runID: runID, targetID: t.targetID)
            guard !selected.isEmpty else { return nil }
            let lambdas = selected.map(\.lambda).sorted()
            let median = lambdas.count % 2 == 1 ? lambdas[lambdas.count / 2] : (lambdas[lambdas.count / 2 - 1] + lambdas[lambdas.count / 2]) / 2
            var counts: [Double: Int] = [:]
            for s in selected { counts[s.gamma, default: 0] += 1 }
            let gamma = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
            return ModulationTestTarget(targetID: t.targetID, bandwidth: h, lambda: median, gamma: gamma)
        }
    }

    /// Stratum index of each run cell (cells without the annotation form one stratum).
    public static func strata(_ kind: Strata?, cells: [CellLine]) -> [Int]? {
        guard kind == .tissue else { return nil }
        let names = cells.map { $0.tissue ?? "" }
        let index = Dictionary(uniqueKeysWithValues: Set(names).sorted().enumerated().map { ($1, $0) })
        return names.map { index[$0]! }
    }

    /// Tests the unfinished targets of test `record`, then (permutation) computes q-values. Throws
    /// `JobInterrupted` after an interrupt (the test is left incomplete).
    public func run(record: ModulationTestRecord, parameters: ProfileParameters, data: ProfileData,
                    targets: [ModulationTestTarget], strata: [Int]?) throws {
        BLASThreads.set(1)
        installJobStopHandlers()
        let column = Dictionary(uniqueKeysWithValues: data.targetIDs.enumerated().map { ($1, $0) })
        let pending = targets.filter { !$0.finished }
        func problem(_ t: ModulationTestTarget) -> ModulationTest.Problem {
            let k = column[t.targetID]!
            return ModulationTest.Problem(modulator: data.modulatorValues, regulators: data.regulators, target: data.targets.column(k),
                                          selfIndex: data.targetSelfIndex[k], kernel: parameters.options.kernel,
                                          neighbours: parameters.options.neighbours,
                                          hyperparameters: .init(bandwidth: t.bandwidth, lambda: t.lambda, gamma: t.gamma), strata: strata)
        }
        try printCost(record, pending: pending, problem: problem)
        let reporter = ProgressReporter(total: record.draws * pending.count, label: "test \(record.id)",
                                        unit: record.kind == .permutation ? "permutations" : "pairs")
        reporter.start()
        do {
            for t in pending {
                reporter.setDetail("target \(parameters.targets[column[t.targetID]!])")
                let clock = ContinuousClock.now
                guard let result = try Self.test(record, problem: problem(t), key: t.targetID, threads: threads,
                                                 progress: { reporter.advance() }) else { break }
                let edges = result.edges.map { e in
                    TestedEdge(targetID: t.targetID, regulatorID: data.regulatorIDs[e.regulator], statistic: e.statistic, exceed: e.exceed, p: e.p)
                }
                try catalog.saveModulationTestTarget(testID: record.id, targetID: t.targetID, seconds: (ContinuousClock.now - clock).inSeconds,
                                                     edges: edges, meanSelected: result.meanSelected, candidates: result.candidates)
            }
        } catch where !jobStopFlag.isStopped {
            reporter.stop()
            try? catalog.setModulationTestStatus(record.id, status: .failed, message: "\(error)")
            throw error
        } catch {}
        reporter.stop()
        let left = try catalog.modulationTestTargets(record.id).filter { !$0.finished }.count
        if left > 0 {
            try? catalog.setModulationTestStatus(record.id, status: .incomplete,
                                                 message: "interrupted with \(left) targets left; resume with samplenet test --resume \(record.id)")
            printNote("test \(record.id) interrupted: \(left) targets left; resume with `samplenet test --resume \(record.id)`")
            throw JobInterrupted()
        }
        var edges = try catalog.modulationTestEdges(record.id)
        if record.kind == .permutation {
            let q = ModulationTest.benjaminiHochberg(edges.map { $0.p ?? 1 })
            for i in edges.indices { edges[i].q = q[i] }
        }
        try catalog.finishModulationTest(record.id, q: record.kind == .permutation ? edges : [])
        printNote("test \(record.id) finished: " + Self.summary(record, edges: edges, targets: try catalog.modulationTestTargets(record.id)))
    }

    /// One target's edges (regulator column, statistic, exceed, p) and, for stability, the
    /// bound's ingredients. nil when stopped.
    static func test(_ record: ModulationTestRecord, problem: ModulationTest.Problem, key: Int, threads: Int,
                     progress: @escaping @Sendable () -> Void) throws
        -> (edges: [(regulator: Int, statistic: Double, exceed: Int, p: Double?)], meanSelected: Double?, candidates: Int?)? {
        switch record.kind {
        case .permutation:
            guard let o = try ModulationTest.run(problem, permutations: record.draws, seed: record.seed, key: key, threads: threads,
                                                 stop: jobStopFlag, progress: progress) else { return nil }
            return (o.regulators.indices.map { (o.regulators[$0], o.statistics[$0], o.exceed[$0], o.pValue($0)) }, nil, nil)
        case .stability:
            guard let o = try StabilitySelection.run(problem, pairs: record.draws, seed: record.seed, key: key, threads: threads,
                                                     stop: jobStopFlag, progress: progress) else { return nil }
            return (o.regulators.indices.map { (o.regulators[$0], o.frequency($0), o.halvesSelecting[$0], nil) }, o.meanSelected, o.candidates)
        }
    }

    /// Prints the cost before the work: one fixed-hyperparameter profile of a target, timed,
    /// times the profiles to come (permutation: B + 1 per varying target, static ones free;
    /// stability: 2B half-line profiles, about B full ones, per target).
    private func printCost(_ record: ModulationTestRecord, pending: [ModulationTestTarget],
                           problem: (ModulationTestTarget) -> ModulationTest.Problem) throws {
        let counted = record.kind == .permutation ? pending.filter { $0.bandwidth.isFinite } : pending
        guard let first = counted.first else { return }
        let clock = ContinuousClock.now
        _ = try ModulationTest.run(problem(first), permutations: 0, seed: record.seed, key: first.targetID, threads: 1, stop: jobStopFlag)
        let seconds = (ContinuousClock.now - clock).inSeconds
        let perTarget = record.kind == .permutation ? Double(record.draws + 1) : Double(record.draws)
        let total = Double(counted.count) * perTarget * seconds
        let what = record.kind == .permutation
            ? "\(record.draws) permutations x \(counted.count) targets (\(pending.count - counted.count) static, no fits)"
            : "\(record.draws) pairs of halves (about one full profile each) x \(counted.count) targets"
        printNote(String(format: "test %d: %@ x %.2f s per fixed-hyperparameter profile = %@ of CPU, about %@ on %d threads", record.id, what,
                         seconds, Self.duration(total), Self.duration(total / Double(threads)), threads))
    }

    /// "40 s", "12 min", "3.5 h".
    static func duration(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.0f s", seconds) : seconds < 7200 ? String(format: "%.0f min", seconds / 60) : String(format: "%.1f h", seconds / 3600)
    }

    /// Permutation: "1,234 edges tested; q <= 0.05: 12, q <= 0.1: 30; smallest possible p
    /// 1/201". Stability: how many edges reach the threshold and the run's bound on falsely
    /// selected ones (the sum of the targets' bounds).
    public static func summary(_ record: ModulationTestRecord, edges: [TestedEdge], targets: [ModulationTestTarget]) -> String {
        switch record.kind {
        case .permutation:
            let at = { (level: Double) in edges.filter { ($0.q ?? 1) <= level }.count }
            return "\(edges.count) edges tested; q <= 0.05: \(at(0.05)), q <= 0.1: \(at(0.1)); smallest possible p 1/\(record.draws + 1)"
        case .stability:
            let tau = record.threshold ?? defaultThreshold
            let stable = edges.filter { $0.statistic >= tau }.count
            let bound = targets.compactMap { t in t.meanSelected.flatMap { q in t.candidates.flatMap {
                StabilitySelection.falseSelectionBound(meanSelected: q, candidates: $0, threshold: tau) } } }.reduce(0, +)
            return "\(edges.count) edges selected in some half; \(stable) with frequency >= \(tau); expected falsely selected among them "
                + String(format: "<= %.2f (sum over targets of q^2 / ((2 tau - 1) p))", bound)
        }
    }

    /// Default stability threshold tau (our choice, within Meinshausen & Bühlmann's 0.6-0.9).
    public static let defaultThreshold = 0.75
    /// Default complementary pairs (METHOD.md 1.7).
    public static let defaultPairs = 50
}
