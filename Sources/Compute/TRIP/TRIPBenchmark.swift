import Foundation

/// Timings for `make bench` (issue 5, item 7): the HOSVD initialisation through the mode Grams
/// and dsyev against the naive SVD of the dense unfoldings, and the cost of one training
/// epoch, all on one real stack in one process. Not used by the product itself.
public enum TRIPBenchmark {
    public struct Report: Sendable, Codable {
        public var cells: Int
        public var edges: Int
        public var entries: Int
        public var regulators: Int
        public var targets: Int
        /// HOSVD of the whole stack (both modes), seconds.
        public var hosvdSeconds: Double
        /// On the first `naiveCells` cells (the dense unfolding must fit in memory):
        public var naiveCells: Int
        public var naiveUnfoldingBytes: Int
        public var hosvdSubsetSeconds: Double
        public var naiveSubsetSeconds: Double
        /// Largest sine of a principal angle between the two subspaces (both modes).
        public var subspaceDifference: Double
        /// Full-batch training epochs on all cells with the default predictor.
        public var epochs: Int
        public var secondsPerEpoch: Double
    }

    public static func run(stack: EdgeStack, response: [Double], options: TRIPOptions, naiveCells: Int, epochs: Int) throws -> Report {
        let ranks = (options.ranks[0], options.ranks[1])
        let clock = ContinuousClock()

        var projections: (Matrix, Matrix)? = nil
        let hosvd = try clock.measure { projections = try HOSVD.projections(stack, ranks: ranks) }
        let subset = stack.rows(Array(0..<min(naiveCells, stack.cellCount)))
        var fast: (Matrix, Matrix)? = nil
        let hosvdSubset = try clock.measure { fast = try HOSVD.projections(subset, ranks: ranks) }
        var naive: (Matrix, Matrix)? = nil
        let naiveTime = clock.measure {
            naive = (HOSVD.naiveUnfoldingSVD(subset, mode: 1, count: ranks.0), HOSVD.naiveUnfoldingSVD(subset, mode: 2, count: ranks.1))
        }
        let difference = max(subspaceSine(fast!.0, naive!.0), subspaceSine(fast!.1, naive!.1))

        var training = options
        training.maxEpochs = epochs
        training.patience = epochs + 1
        let prepared = TRIPAnalysis.prepare(response, task: options.task)
        let initial = TRIPModel(c1: projections!.0, c2: projections!.1, hidden: options.hidden, offset: 0, seed: options.seed)
        var ran = 0
        let trainTime = clock.measure {
            ran = TRIPTrainer(options: training).train(stack: stack, response: prepared.labels, initial: initial, learnProjection: true,
                                                       seed: options.seed, stop: StopFlag()).epochs
        }
        let q = subset.regulatorGenes.count, p = subset.targetGenes.count
        return Report(cells: stack.cellCount, edges: stack.edgeCount, entries: stack.entryCount, regulators: stack.regulatorGenes.count,
                      targets: stack.targetGenes.count, hosvdSeconds: hosvd.inSeconds, naiveCells: subset.cellCount,
                      naiveUnfoldingBytes: 8 * q * p * subset.cellCount, hosvdSubsetSeconds: hosvdSubset.inSeconds,
                      naiveSubsetSeconds: naiveTime.inSeconds, subspaceDifference: difference, epochs: ran,
                      secondsPerEpoch: trainTime.inSeconds / Double(max(1, ran)))
    }

    /// sin of the largest principal angle between span(A) and span(B) (orthonormal columns):
    /// sqrt(1 - sigma_min(A'B)^2), with sigma_min from the eigenvalues of (A'B)'(A'B).
    static func subspaceSine(_ a: Matrix, _ b: Matrix) -> Double {
        let m = a.transposeMultiplied(by: b)
        guard let eigen = try? SymmetricEigen(m.transposeMultiplied(by: m)) else { return .nan }
        let smallest = eigen.values.min() ?? 0
        return max(0, 1 - smallest).squareRoot()
    }
}
