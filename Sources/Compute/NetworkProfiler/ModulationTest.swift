/// METHOD.md 1.7's per-edge modulation test for one target. Statistic T_jk = the sd over
/// lines (divisor n) of beta_jk,alpha, zero where the edge is absent. Null: the same fixed-
/// hyperparameter profile of the target with the modulator permuted across lines (within
/// strata when given), B times. p = (1 + #{T_perm >= T}) / (B + 1) per edge that is non-zero
/// in some line of the observed profile.
///
/// Observed and permuted profiles use the same estimator: the target's bandwidth, one lambda,
/// one gamma and one round (no recursion), so the null answers "would this much variation
/// arise with a modulator unrelated to the lines?" for exactly the networks whose T is tested.
/// Each permutation is drawn from its own generator, seeded by (seed, target key, index): the
/// outcome does not depend on threads, order, or an interruption between targets. A static
/// target (h = infinity) has one network for every line, T = 0 for every edge and every
/// permutation, so its p-values are 1 without fitting anything.
public enum ModulationTest {
    /// The fixed hyperparameters one target is tested with.
    public struct Hyperparameters: Sendable, Equatable, Codable {
        public var bandwidth: Double
        public var lambda: Double
        public var gamma: Double
        public init(bandwidth: Double, lambda: Double, gamma: Double) {
            self.bandwidth = bandwidth; self.lambda = lambda; self.gamma = gamma
        }
    }

    /// One target's result: for each regulator column with an edge in the observed profile,
    /// its statistic and how many permutations reached it.
    public struct Outcome: Sendable, Equatable {
        public var regulators: [Int]
        public var statistics: [Double]
        public var exceed: [Int]
        public var permutations: Int
        public func pValue(_ i: Int) -> Double { Double(1 + exceed[i]) / Double(permutations + 1) }
    }

    /// The data of one target's test. `kernel` and `neighbours` are the run's.
    public struct Problem: Sendable {
        public var modulator: [Double]
        public var regulators: Matrix
        public var target: [Double]
        public var selfIndex: Int?
        public var kernel: KernelKind
        public var neighbours: Int
        public var hyperparameters: Hyperparameters
        /// Stratum of each line (permutations stay within strata); nil: one stratum.
        public var strata: [Int]?
        public init(modulator: [Double], regulators: Matrix, target: [Double], selfIndex: Int?, kernel: KernelKind, neighbours: Int,
                    hyperparameters: Hyperparameters, strata: [Int]?) {
            self.modulator = modulator; self.regulators = regulators; self.target = target; self.selfIndex = selfIndex
            self.kernel = kernel; self.neighbours = neighbours; self.hyperparameters = hyperparameters; self.strata = strata
        }

        var options: ProfilerOptions {
            var o = ProfilerOptions()
            o.fixedBandwidth = hyperparameters.bandwidth
            o.selection.lambdas = .fixed(hyperparameters.lambda)
            o.selection.gammas = [hyperparameters.gamma]
            o.selection.rounds = 1
            o.kernel = kernel
            o.neighbours = neighbours
            return o
        }

        /// The fixed-hyperparameter profile with line i given modulator value m[order[i]].
        func fits(order: [Int]) throws -> [CellFit] {
            let profiler = try NetworkProfiler(modulator: order.map { modulator[$0] }, regulators: regulators,
                                               targets: Matrix(rows: target.count, columns: 1, values: target),
                                               targetSelfIndex: [selfIndex], options: options)
            guard let result = try profiler.profile(batch: [0], threads: 1, stop: StopFlag()) else { return [] }
            return result[0].fits
        }
    }

    /// T_j for every regulator column: population sd over lines of beta_j (0 where absent),
    /// in two passes (mean, then squared deviations; absent lines add mean^2 each).
    public static func statistics(_ fits: [CellFit], regulators q: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: q), present = [Int](repeating: 0, count: q)
        for fit in fits { for e in fit.edges { sum[e.regulator] += e.beta; present[e.regulator] += 1 } }
        let n = Double(fits.count)
        let mean = sum.map { $0 / n }
        var deviation = (0..<q).map { j in Double(fits.count - present[j]) * mean[j] * mean[j] }
        for fit in fits { for e in fit.edges { deviation[e.regulator] += (e.beta - mean[e.regulator]) * (e.beta - mean[e.regulator]) } }
        return deviation.map { ($0 / n).squareRoot() }
    }

    /// Permutation `index` of the lines for the target keyed `key` (a catalog gene id):
    /// line i takes the modulator value of line order[i]; within strata when given.
    public static func permutation(lines n: Int, strata: [Int]?, seed: UInt64, key: Int, index: Int) -> [Int] {
        var rng = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: key) &* 0x9e37_79b9_7f4a_7c15
                                  &+ UInt64(truncatingIfNeeded: index) &* 0xd1b5_4a32_d192_ed03)
        guard let strata else { return rng.permutation(n) }
        var order = Array(0..<n)
        var members: [Int: [Int]] = [:]
        for i in 0..<n { members[strata[i], default: []].append(i) }
        for stratum in members.keys.sorted() {
            let lines = members[stratum]!
            for (slot, drawn) in zip(lines, rng.permutation(lines.count)) { order[slot] = lines[drawn] }
        }
        return order
    }

    /// Runs the test of one target with `permutations` draws on `threads` threads. nil when
    /// `stop` is raised first. `progress` is called once per permutation.
    public static func run(_ problem: Problem, permutations: Int, seed: UInt64, key: Int, threads: Int, stop: StopFlag,
                           progress: @escaping @Sendable () -> Void = {}) throws -> Outcome? {
        let n = problem.target.count, q = problem.regulators.columns
        let observed = try problem.fits(order: Array(0..<n))
        let present = Set(observed.flatMap { $0.edges.map(\.regulator) }).sorted()
        let t = statistics(observed, regulators: q)
        guard problem.hyperparameters.bandwidth.isFinite else {
            for _ in 0..<permutations { progress() }
            return Outcome(regulators: present, statistics: present.map { t[$0] }, exceed: present.map { _ in permutations },
                           permutations: permutations)
        }
        guard let draws = ParallelMap.run(count: permutations, threads: threads, stop: stop, body: { b -> Result<[Bool], Error> in
            defer { progress() }
            return Result {
                let order = permutation(lines: n, strata: problem.strata, seed: seed, key: key, index: b)
                let null = statistics(try problem.fits(order: order), regulators: q)
                return present.map { null[$0] >= t[$0] }
            }
        }) else { return nil }
        var exceed = [Int](repeating: 0, count: present.count)
        for draw in draws { for (i, reached) in try draw.get().enumerated() where reached { exceed[i] += 1 } }
        return Outcome(regulators: present, statistics: present.map { t[$0] }, exceed: exceed, permutations: permutations)
    }

    /// Benjamini-Hochberg (1995) q-values, in the order of `p`: q_(i) = min over j >= i of
    /// p_(j) m / j, capped at 1.
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] < p[$1] : $0 < $1 }
        var q = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, p[i] * Double(m) / Double(rank))
            q[i] = min(1, running)
        }
        return q
    }
}
