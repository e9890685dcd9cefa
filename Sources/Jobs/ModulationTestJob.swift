import Catalog
import Compute
import Foundation

/// One tested regulator column of a target: the statistic (permutation: T; stability: the
/// selection frequency), permutations reaching it or halves selecting it, p (permutation) and
/// the standardised effect (permutation, `ModulationCall`).
public struct TestedColumn: Sendable, Equatable {
    public var regulator: Int
    public var statistic: Double
    public var exceed: Int
    public var p: Double?
    public var effect: Double?
    public init(regulator: Int, statistic: Double, exceed: Int, p: Double?, effect: Double?) {
        self.regulator = regulator; self.statistic = statistic; self.exceed = exceed; self.p = p; self.effect = effect
    }
}

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

    /// Targets in order, grouped by (lambda, gamma), at most `size` per batch.
    public static func batches(_ targets: [ModulationTestTarget], size: Int) -> [[ModulationTestTarget]] {
        var groups: [[ModulationTestTarget]] = []
        for t in targets {
            if let i = groups.firstIndex(where: { $0.count < size && $0[0].lambda == t.lambda && $0[0].gamma == t.gamma }) {
                groups[i].append(t)
            } else {
                groups.append([t])
            }
        }
        return groups
    }

    /// The Compute batch of `members` (one lambda and gamma) on the run's data.
    public static func batch(_ members: [ModulationTestTarget], data: ProfileData, options: ProfilerOptions, strata: [Int]?) -> ModulationTest.Batch {
        let column = Dictionary(uniqueKeysWithValues: data.targetIDs.enumerated().map { ($1, $0) })
        let ks = members.map { column[$0.targetID]! }
        return ModulationTest.Batch(modulator: data.modulatorValues, regulators: data.regulators, targets: data.targets.columns(ks),
                                    selfIndices: ks.map { data.targetSelfIndex[$0] }, bandwidths: members.map(\.bandwidth),
                                    lambda: members[0].lambda, gamma: members[0].gamma, kernel: options.kernel,
                                    neighbours: options.neighbours, strata: strata)
    }

    /// Stratum index of each run cell (cells without the annotation form one stratum).
    public static func strata(_ kind: Strata?, cells: [CellLine]) -> [Int]? {
        guard kind == .tissue else { return nil }
        let names = cells.map { $0.tissue ?? "" }
        let index = Dictionary(uniqueKeysWithValues: Set(names).sorted().enumerated().map { ($1, $0) })
        return names.map { index[$0]! }
    }

    /// Targets per batch: they share a permutation's kernels and Grams; results do not depend
    /// on it (each target's are the same alone or in any batch).
    public var batchSize = ProfileJob.defaultBatchSize

    /// Tests the unfinished targets of test `record` in batches sharing lambda and gamma,
    /// committing each target when its batch is done; then (permutation) computes q-values.
    /// Throws `JobInterrupted` after an interrupt (the test is left incomplete).
    public func run(record: ModulationTestRecord, parameters: ProfileParameters, data: ProfileData,
                    targets: [ModulationTestTarget], strata: [Int]?) throws {
        BLASThreads.set(1)
        installJobStopHandlers()
        let column = Dictionary(uniqueKeysWithValues: data.targetIDs.enumerated().map { ($1, $0) })
        let pending = targets.filter { !$0.finished }
        let groups = Self.batches(pending, size: batchSize)
        func batch(_ members: [ModulationTestTarget]) -> ModulationTest.Batch {
            Self.batch(members, data: data, options: parameters.options, strata: strata)
        }
        try printCost(record, batches: groups.count, targets: pending.count, first: groups.first.map(batch))
        let reporter = ProgressReporter(total: record.draws * groups.count, label: "test \(record.id)",
                                        unit: record.kind == .permutation ? "permutations" : "pairs")
        reporter.start()
        do {
            for members in groups {
                reporter.setDetail("targets \(parameters.targets[column[members[0].targetID]!])"
                                   + (members.count > 1 ? "..\(parameters.targets[column[members.last!.targetID]!])" : ""))
                let clock = ContinuousClock.now
                guard let results = try Self.test(record, batch: batch(members), threads: threads, progress: { reporter.advance() }) else { break }
                let seconds = (ContinuousClock.now - clock).inSeconds / Double(members.count)
                for (t, result) in zip(members, results) {
                    let edges = result.edges.map { e in
                        TestedEdge(targetID: t.targetID, regulatorID: data.regulatorIDs[e.regulator], statistic: e.statistic, exceed: e.exceed, p: e.p,
                                   effect: e.effect)
                    }
                    try catalog.saveModulationTestTarget(testID: record.id, targetID: t.targetID, seconds: seconds, edges: edges,
                                                         meanSelected: result.meanSelected, candidates: result.candidates)
                }
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
        try finish(record)
    }

    /// Once every target is stored: BH q over every tested edge (permutation), the test marked
    /// finished, its summary printed. Local runs and `merge --test` end here alike.
    public func finish(_ record: ModulationTestRecord) throws {
        var edges = try catalog.modulationTestEdges(record.id)
        if record.kind == .permutation {
            let q = ModulationTest.benjaminiHochberg(edges.map { $0.p ?? 1 })
            for i in edges.indices { edges[i].q = q[i] }
        }
        try catalog.finishModulationTest(record.id, q: record.kind == .permutation ? edges : [])
        printNote("test \(record.id) finished: " + Self.summary(record, edges: edges, targets: try catalog.modulationTestTargets(record.id)))
    }

    /// Per target of the batch: its edges (regulator column, statistic, exceed, p) and, for
    /// stability, the bound's ingredients. nil when stopped.
    static func test(_ record: ModulationTestRecord, batch: ModulationTest.Batch, threads: Int, progress: @escaping @Sendable () -> Void) throws
        -> [(edges: [TestedColumn], meanSelected: Double?, candidates: Int?)]? {
        switch record.kind {
        case .permutation:
            guard let outcomes = try ModulationTest.run(batch, permutations: record.draws, seed: record.seed, threads: threads,
                                                        stop: jobStopFlag, progress: progress) else { return nil }
            return outcomes.map { o in
                (o.regulators.indices.map { TestedColumn(regulator: o.regulators[$0], statistic: o.statistics[$0], exceed: o.exceed[$0],
                                                         p: o.pValue($0), effect: o.effects[$0]) }, nil, nil)
            }
        case .stability:
            guard let outcomes = try StabilitySelection.run(batch, pairs: record.draws, seed: record.seed, threads: threads,
                                                            stop: jobStopFlag, progress: progress) else { return nil }
            return outcomes.map { o in
                (o.regulators.indices.map { TestedColumn(regulator: o.regulators[$0], statistic: o.frequency($0), exceed: o.halvesSelecting[$0],
                                                         p: nil, effect: nil) }, o.meanSelected, o.candidates)
            }
        }
    }

    /// Prints the cost before the work: the first batch's observed profile, timed, times the
    /// profiles to come (permutation: B + 1 per batch; stability: 2B half-line profiles, about
    /// B full ones, per batch).
    private func printCost(_ record: ModulationTestRecord, batches: Int, targets: Int, first: ModulationTest.Batch?) throws {
        guard let first else { return }
        let clock = ContinuousClock.now
        _ = try ModulationTest.run(first, permutations: 0, seed: record.seed, threads: 1, stop: jobStopFlag)
        let seconds = (ContinuousClock.now - clock).inSeconds
        let perBatch = record.kind == .permutation ? Double(record.draws + 1) : Double(record.draws)
        let total = Double(batches) * perBatch * seconds
        let what = record.kind == .permutation ? "\(record.draws) permutations" : "\(record.draws) pairs of halves (about one full profile each)"
        printNote(String(format: "test %d: %@ x %d targets in %d batch%@ x %.2f s per batch profile = %@ of CPU, about %@ on %d thread%@",
                         record.id, what, targets, batches, batches == 1 ? "" : "es", seconds, Self.duration(total),
                         Self.duration(total / Double(threads)), threads, threads == 1 ? "" : "s"))
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
            let calls = edges.filter { ModulationCall.varies(q: $0.q, effect: $0.effect, maxQ: ModulationCall.level, minEffect: ModulationCall.minimumEffect) }
            let rule = edges.contains { $0.effect != nil } ? "\(calls.count) of them with effect >= \(ModulationCall.minimumEffect) (varying calls)"
                : "no effect sizes stored"
            return "\(edges.count) edges tested; q <= 0.05: \(at(0.05)), q <= 0.1: \(at(0.1)), \(rule); smallest possible p 1/\(record.draws + 1)"
        case .stability:
            let tau = record.threshold ?? defaultThreshold
            let stable = edges.filter { $0.statistic >= tau }.count
            let bound = targets.compactMap { t in t.meanSelected.flatMap { q in t.candidates.flatMap {
                StabilitySelection.falseSelectionBound(meanSelected: q, candidates: $0, threshold: tau) } } }.reduce(0, +)
            return "\(edges.count) edges selected in some half; \(stable) with frequency >= \(tau); expected falsely selected among them "
                + String(format: "<= %.2f (sum over targets of q^2 / ((2 tau - 1) p))", bound)
        }
    }

    /// METHOD.md 1.7's call rule's defaults (`ModulationCall`), for layers that do not import Compute.
    public static let callLevel = ModulationCall.level
    public static let callMinimumEffect = ModulationCall.minimumEffect

    /// Default stability threshold tau (our choice, within Meinshausen & Bühlmann's 0.6-0.9).
    public static let defaultThreshold = 0.75
    /// Default complementary pairs (METHOD.md 1.7).
    public static let defaultPairs = 50
}
