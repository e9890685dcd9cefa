/// Reads the explorer needs: each one a seek through the edge key (run, target, cell,
/// regulator), never a scan of a run's edges.
extension Catalog {
    /// One cell's edges in a run (every target), by ids: one seek per target (CROSS JOIN keeps
    /// SQLite from scanning the edge table first).
    public func cellEdgeRows(runID: Int, cellID: Int) throws -> [EdgeRow] {
        let s = try connection.prepare("""
            SELECT e.regulator_id, e.target_id, e.beta FROM run_target t
            CROSS JOIN edge e ON e.run_id = t.run_id AND e.target_id = t.target_id AND e.cell_id = ?
            WHERE t.run_id = ?
            """)
        try s.bind([.integer(Int64(cellID)), .integer(Int64(runID))])
        var out: [EdgeRow] = []
        while try s.step() { out.append(EdgeRow(cellID: cellID, regulatorID: s.int(0), targetID: s.int(1), beta: s.double(2))) }
        return out
    }

    /// One edge's beta in every cell of a run, in the run's modulator order (0 where absent),
    /// with the cell's standardised modulator value.
    public func edgeAcrossCells(runID: Int, regulatorID: Int, targetID: Int) throws -> [(cellID: Int, modulator: Double, beta: Double)] {
        let s = try connection.prepare("""
            SELECT c.cell_id, c.modulator_std, coalesce(e.beta, 0) FROM run_cell c
            LEFT JOIN edge e ON e.run_id = c.run_id AND e.target_id = ? AND e.cell_id = c.cell_id AND e.regulator_id = ?
            WHERE c.run_id = ? ORDER BY c.position
            """)
        try s.bind([.integer(Int64(targetID)), .integer(Int64(regulatorID)), .integer(Int64(runID))])
        var out: [(cellID: Int, modulator: Double, beta: Double)] = []
        while try s.step() { out.append((s.int(0), s.double(1), s.double(2))) }
        return out
    }
}
