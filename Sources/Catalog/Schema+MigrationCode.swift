/// The migrations that need code beyond their SQL: columns added only when missing, and the
/// v3 -> v4 repacking of per-edge rows into blocks.
extension Schema {
    /// Steps a migration needs beyond its SQL, keyed by the version it produces.
    static let migrationCode: [Int: @Sendable (Connection) throws -> Void] = [
        4: { try packEdges($0) },
        5: { try addColumn($0, table: "run", column: "threads", declaration: "INTEGER") },
        6: { try addColumn($0, table: "run", column: "process_start", declaration: "TEXT") },
        11: { try addColumn($0, table: "modulation_test_edge", column: "effect", declaration: "REAL") },
        12: { try addColumn($0, table: "run", column: "label", declaration: "TEXT") },
        8: { c in
            for column in ["best_finite_bandwidth REAL", "best_finite_cv_error REAL", "static_cv_error REAL", "cv_difference_se REAL",
                           "grid_boundary INTEGER"] {
                let parts = column.split(separator: " ").map(String.init)
                try addColumn(c, table: "run_target", column: parts[0], declaration: parts[1])
            }
        },
    ]

    /// Adds a column unless the table has it already. A catalog whose user_version lags its
    /// schema (an interrupted or foreign migration) then migrates instead of failing with
    /// "duplicate column name".
    static func addColumn(_ connection: Connection, table: String, column: String, declaration: String) throws {
        let existing = try connection.rows("SELECT name FROM pragma_table_info('\(table)')").compactMap { $0.first?.string }
        guard !existing.contains(column) else { return }
        try connection.execute("ALTER TABLE \(table) ADD COLUMN \(column) \(declaration)")
    }

    /// v3 -> v4: packs the per-edge rows into blocks, one target at a time, then drops them.
    static func packEdges(_ connection: Connection) throws {
        let read = try connection.prepare("SELECT target_id, cell_id, regulator_id, beta FROM edge WHERE run_id = ? ORDER BY target_id, cell_id, regulator_id")
        for run in try connection.rows("SELECT DISTINCT run_id FROM edge ORDER BY run_id").compactMap({ $0[0].int }) {
            try read.bind([.integer(Int64(run))])
            var rows: [EdgeRow] = []
            while try read.step() { rows.append(EdgeRow(cellID: read.int(1), regulatorID: read.int(2), targetID: read.int(0), beta: read.double(3))) }
            try EdgeBlock.insert(rows, runID: run, into: connection)
        }
        try connection.execute("DROP TABLE edge")
    }
}
