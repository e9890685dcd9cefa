/// How calls compare with a semi-synthetic truth: precision, recall and the empirical false
/// discovery rate of "varying" calls, or of "edge present" calls.
extension SemiSynthetic {
    public struct EdgeKey: Hashable, Sendable, Comparable {
        public var target: Int
        public var regulator: Int
        public init(target: Int, regulator: Int) { self.target = target; self.regulator = regulator }
        public static func < (a: EdgeKey, b: EdgeKey) -> Bool { (a.target, a.regulator) < (b.target, b.regulator) }
    }

    public struct CallScore: Sendable, Equatable {
        /// Edges called.
        public var called: Int
        /// Called edges that are true (planted varying edges for varying calls).
        public var truePositives: Int
        /// True edges.
        public var truth: Int
        /// Planted static edges called varying (0 when scoring presence).
        public var staticCalled: Int

        /// TP / called; nil with no calls.
        public var precision: Double? { called > 0 ? Double(truePositives) / Double(called) : nil }
        public var recall: Double { truth > 0 ? Double(truePositives) / Double(truth) : 0 }
        /// Empirical FDR: false calls / calls, 0 with no calls (Benjamini-Hochberg's convention).
        public var fdr: Double { called > 0 ? Double(called - truePositives) / Double(called) : 0 }
    }

    /// Scores "varies" calls: true = a planted varying edge; a planted static edge or an
    /// unplanted one is a false call.
    public static func scoreVarying(_ calls: Set<EdgeKey>, edges: [PlantedEdge]) -> CallScore {
        let varying = Set(edges.filter(\.shape.varies).map { EdgeKey(target: $0.target, regulator: $0.regulator) })
        let constant = Set(edges.filter { !$0.shape.varies }.map { EdgeKey(target: $0.target, regulator: $0.regulator) })
        return CallScore(called: calls.count, truePositives: calls.intersection(varying).count, truth: varying.count,
                         staticCalled: calls.intersection(constant).count)
    }

    /// Scores "edge present" calls against every planted edge, varying or static.
    public static func scorePresence(_ calls: Set<EdgeKey>, edges: [PlantedEdge]) -> CallScore {
        let planted = Set(edges.map { EdgeKey(target: $0.target, regulator: $0.regulator) })
        return CallScore(called: calls.count, truePositives: calls.intersection(planted).count, truth: planted.count, staticCalled: 0)
    }
}
