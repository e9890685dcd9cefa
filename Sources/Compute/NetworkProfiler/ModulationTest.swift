/// METHOD.md 1.7's per-edge modulation test. Statistic T_jk = the sd over lines (divisor n)
/// of beta_jk,alpha, zero where the edge is absent. Null: the same fixed-hyperparameter
/// profile with the modulator permuted across lines (within strata when given), B times.
/// p = (1 + #{T_perm >= T}) / (B + 1) per edge that is non-zero in some line of the observed
/// profile.
///
/// Observed and permuted profiles use the same estimator: each target's bandwidth, one lambda,
/// one gamma and one round (no recursion), so the null answers "would this much variation
/// arise with a modulator unrelated to the lines?" for exactly the networks whose T is tested.
/// Targets are tested in batches that share lambda and gamma: a permutation's kernels, and so
/// its Grams, serve every target of the batch (METHOD.md 1.5), which is what makes B = 200
/// affordable. Permutation b is the same for every target (one generator per (seed, b)), as
/// in SAM-style gene-wise permutation tests, so a target's result does not depend on the batch
/// it is in, on threads, or on an interruption between batches. A static target (h = infinity)
/// has one network for every line: T = 0 for every edge under every permutation, p = 1.
public enum ModulationTest {
    /// One target's result: for each regulator column with an edge in the observed profile,
    /// its statistic and how many permutations reached it.
    public struct Outcome: Sendable, Equatable {
        public var regulators: [Int]
        public var statistics: [Double]
        public var exceed: [Int]
        public var permutations: Int
        /// Each statistic in standard-deviation units of the data (`ModulationCall`).
        public var effects: [Double]
        public func pValue(_ i: Int) -> Double { Double(1 + exceed[i]) / Double(permutations + 1) }
    }

    /// Targets tested together: one lambda and gamma, each target its own bandwidth. `kernel`
    /// and `neighbours` are the run's.
    public struct Batch: Sendable {
        public var modulator: [Double]
        public var regulators: Matrix
        /// Lines x targets.
        public var targets: Matrix
        public var selfIndices: [Int?]
        public var bandwidths: [Double]
        public var lambda: Double
        public var gamma: Double
        public var kernel: KernelKind
        public var neighbours: Int
        /// Stratum of each line (permutations and halves stay within strata); nil: one stratum.
        public var strata: [Int]?
        public init(modulator: [Double], regulators: Matrix, targets: Matrix, selfIndices: [Int?], bandwidths: [Double], lambda: Double,
                    gamma: Double, kernel: KernelKind, neighbours: Int, strata: [Int]?) {
            self.modulator = modulator; self.regulators = regulators; self.targets = targets; self.selfIndices = selfIndices
            self.bandwidths = bandwidths; self.lambda = lambda; self.gamma = gamma; self.kernel = kernel; self.neighbours = neighbours
            self.strata = strata
        }

        /// The fixed-hyperparameter profile of every target with line i given the modulator
        /// value of line order[i]: fits[target][line].
        func fits(order: [Int]) throws -> [[CellFit]] {
            var o = ProfilerOptions()
            o.fixedBandwidth = bandwidths.first { $0.isFinite } ?? 1      // no held-out draw; each target's h is passed below
            o.selection.lambdas = .fixed(lambda)
            o.selection.gammas = [gamma]
            o.selection.rounds = 1
            o.kernel = kernel
            o.neighbours = neighbours
            let profiler = try NetworkProfiler(modulator: order.map { modulator[$0] }, regulators: regulators, targets: targets,
                                               targetSelfIndex: selfIndices, options: o)
            guard let perCell = try profiler.fits(centres: profiler.modulator, centreIsFitting: true, batch: Array(0..<targets.columns),
                                                  bandwidths: bandwidths, residualVariance: false, threads: 1, stop: StopFlag(),
                                                  progress: {}) else { return [] }
            return (0..<targets.columns).map { c in perCell.map { $0[c].fit } }
        }

        /// The profile at the lines' own modulator values: fits[target][line].
        public func ownModulatorFits() throws -> [[CellFit]] { try fits(order: Array(modulator.indices)) }

        /// The same targets and estimator on a subset of the lines.
        func restricted(to lines: [Int]) -> Batch {
            var out = self
            out.modulator = lines.map { modulator[$0] }
            out.regulators = regulators.rows(lines)
            out.targets = targets.rows(lines)
            out.strata = strata.map { s in lines.map { s[$0] } }
            return out
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

    /// Permutation `index` of the lines: line i takes the modulator value of line order[i];
    /// within strata when given. The same for every target.
    public static func permutation(lines n: Int, strata: [Int]?, seed: UInt64, index: Int) -> [Int] {
        var rng = SplitMix64(seed: seed &+ UInt64(truncatingIfNeeded: index) &* 0xd1b5_4a32_d192_ed03)
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

    /// Tests every target of `batch` with `permutations` draws on `threads` threads (one
    /// permutation per thread at a time). nil when `stop` is raised first. `progress` is
    /// called once per permutation.
    public static func run(_ batch: Batch, permutations: Int, seed: UInt64, threads: Int, stop: StopFlag,
                           progress: @escaping @Sendable () -> Void = {}) throws -> [Outcome]? {
        let n = batch.modulator.count, q = batch.regulators.columns, p = batch.targets.columns
        let observed = try batch.fits(order: Array(0..<n))
        let present = observed.map { fits in Set(fits.flatMap { $0.edges.map(\.regulator) }).sorted() }
        let t = observed.map { statistics($0, regulators: q) }
        guard let draws = ParallelMap.run(count: permutations, threads: threads, stop: stop, body: { b -> Result<[[Bool]], Error> in
            defer { progress() }
            return Result {
                let null = try batch.fits(order: permutation(lines: n, strata: batch.strata, seed: seed, index: b))
                    .map { statistics($0, regulators: q) }
                return (0..<p).map { c in present[c].map { null[c][$0] >= t[c][$0] } }
            }
        }) else { return nil }
        var exceed = present.map { [Int](repeating: 0, count: $0.count) }
        for draw in draws {
            for (c, reached) in try draw.get().enumerated() { for (i, r) in reached.enumerated() where r { exceed[c][i] += 1 } }
        }
        return (0..<p).map { c in
            let statistics = present[c].map { t[c][$0] }
            return Outcome(regulators: present[c], statistics: statistics, exceed: exceed[c], permutations: permutations,
                           effects: ModulationCall.standardised(statistics, regulators: present[c], x: batch.regulators, y: batch.targets.column(c)))
        }
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
