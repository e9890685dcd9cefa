/// METHOD.md 1.7's stability selection for one target (complementary pairs stability
/// selection, Shah & Samworth 2013, after Meinshausen & Bühlmann 2010). B pairs of disjoint
/// random halves of the lines (within strata when given: each stratum split in half); each
/// half is profiled on its own lines alone with the target's fixed estimator (the one the
/// modulation test uses), and an edge is selected in a half when it is non-zero in more than
/// 10% of that half's lines. Its selection frequency is the share of the 2B halves selecting it.
///
/// Bound on the expected number of falsely selected edges of the target among those with
/// frequency >= tau > 1/2: E(V) <= q^2 / ((2 tau - 1) p), q the mean number of edges selected
/// per half, p the candidate regulators (Meinshausen & Bühlmann's bound, which Shah & Samworth
/// show holds for complementary pairs under the same exchangeability assumption). Each pair is
/// drawn from its own generator seeded by (seed, target key, pair index).
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

    /// Pair `index`'s first half for the target keyed `key` (its complement is the second), sorted.
    public static func half(lines n: Int, strata: [Int]?, seed: UInt64, key: Int, index: Int) -> [Int] {
        var rng = SplitMix64(seed: (seed ^ 0x5354_4142_4c45) &+ UInt64(truncatingIfNeeded: key) &* 0x9e37_79b9_7f4a_7c15
                                  &+ UInt64(truncatingIfNeeded: index) &* 0xd1b5_4a32_d192_ed03)
        var groups: [Int: [Int]] = [:]
        for i in 0..<n { groups[strata?[i] ?? 0, default: []].append(i) }
        var out: [Int] = []
        for g in groups.keys.sorted() {
            let members = groups[g]!
            out += rng.sample(members.count / 2, from: members.count).map { members[$0] }
        }
        return out.sorted()
    }

    /// Runs `pairs` complementary pairs for one target. nil when `stop` is raised first.
    /// `progress` is called once per pair.
    public static func run(_ problem: ModulationTest.Problem, pairs: Int, seed: UInt64, key: Int, threads: Int, stop: StopFlag,
                           progress: @escaping @Sendable () -> Void = {}) throws -> Outcome? {
        let n = problem.target.count, q = problem.regulators.columns
        guard let draws = ParallelMap.run(count: pairs, threads: threads, stop: stop, body: { b -> Result<[[Int]], Error> in
            defer { progress() }
            return Result {
                let first = half(lines: n, strata: problem.strata, seed: seed, key: key, index: b)
                let inFirst = Set(first)
                return try [first, (0..<n).filter { !inFirst.contains($0) }].map { try selected(problem.restricted(to: $0)) }
            }
        }) else { return nil }
        var counts = [Int](repeating: 0, count: q), total = 0
        for draw in draws { for halfSelection in try draw.get() { total += halfSelection.count; for j in halfSelection { counts[j] += 1 } } }
        let present = (0..<q).filter { counts[$0] > 0 }
        let candidates = q - (problem.selfIndex == nil ? 0 : 1)
        return Outcome(regulators: present, halvesSelecting: present.map { counts[$0] }, pairs: pairs,
                       meanSelected: Double(total) / Double(2 * pairs), candidates: candidates)
    }

    /// Regulator columns non-zero in more than `lineShare` of the problem's lines.
    static func selected(_ problem: ModulationTest.Problem) throws -> [Int] {
        let fits = try problem.fits(order: Array(problem.target.indices))
        var count = [Int: Int]()
        for fit in fits { for e in fit.edges { count[e.regulator, default: 0] += 1 } }
        return count.filter { Double($0.value) > lineShare * Double(fits.count) }.map(\.key).sorted()
    }
}

extension ModulationTest.Problem {
    /// The same target and estimator on a subset of the lines (their modulator values, rows).
    func restricted(to lines: [Int]) -> ModulationTest.Problem {
        var out = self
        out.modulator = lines.map { modulator[$0] }
        out.target = lines.map { target[$0] }
        var rows = Matrix(rows: lines.count, columns: regulators.columns)
        for (r, i) in lines.enumerated() { for j in 0..<regulators.columns { rows[r, j] = regulators[i, j] } }
        out.regulators = rows
        out.strata = strata.map { s in lines.map { s[$0] } }
        return out
    }
}
