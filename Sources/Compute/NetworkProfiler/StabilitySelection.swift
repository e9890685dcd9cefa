/// METHOD.md 1.7's stability selection (complementary pairs stability selection, Shah &
/// Samworth 2013, after Meinshausen & Bühlmann 2010). B pairs of disjoint random halves of the
/// lines (within strata when given: each stratum split in half); each half is profiled on its
/// own lines alone with each target's fixed estimator (the one the modulation test uses), and
/// an edge is selected in a half when it is non-zero in more than 10% of that half's lines.
/// Its selection frequency is the share of the 2B halves selecting it.
///
/// Bound on the expected number of falsely selected edges of a target among those with
/// frequency >= tau > 1/2: E(V) <= q^2 / ((2 tau - 1) p), q the mean number of edges selected
/// per half, p the candidate regulators (Meinshausen & Bühlmann's bound, which Shah & Samworth
/// show holds for complementary pairs under the same exchangeability assumption). Pair b is
/// the same for every target (one generator per (seed, b)), as the modulation test's
/// permutations are, so targets are profiled in batches on shared Grams.
public enum StabilitySelection {
    /// Share of a half's lines in which an edge must be non-zero to count as selected there.
    public static let lineShare = 0.1

    public struct Outcome: Sendable, Equatable {
        /// Regulator columns selected in at least one half, with how many halves selected them.
        public var regulators: [Int]
        public var halvesSelecting: [Int]
        public var pairs: Int
        /// Mean number of edges selected per half (q of the bound) and candidate regulators (p).
        public var meanSelected: Double
        public var candidates: Int
        public func frequency(_ i: Int) -> Double { Double(halvesSelecting[i]) / Double(2 * pairs) }
        /// q^2 / ((2 tau - 1) p) for tau in (1/2, 1]; nil outside.
        public func falseSelectionBound(threshold tau: Double) -> Double? {
            StabilitySelection.falseSelectionBound(meanSelected: meanSelected, candidates: candidates, threshold: tau)
        }
    }

    public static func falseSelectionBound(meanSelected q: Double, candidates p: Int, threshold tau: Double) -> Double? {
        guard tau > 0.5, tau <= 1, p > 0 else { return nil }
        return q * q / ((2 * tau - 1) * Double(p))
    }

    /// Pair `index`'s first half (its complement is the second), sorted.
    public static func half(lines n: Int, strata: [Int]?, seed: UInt64, index: Int) -> [Int] {
        var rng = SplitMix64(seed: (seed ^ 0x5354_4142_4c45) &+ UInt64(truncatingIfNeeded: index) &* 0xd1b5_4a32_d192_ed03)
        var groups: [Int: [Int]] = [:]
        for i in 0..<n { groups[strata?[i] ?? 0, default: []].append(i) }
        var out: [Int] = []
        for g in groups.keys.sorted() {
            let members = groups[g]!
            out += rng.sample(members.count / 2, from: members.count).map { members[$0] }
        }
        return out.sorted()
    }

    /// Runs `pairs` complementary pairs for every target of `batch`. nil when `stop` is
    /// raised first. `progress` is called once per pair.
    public static func run(_ batch: ModulationTest.Batch, pairs: Int, seed: UInt64, threads: Int, stop: StopFlag,
                           progress: @escaping @Sendable () -> Void = {}) throws -> [Outcome]? {
        let n = batch.modulator.count, q = batch.regulators.columns, p = batch.targets.columns
        guard let draws = ParallelMap.run(count: pairs, threads: threads, stop: stop, body: { b -> Result<[[[Int]]], Error> in
            defer { progress() }
            return Result {
                let first = half(lines: n, strata: batch.strata, seed: seed, index: b)
                let inFirst = Set(first)
                return try [first, (0..<n).filter { !inFirst.contains($0) }].map { try selected(batch.restricted(to: $0)) }
            }
        }) else { return nil }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: q), count: p), totals = [Int](repeating: 0, count: p)
        for draw in draws {
            for halfSelection in try draw.get() {
                for c in 0..<p {
                    totals[c] += halfSelection[c].count
                    for j in halfSelection[c] { counts[c][j] += 1 }
                }
            }
        }
        return (0..<p).map { c in
            let present = (0..<q).filter { counts[c][$0] > 0 }
            return Outcome(regulators: present, halvesSelecting: present.map { counts[c][$0] }, pairs: pairs,
                           meanSelected: Double(totals[c]) / Double(2 * pairs), candidates: q - (batch.selfIndices[c] == nil ? 0 : 1))
        }
    }

    /// Per target, the regulator columns non-zero in more than `lineShare` of the lines.
    static func selected(_ batch: ModulationTest.Batch) throws -> [[Int]] {
        try batch.fits(order: Array(batch.modulator.indices)).map { fits in
            var count = [Int: Int]()
            for fit in fits { for e in fit.edges { count[e.regulator, default: 0] += 1 } }
            return count.filter { Double($0.value) > lineShare * Double(fits.count) }.map(\.key).sorted()
        }
    }
}
