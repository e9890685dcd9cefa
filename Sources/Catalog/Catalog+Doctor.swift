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
    public func healthChecks() -> [HealthCheck] {
        var out: [HealthCheck] = []
        do { try healthChecks(into: &out) } catch {
            // A damaged file can fail any query: report it as the check that hit it.
            out.append(HealthCheck(name: "catalog read", level: .error, detail: "\(error)"))
        }
        return out
    }

    /// `PRAGMA integrity_check` of any file (nil when SQLite cannot even open it): the first
    /// lines SQLite reports, ["ok"] when sound.
    public static func integrityReport(path: String) -> [String]? {
        guard FileManager.default.fileExists(atPath: path), let connection = try? Connection(path: path, mode: .readOnly) else { return nil }
        return integrityLines(connection)
    }

    /// The lines `PRAGMA integrity_check` reports, kept when SQLite stops with an error part
    /// way (the error is the last line).
    static func integrityLines(_ connection: Connection) -> [String] {
        var lines: [String] = []
        do {
            let statement = try connection.prepare("PRAGMA integrity_check")
            while try statement.step() { if let line = statement.value(0).string { lines.append(line) } }
        } catch {
            lines.append("\(error)")
        }
        return lines
    }

    private func healthChecks(into out: inout [HealthCheck]) throws {
        func count(_ sql: String) throws -> Int { try connection.scalar(sql)?.int ?? 0 }
        func check(_ name: String, _ n: Int, _ what: String, level: HealthCheck.Level = .error) {
            out.append(HealthCheck(name: name, level: n == 0 ? .ok : level, detail: n == 0 ? "none" : "\(n) \(what)"))
        }

        let integrity = Catalog.integrityLines(connection)
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

        let dead = try runs().filter(\.liveness.isDead)
        out.append(HealthCheck(name: "dead runs", level: dead.isEmpty ? .ok : .warning,
                               detail: dead.isEmpty ? "none" : dead.map { r in
                                   "run \(r.id) (\(r.kind.rawValue)) is marked running but \(r.liveness): \(r.recoveryAdvice ?? "")"
                               }.joined(separator: "; ")))
    }
}
