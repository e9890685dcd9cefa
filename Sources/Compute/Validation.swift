import Foundation

/// The statistics of `samplenet validate` (METHOD.md 1.7, validation against prior knowledge):
/// average precision of a ranking against known pairs, recall in the top k, and the one-sided
/// Fisher exact test of a top set against a gene set.
public enum Validation {
    /// Average precision (the area under the precision-recall curve as a step function) of
    /// `scores` (higher = more confident) against `labels`. Tied scores form one threshold:
    /// their positives all get the precision at the end of the tie group, so the result does
    /// not depend on the order of ties. nil without positives.
    public static func averagePrecision(scores: [Double], labels: [Bool]) -> Double? {
        let positives = labels.filter { $0 }.count
        guard positives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var seen = 0, hits = 0, area = 0.0, start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let groupHits = (start...end).filter { labels[order[$0]] }.count
            seen += end - start + 1
            hits += groupHits
            area += Double(groupHits) / Double(positives) * Double(hits) / Double(seen)
            start = end + 1
        }
        return area
    }

    /// Share of `known` found among the first k of `ranked` (known items absent from the ranking
    /// count as not found).
    public static func recall<T: Hashable>(ranked: [T], known: Set<T>, top k: Int) -> Double {
        guard !known.isEmpty else { return 0 }
        return Double(Set(ranked.prefix(k)).intersection(known).count) / Double(known.count)
    }

    /// One-sided Fisher exact test (over-representation): P(X >= overlap) for X hypergeometric,
    /// drawing `drawn` items from a universe of `universe` holding `marked` marked ones.
    public static func fisherGreater(overlap: Int, drawn: Int, marked: Int, universe: Int) -> Double {
        let upper = min(drawn, marked)
        guard overlap <= upper else { return 0 }
        func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }
        let total = logChoose(universe, drawn)
        var p = 0.0
        for x in max(overlap, drawn + marked - universe, 0)...upper {
            p += exp(logChoose(marked, x) + logChoose(universe - marked, drawn - x) - total)
        }
        return min(1, p)
    }
}
