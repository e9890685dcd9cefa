/// Two groups of cell lines compared edge by edge (issue 22: "which edges differ between
/// resistant and sensitive lines?"). For every edge present in some line of either group: the
/// mean beta of each group with an absent edge counted as 0 (a line's network has no such
/// edge), the difference B - A, the share of each group's lines where the edge is present,
/// Welch's two-sample t-test (unequal variances, Welch-Satterthwaite degrees of freedom) and
/// Benjamini-Hochberg q over the edges compared.
///
/// What the test means: lines are the units, so p asks whether the group means of an edge's
/// beta differ beyond the spread between lines of a group. Networks of nearby lines share
/// kernel weights (METHOD.md 1.1), so lines are not independent draws and p is optimistic when
/// the groups are formed along the run's own modulator: read q as a ranking with a control
/// beside it (e.g. the same comparison with shuffled group labels), not as an error rate.
public enum GroupComparison {
    public struct Row: Equatable, Sendable {
        public var regulator: Int
        public var target: Int
        public var meanA: Double
        public var meanB: Double
        public var presentA: Double
        public var presentB: Double
        public var p: Double
        public var q: Double
        public var difference: Double { meanB - meanA }
    }

    /// One group's per-line networks: for each line, (regulator, target, beta) of its edges.
    public typealias Group = [[(regulator: Int, target: Int, beta: Double)]]

    /// Rows by |B - A| (largest first), ties by regulator then target. Each group needs at
    /// least two lines.
    public static func compare(_ a: Group, _ b: Group) -> [Row] {
        guard a.count >= 2, b.count >= 2 else { return [] }
        struct Sums { var sum = 0.0, squares = 0.0, present = 0 }
        func accumulate(_ group: Group) -> [Int64: Sums] {
            var out: [Int64: Sums] = [:]
            for line in group {
                for e in line {
                    let key = Int64(e.regulator) << 32 | Int64(e.target)
                    out[key, default: Sums()].sum += e.beta
                    out[key, default: Sums()].squares += e.beta * e.beta
                    out[key, default: Sums()].present += 1
                }
            }
            return out
        }
        let sa = accumulate(a), sb = accumulate(b)
        let na = Double(a.count), nb = Double(b.count)
        var rows: [Row] = []
        for key in Set(sa.keys).union(sb.keys).sorted() {
            let x = sa[key] ?? Sums(), y = sb[key] ?? Sums()
            let ma = x.sum / na, mb = y.sum / nb
            // Sample variances over all lines of the group (absent lines are zeros), clamped at 0.
            let va = max(0, (x.squares - na * ma * ma) / (na - 1)), vb = max(0, (y.squares - nb * mb * mb) / (nb - 1))
            let se2 = va / na + vb / nb
            let p: Double
            if se2 > 0 {
                let t = (mb - ma) / se2.squareRoot()
                let df = se2 * se2 / ((va / na) * (va / na) / (na - 1) + (vb / nb) * (vb / nb) / (nb - 1))
                p = StudentT.twoSidedP(t: t, degreesOfFreedom: df)
            } else {
                p = ma == mb ? 1 : 0                  // no spread in either group
            }
            rows.append(Row(regulator: Int(key >> 32), target: Int(key & 0xffff_ffff), meanA: ma, meanB: mb,
                            presentA: Double(x.present) / na, presentB: Double(y.present) / nb, p: p, q: 1))
        }
        let q = ModulationTest.benjaminiHochberg(rows.map(\.p))
        for i in rows.indices { rows[i].q = q[i] }
        return rows.sorted { abs($0.difference) != abs($1.difference) ? abs($0.difference) > abs($1.difference)
            : ($0.regulator, $0.target) < ($1.regulator, $1.target) }
    }

    /// The control beside the calls: how many edges reach q <= `level` when the same lines are
    /// dealt into groups of the same sizes at random (SplitMix64 seeded by `seed`). Kernel
    /// sharing between lines inflates both counts alike; the observed count means something
    /// only well above this one.
    public static func shuffledCalls(_ a: Group, _ b: Group, level: Double = 0.1, seed: UInt64 = 1) -> Int {
        let pooled = a + b
        var rng = SplitMix64(seed: seed)
        let order = rng.permutation(pooled.count)
        let shuffledA = order.prefix(a.count).map { pooled[$0] }, shuffledB = order.dropFirst(a.count).map { pooled[$0] }
        return compare(shuffledA, shuffledB).filter { $0.q <= level }.count
    }
}
