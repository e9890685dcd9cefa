import Foundation

/// One finding of `samplenet doctor`.
public struct HealthCheck: Sendable, Equatable {
    public enum Level: String, Sendable { case ok, warning, error }
    public var name: String
    public var level: Level
    public var detail: String
    public init(name: String, level: Level, detail: String) {
        self.name = name
        self.level = level
        self.detail = detail
    }
}

extension Catalog {
    /// Read-only checks of the catalog: SQLite's own integrity and foreign-key checks, the
    /// schema version, rows that point at nothing (edges of targets or cells a run does not
    /// have, blocks whose two BLOBs disagree, expression rows of the wrong length), and runs
    /// marked running whose process is gone from this host.
    public func healthChecks() throws -> [HealthCheck] {
        var out: [HealthCheck] = []
        func count(_ sql: String) throws -> Int { try connection.scalar(sql)?.int ?? 0 }
        func check(_ name: String, _ n: Int, _ what: String, level: HealthCheck.Level = .error) {
            out.append(HealthCheck(name: name, level: n == 0 ? .ok : level, detail: n == 0 ? "none" : "\(n) \(what)"))
        }

        let integrity = try connection.rows("PRAGMA integrity_check").compactMap { $0.first?.string }
        out.append(HealthCheck(name: "integrity", level: integrity == ["ok"] ? .ok : .error,
                               detail: integrity == ["ok"] ? "PRAGMA integrity_check: ok" : integrity.prefix(5).joined(separator: "; ")))
        let foreign = try connection.rows("PRAGMA foreign_key_check").count
        check("foreign keys", foreign, "rows whose foreign key points at nothing (PRAGMA foreign_key_check)")
        let stored = try storedSchemaVersion()
        out.append(HealthCheck(name: "schema", level: stored == Schema.currentVersion ? .ok : .error,
                               detail: "version \(stored) (this samplenet reads and writes \(Schema.currentVersion))"))

        check("orphan edge blocks", try count("""
            SELECT count(*) FROM edge_block b WHERE NOT EXISTS
                (SELECT 1 FROM run_target t WHERE t.run_id = b.run_id AND t.target_id = b.target_id)
            OR NOT EXISTS (SELECT 1 FROM run_cell c WHERE c.run_id = b.run_id AND c.cell_id = b.cell_id)
            """), "edge blocks of a target or cell line their run does not have")
        check("edge block shapes", try count("SELECT count(*) FROM edge_block WHERE length(regulator_ids) * 2 != length(betas) OR length(regulator_ids) % 4 != 0"),
              "edge blocks whose regulator and beta lists differ in length")
        check("edge counts", try count("""
            SELECT count(*) FROM run_target t WHERE t.finished_at IS NOT NULL AND t.edges !=
                (SELECT coalesce(sum(length(b.regulator_ids) / 4), 0) FROM edge_block b WHERE b.run_id = t.run_id AND b.target_id = t.target_id)
            """), "finished targets whose stored edge count differs from their edges")
        check("orphan fits", try count("""
            SELECT count(*) FROM fit f WHERE NOT EXISTS (SELECT 1 FROM run_target t WHERE t.run_id = f.run_id AND t.target_id = f.target_id)
            """), "fits of a target their run does not have")
        check("expression rows", try count("SELECT count(*) FROM expression WHERE length(vals) != 8 * (SELECT count(*) FROM cell_line WHERE expr_col IS NOT NULL)"),
              "expression rows whose length is not one value per cell line with expression")

        var stale: [String] = []
        let host = ProcessInfo.processInfo.hostName
        for row in try connection.rows("SELECT id, pid, host FROM run WHERE status = 'running'") {
            guard let id = row[0].int, let pid = row[1].int, row[2].string == host else { continue }
            if kill(pid_t(pid), 0) != 0 && errno == ESRCH { stale.append("run \(id) (pid \(pid))") }
        }
        out.append(HealthCheck(name: "stale runs", level: stale.isEmpty ? .ok : .warning,
                               detail: stale.isEmpty ? "none" : stale.joined(separator: ", ")
                                   + " marked running but the process is gone: resume with `samplenet profile --resume ID`"))
        return out
    }
}
