import Foundation

/// One (target, cell) fit to store.
public struct FitRow: Sendable, Equatable {
    public var cellID: Int
    public var lambda: Double?
    public var gamma: Double?
    public var intercept: Double
    public var mWAICc: Double?
    public var degreesOfFreedom: Double?
    public var fallback: Bool
    public init(cellID: Int, lambda: Double?, gamma: Double?, intercept: Double, mWAICc: Double?, degreesOfFreedom: Double?, fallback: Bool) {
        self.cellID = cellID; self.lambda = lambda; self.gamma = gamma; self.intercept = intercept
        self.mWAICc = mWAICc; self.degreesOfFreedom = degreesOfFreedom; self.fallback = fallback
    }
}

/// One non-zero edge regulator -> target in a cell, by ids.
public struct EdgeRow: Sendable, Equatable {
    public var cellID: Int
    public var regulatorID: Int
    public var targetID: Int
    public var beta: Double
    public init(cellID: Int, regulatorID: Int, targetID: Int, beta: Double) {
        self.cellID = cellID; self.regulatorID = regulatorID; self.targetID = targetID; self.beta = beta
    }
}

/// An edge with names, as printed.
public struct NamedEdge: Sendable, Equatable {
    public var cell: String
    public var regulator: String
    public var target: String
    public var beta: Double
}

extension Catalog {
    private func optional(_ v: Double?) -> SQLValue { v.map { .real($0) } ?? .null }

    /// Creates a profile run with its cells (in modulator order, with the standardised value)
    /// and its targets (unfinished), status 'running'. Returns the run id.
    public func createRun(kind: RunKind, modulatorID: Int?, parentRunID: Int? = nil, parametersJSON: String, dataHash: String,
                          cells: [(cellID: Int, standardised: Double)], targetIDs: [Int], cellsSkipped: Int, threads: Int? = nil) throws -> Int {
        try write {
            let c = connection
            let now = Catalog.timestamp()
            let me = ProcessIdentity.current
            try c.run("""
                INSERT INTO run (kind, modulator_id, parent_run_id, params_json, data_hash, status, created_at, started_at,
                                 n_cells, n_cells_skipped, progress_done, progress_total, pid, host, threads, process_start)
                VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                """, [.text(kind.rawValue), modulatorID.map { .integer(Int64($0)) } ?? .null, parentRunID.map { .integer(Int64($0)) } ?? .null,
                      .text(parametersJSON), .text(dataHash), .text(now), .text(now), .integer(Int64(cells.count)),
                      .integer(Int64(cellsSkipped)), .integer(Int64(targetIDs.count)), .integer(Int64(me.pid)),
                      .text(me.host), threads.map { .integer(Int64($0)) } ?? .null, me.start.map { .text($0) } ?? .null])
            let id = c.lastInsertRowID
            let insertCell = try c.prepare("INSERT INTO run_cell (run_id, cell_id, position, modulator_std) VALUES (?, ?, ?, ?)")
            for (position, cell) in cells.enumerated() {
                try insertCell.run([.integer(id), .integer(Int64(cell.cellID)), .integer(Int64(position)), .real(cell.standardised)])
            }
            let insertTarget = try c.prepare("INSERT INTO run_target (run_id, target_id) VALUES (?, ?)")
            for target in targetIDs { try insertTarget.run([.integer(id), .integer(Int64(target))]) }
            return Int(id)
        }
    }

    /// Stores one finished target in one transaction: its bandwidth (+infinity for the static
    /// fit) and CV record (nil when h was fixed), every fit and every non-zero edge. A crash
    /// before COMMIT leaves the target unfinished, to be redone.
    public func saveTarget(runID: Int, targetID: Int, bandwidth: Double, cv: TargetCVRow?, fits: [FitRow], edges: [EdgeRow]) throws {
        try write {
            let c = connection
            let run = Int64(runID), target = Int64(targetID)
            let insertFit = try c.prepare("""
                INSERT OR REPLACE INTO fit (run_id, target_id, cell_id, lambda, gamma, intercept, mwaicc, df, fallback)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for f in fits {
                try insertFit.run([.integer(run), .integer(target), .integer(Int64(f.cellID)), optional(f.lambda), optional(f.gamma),
                                   .real(f.intercept), optional(f.mWAICc), optional(f.degreesOfFreedom), .integer(f.fallback ? 1 : 0)])
            }
            try EdgeBlock.insert(edges, runID: runID, into: c)
            try c.run("""
                UPDATE run_target SET bandwidth = ?, cv_error = ?, best_finite_bandwidth = ?, best_finite_cv_error = ?, static_cv_error = ?,
                    cv_difference_se = ?, grid_boundary = ?, finished_at = ?, edges = ? WHERE run_id = ? AND target_id = ?
                """, [.real(bandwidth), optional(cv?.selectedError), optional(cv?.bestFiniteBandwidth), optional(cv?.bestFiniteError),
                      optional(cv?.staticError), optional(cv?.differenceSE), cv.map { .integer($0.gridBoundary ? 1 : 0) } ?? .null, .text(Catalog.timestamp()),
                      .integer(Int64(edges.count)), .integer(run), .integer(target)])
            try c.run("UPDATE run SET progress_done = (SELECT count(*) FROM run_target WHERE run_id = ? AND finished_at IS NOT NULL) WHERE id = ?",
                      [.integer(run), .integer(run)])
        }
    }

    /// Sets a run's status (a final one also sets finished_at).
    public func setRunStatus(_ runID: Int, status: RunStatus, message: String = "") throws {
        try write {
            let finished: SQLValue = status.isFinal ? .text(Catalog.timestamp()) : .null
            try connection.run("UPDATE run SET status = ?, message = ?, finished_at = ? WHERE id = ?",
                               [.text(status.rawValue), .text(message), finished, .integer(Int64(runID))])
        }
    }

    /// Marks a run as running again in this process (resume). Check and claim are one
    /// transaction: of two processes resuming the same run, the second is refused.
    public func resumeRun(_ runID: Int, threads: Int? = nil) throws {
        try write {
            guard let record = try run(runID) else { throw InputError.usage("no run \(runID) in \(path)") }
            switch record.liveness {
            case .alive: throw InputError.usage("run \(runID) is still running as process \(record.pid ?? 0)")
            case let .elsewhere(host):
                throw InputError.usage("run \(runID) is marked running on \(host); resume it there, or if it died there, `samplenet runs abandon \(runID)` first")
            case .dead, .notRunning: break
            }
            let me = ProcessIdentity.current
            try connection.run("""
                UPDATE run SET status = 'running', pid = ?, host = ?, process_start = ?, started_at = ?, finished_at = NULL, message = '', threads = ?
                WHERE id = ?
                """, [.integer(Int64(me.pid)), .text(me.host), me.start.map { .text($0) } ?? .null, .text(Catalog.timestamp()),
                      threads.map { .integer(Int64($0)) } ?? .null, .integer(Int64(runID))])
        }
    }

    public func runs() throws -> [RunRecord] { try runRecords(where: "1", []) }

    /// Sets (or, with an empty text, clears) a run's label, in one transaction.
    public func setRunLabel(_ id: Int, _ label: String) throws {
        try write {
            guard try run(id) != nil else { throw InputError.usage("no run \(id) in \(path)") }
            try connection.run("UPDATE run SET label = ? WHERE id = ?", [label.isEmpty ? .null : .text(label), .integer(Int64(id))])
        }
    }

    public func run(_ id: Int) throws -> RunRecord? { try runRecords(where: "r.id = ?", [.integer(Int64(id))]).first }

    private func runRecords(where condition: String, _ bindings: [SQLValue]) throws -> [RunRecord] {
        let s = try connection.prepare("""
            SELECT r.id, r.kind, m.name, r.params_json, r.data_hash, r.status, r.created_at, r.started_at, r.finished_at,
                   r.n_cells, r.n_cells_skipped, r.progress_done, r.progress_total, r.pid, r.host, r.message,
                   (SELECT coalesce(sum(t.edges), 0) FROM run_target t WHERE t.run_id = r.id),
                   (SELECT count(*) FROM fit f WHERE f.run_id = r.id AND f.fallback = 1), r.parent_run_id, r.threads, r.process_start, r.label,
                   (SELECT a.verdict FROM trip_assessment a WHERE a.run_id = r.id)
            FROM run r LEFT JOIN modulator m ON m.id = r.modulator_id WHERE \(condition) ORDER BY r.id
            """)
        try s.bind(bindings)
        var out: [RunRecord] = []
        while try s.step() {
            let id = s.int(0)
            guard let kind = RunKind(rawValue: s.string(1) ?? ""), let status = RunStatus(rawValue: s.string(5) ?? "") else {
                throw InputError.badData(file: path, line: nil,
                                         problem: "run \(id) has kind \"\(s.string(1) ?? "")\" and status \"\(s.string(5) ?? "")\", which this version does not know")
            }
            var record = RunRecord(id: id, kind: kind, modulator: s.string(2), parametersJSON: s.string(3) ?? "{}",
                                 dataHash: s.string(4) ?? "", status: status, createdAt: s.string(6) ?? "",
                                 startedAt: s.string(7), finishedAt: s.string(8), cells: s.int(9), cellsSkipped: s.int(10),
                                 progressDone: s.int(11), progressTotal: s.int(12), pid: s.isNull(13) ? nil : s.int(13),
                                 host: s.string(14), message: s.string(15) ?? "", edges: s.int(16), fallbackFits: s.int(17),
                                 parentRunID: s.isNull(18) ? nil : s.int(18), threads: s.isNull(19) ? nil : s.int(19))
            record.liveness = RunLiveness.of(status: status, host: record.host, pid: record.pid, start: s.string(20))
            record.label = s.string(21)
            record.verdict = s.string(22)
            out.append(record)
        }
        return out
    }

    /// Target gene ids of a run and whether each is finished.
    public func runTargets(_ runID: Int) throws -> [(targetID: Int, finished: Bool)] {
        try connection.rows("SELECT target_id, finished_at IS NOT NULL FROM run_target WHERE run_id = ? ORDER BY target_id",
                            [.integer(Int64(runID))]).map { ($0[0].int ?? 0, ($0[1].int ?? 0) != 0) }
    }

    /// Edges of a run with names, filtered, sorted by cell key, regulator, target. Streams one
    /// cell at a time (one key seek per (target, cell)), so memory stays bounded by a cell.
    public func edges(runID: Int, cellID: Int? = nil, targetID: Int? = nil, regulatorID: Int? = nil,
                      each: (NamedEdge) throws -> Void) throws {
        let run = Int64(runID)
        let symbols = Dictionary(try genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        let cells = try connection.rows("""
            SELECT c.id, c.key FROM run_cell r JOIN cell_line c ON c.id = r.cell_id WHERE r.run_id = ? ORDER BY c.key
            """, [.integer(run)]).compactMap { row -> (Int, String)? in
                guard let id = row[0].int, cellID == nil || id == cellID else { return nil }
                return (id, row[1].string ?? "")
            }
        let targets = try targetID.map { [$0] } ?? runTargets(runID).map(\.targetID)
        let s = try connection.prepare("SELECT regulator_ids, betas FROM edge_block WHERE run_id = ? AND target_id = ? AND cell_id = ?")
        for (cell, key) in cells {
            var named: [NamedEdge] = []
            for target in targets {
                try s.bind([.integer(run), .integer(Int64(target)), .integer(Int64(cell))])
                guard try s.step() else { continue }
                let block = s.edgeBlock(0)
                let targetSymbol = symbols[target] ?? ""
                for (regulator, beta) in zip(block.regulatorIDs, block.betas) where regulatorID == nil || Int(regulator) == regulatorID {
                    named.append(NamedEdge(cell: key, regulator: symbols[Int(regulator)] ?? "", target: targetSymbol, beta: beta))
                }
            }
            named.sort { ($0.regulator, $0.target) < ($1.regulator, $1.target) }
            for edge in named { try each(edge) }
        }
    }

    /// Edges of a run into the given targets, by ids (for regulatory effects).
    public func edgeRows(runID: Int, targetIDs: [Int]) throws -> [EdgeRow] {
        guard !targetIDs.isEmpty else { return [] }
        let s = try connection.prepare("SELECT cell_id, regulator_ids, betas FROM edge_block WHERE run_id = ? AND target_id = ?")
        var out: [EdgeRow] = []
        for target in targetIDs {
            try s.bind([.integer(Int64(runID)), .integer(Int64(target))])
            while try s.step() { out.append(contentsOf: s.edgeBlock(1).rows(targetID: target, cellID: s.int(0))) }
        }
        return out
    }

    /// The edges of single (target, cell) networks of a run: one key seek each.
    public func edgeRows(runID: Int, blocks: [(targetID: Int, cellID: Int)]) throws -> [EdgeRow] {
        let s = try connection.prepare("SELECT regulator_ids, betas FROM edge_block WHERE run_id = ? AND target_id = ? AND cell_id = ?")
        var out: [EdgeRow] = []
        for (target, cell) in blocks {
            try s.bind([.integer(Int64(runID)), .integer(Int64(target)), .integer(Int64(cell))])
            while try s.step() { out.append(contentsOf: s.edgeBlock(0).rows(targetID: target, cellID: cell)) }
        }
        return out
    }

    /// The run's cells in modulator order.
    public func runCells(_ runID: Int) throws -> [Int] {
        try connection.rows("SELECT cell_id FROM run_cell WHERE run_id = ? ORDER BY position", [.integer(Int64(runID))]).compactMap { $0[0].int }
    }
}
