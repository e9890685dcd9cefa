import Foundation

/// What a running TRIP job publishes about its model as it trains (the trip_snapshot row): the
/// epoch, its objective and validation loss, and the current top subnetworks. One type for
/// the writer (the job) and the readers (the explorer, tests), so a renamed field fails to
/// decode loudly instead of emptying the view.
public struct TRIPLiveSnapshot: Codable, Sendable, Equatable {
    public struct Edge: Codable, Sendable, Equatable {
        public var regulatorGene: Int
        public var targetGene: Int
        public var importance: Double
        public var sign: Int
        public init(regulatorGene: Int, targetGene: Int, importance: Double, sign: Int) {
            self.regulatorGene = regulatorGene; self.targetGene = targetGene; self.importance = importance; self.sign = sign
        }
    }

    public struct Subnetwork: Codable, Sendable, Equatable {
        public var rank: Int
        public var score: Double
        public var genes: [Int]
        public var edges: [Edge]
        public init(rank: Int, score: Double, genes: [Int], edges: [Edge]) {
            self.rank = rank; self.score = score; self.genes = genes; self.edges = edges
        }
    }

    public var epoch: Int
    public var objective: Double
    public var validationLoss: Double
    public var subnetworks: [Subnetwork]

    public init(epoch: Int, objective: Double, validationLoss: Double, subnetworks: [Subnetwork]) {
        self.epoch = epoch; self.objective = objective; self.validationLoss = validationLoss; self.subnetworks = subnetworks
    }
}
