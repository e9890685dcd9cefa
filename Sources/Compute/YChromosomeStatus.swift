/// Y-chromosome expression status of cell lines, inferred from their expression (METHOD.md
/// 1.7, `profile --adjust sex`). The GDSC annotation has no sex, and in cancer lines the
/// confounder that matters is whether Y genes are expressed at all: male lines often lose the
/// Y chromosome, and edges such as ZFY -> RPS4Y1 are large only where it is kept. The status
/// is therefore "Y expressed" or not, not sex: a female line and a male line without Y
/// expression fall in the same group.
public enum YChromosomeStatus {
    /// Male-specific region genes expressed broadly when the Y chromosome is present (no X
    /// homologue with the same symbol).
    public static let genes = ["DDX3Y", "EIF1AY", "KDM5D", "NLGN4Y", "RPS4Y1", "TXLNGY", "USP9Y", "UTY", "ZFY"]
    /// At least this many of them must be measured.
    public static let smallestPanel = 2

    /// How the lines split.
    public struct Split: Equatable, Sendable {
        /// 1 where Y genes are expressed, 0 where not, per line.
        public var expressed: [Int]
        /// The score threshold between the groups.
        public var threshold: Double
        /// Distance of the two groups' mean scores in pooled within-group sds: a clear
        /// bimodal split is several sds apart.
        public var separation: Double
        public var expressedCount: Int { expressed.reduce(0, +) }
    }

    /// Per line, the mean over the panel's genes of each gene standardised over the lines
    /// (so a gene's scale does not weigh it). `columns[g][i]`: gene g, line i.
    public static func scores(_ columns: [[Double]]) -> [Double] {
        guard let n = columns.first?.count else { return [] }
        var score = [Double](repeating: 0, count: n)
        for column in columns {
            let mean = column.reduce(0, +) / Double(n)
            let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
            for i in 0..<n { score[i] += sd > 0 ? (column[i] - mean) / sd : 0 }
        }
        return score.map { $0 / Double(columns.count) }
    }

    /// The exact two-means split of the scores (every cut of the sorted scores tried; the
    /// one with the least within-group sum of squares, ties to the lower cut); nil when the
    /// scores are all equal.
    public static func split(_ scores: [Double]) -> Split? {
        let sorted = scores.sorted(), n = sorted.count
        guard n >= 2, sorted[0] < sorted[n - 1] else { return nil }
        var prefix = [0.0], prefixSquares = [0.0]
        for v in sorted { prefix.append(prefix.last! + v); prefixSquares.append(prefixSquares.last! + v * v) }
        func within(_ a: Int, _ b: Int) -> Double {      // sum of squares of sorted[a..<b] about their mean
            let s = prefix[b] - prefix[a]
            return prefixSquares[b] - prefixSquares[a] - s * s / Double(b - a)
        }
        var best = (cost: Double.infinity, cut: 1)
        for k in 1..<n where sorted[k - 1] < sorted[k] {
            let cost = within(0, k) + within(k, n)
            if cost < best.cost { best = (cost, k) }
        }
        let k = best.cut
        let threshold = (sorted[k - 1] + sorted[k]) / 2
        let low = (prefix[k]) / Double(k), high = (prefix[n] - prefix[k]) / Double(n - k)
        let pooled = (best.cost / Double(max(1, n - 2))).squareRoot()
        return Split(expressed: scores.map { $0 > threshold ? 1 : 0 }, threshold: threshold,
                     separation: pooled > 0 ? (high - low) / pooled : .infinity)
    }
}
