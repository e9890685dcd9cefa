/// Scores of out-of-fold predictions (METHOD.md 2, "Evaluation").
public enum Metrics {
    /// 1 - SS_res / SS_tot around the mean of `truth`.
    public static func rSquared(truth: [Double], prediction: [Double]) -> Double {
        let mean = truth.reduce(0, +) / Double(truth.count)
        var res = 0.0, tot = 0.0
        for (y, p) in zip(truth, prediction) { res += (y - p) * (y - p); tot += (y - mean) * (y - mean) }
        return tot > 0 ? 1 - res / tot : .nan
    }

    public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : .nan
    }

    /// Area under the ROC curve = P(score of a positive > score of a negative), ties 1/2
    /// (Mann-Whitney with mid-ranks).
    public static func auroc(labels: [Bool], scores: [Double]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var k = 0
        while k < order.count {
            var end = k
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[k]] { end += 1 }
            let mid = Double(k + end) / 2 + 1
            for m in k...end { ranks[order[m]] = mid }
            k = end + 1
        }
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let rankSum = zip(labels, ranks).reduce(0.0) { $0 + ($1.0 ? $1.1 : 0) }
        return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
    }

    public static func accuracy(labels: [Bool], predicted: [Bool]) -> Double {
        Double(zip(labels, predicted).filter { $0 == $1 }.count) / Double(max(1, labels.count))
    }
}
