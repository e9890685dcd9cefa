/// Reads the explorer needs: each one a seek through the edge-block key (run, target, cell),
/// never a scan of a run's edges.
extension Catalog {
    /// One cell's edges in a run (every target), by ids: one seek per target (CROSS JOIN keeps
    /// SQLite from scanning the edge blocks first).
    public func cellEdgeRows(runID: Int, cellID: Int) throws -> [EdgeRow] {
        let s = try connection.prepare("""
            SELECT t.target_id, b.regulator_ids, b.betas FROM run_target t
            CROSS JOIN edge_block b ON b.run_id = t.run_id AND b.target_id = t.target_id AND b.cell_id = ?
            WHERE t.run_id = ?
            """)
        try s.bind([.integer(Int64(cellID)), .integer(Int64(runID))])
        var out: [EdgeRow] = []
        while try s.step() { out.append(contentsOf: s.edgeBlock(1).rows(targetID: s.int(0), cellID: cellID)) }
        return out
    }

    /// One edge's beta in every cell of a run, in the run's modulator order (0 where absent),
    /// with the cell's standardised modulator value.
    public func edgeAcrossCells(runID: Int, regulatorID: Int, targetID: Int) throws -> [(cellID: Int, modulator: Double, beta: Double)] {
        let s = try connection.prepare("""
            SELECT c.cell_id, c.modulator_std, b.regulator_ids, b.betas FROM run_cell c
            LEFT JOIN edge_block b ON b.run_id = c.run_id AND b.target_id = ? AND b.cell_id = c.cell_id
            WHERE c.run_id = ? ORDER BY c.position
            """)
        try s.bind([.integer(Int64(targetID)), .integer(Int64(runID))])
        var out: [(cellID: Int, modulator: Double, beta: Double)] = []
        while try s.step() { out.append((s.int(0), s.double(1), s.edgeBlock(2).beta(of: regulatorID))) }
        return out
    }
}
