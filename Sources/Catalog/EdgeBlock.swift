/// One (run, target, cell) network row of the `edge_block` table: the regulators with a
/// non-zero beta, ascending, as little-endian Int32 gene ids, and their betas as float64,
/// both as BLOBs. One row per fit instead of one per edge keeps a 1.1M-edge commit at tens
/// of milliseconds (schema v4); the 20.9M-edge benchmark catalog is 300 MB instead of 700 MB.
public struct EdgeBlock: Sendable, Equatable {
    public var regulatorIDs: [Int32]
    public var betas: [Double]

    public init(regulatorIDs: [Int32], betas: [Double]) {
        self.regulatorIDs = regulatorIDs
        self.betas = betas
    }

    /// Groups edges into one block per (target, cell), regulators ascending.
    static func blocks(_ edges: [EdgeRow]) -> [(targetID: Int, cellID: Int, block: EdgeBlock)] {
        let ordered = edges.sorted { ($0.targetID, $0.cellID, $0.regulatorID) < ($1.targetID, $1.cellID, $1.regulatorID) }
        var out: [(targetID: Int, cellID: Int, block: EdgeBlock)] = []
        for edge in ordered {
            if let last = out.last, last.targetID == edge.targetID, last.cellID == edge.cellID {
                out[out.count - 1].block.regulatorIDs.append(Int32(edge.regulatorID))
                out[out.count - 1].block.betas.append(edge.beta)
            } else {
                out.append((edge.targetID, edge.cellID, EdgeBlock(regulatorIDs: [Int32(edge.regulatorID)], betas: [edge.beta])))
            }
        }
        return out
    }

    /// The beta of one regulator (binary search), 0 when it has no edge here.
    public func beta(of regulatorID: Int) -> Double {
        var low = 0, high = regulatorIDs.count
        let key = Int32(regulatorID)
        while low < high {
            let mid = (low + high) / 2
            if regulatorIDs[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < regulatorIDs.count && regulatorIDs[low] == key ? betas[low] : 0
    }

    /// Inserts `edges` of run `runID` as blocks, in key order (a target's rows append as one
    /// range); the caller holds the transaction.
    static func insert(_ edges: [EdgeRow], runID: Int, into connection: Connection) throws {
        let statement = try connection.prepare("INSERT INTO edge_block (run_id, target_id, cell_id, regulator_ids, betas) VALUES (?, ?, ?, ?, ?)")
        for (target, cell, block) in blocks(edges) {
            try statement.bind([.integer(Int64(runID)), .integer(Int64(target)), .integer(Int64(cell))])
            try statement.bind(block, at: 4)
            while try statement.step() {}
        }
    }

    /// The block's edges as rows.
    func rows(targetID: Int, cellID: Int) -> [EdgeRow] {
        zip(regulatorIDs, betas).map { EdgeRow(cellID: cellID, regulatorID: Int($0.0), targetID: targetID, beta: $0.1) }
    }
}

extension Statement {
    /// Binds a block's two BLOBs at `index` and `index + 1`.
    func bind(_ block: EdgeBlock, at index: Int32) throws {
        try bindBytes(block.regulatorIDs, at: index)
        try bindBytes(block.betas, at: index + 1)
    }

    /// Reads a block from columns `column` (regulators) and `column + 1` (betas).
    func edgeBlock(_ column: Int) -> EdgeBlock {
        EdgeBlock(regulatorIDs: values(column, as: Int32.self), betas: values(column + 1, as: Double.self))
    }
}
