import Foundation

/// Everything one TRIP run stores (ids are catalog ids; fold 0 = pooled).
public struct TRIPRecord: Sendable {
    public struct Score: Sendable, Equatable { public var model: String, fold: Int, metric: String, value: Double
        public init(model: String, fold: Int, metric: String, value: Double) { self.model = model; self.fold = fold; self.metric = metric; self.value = value } }
    public struct Prediction: Sendable { public var cellID: Int, fold: Int, truth: Double, trip: Double, hosvd: Double, ridge: Double
        public init(cellID: Int, fold: Int, truth: Double, trip: Double, hosvd: Double, ridge: Double) {
            self.cellID = cellID; self.fold = fold; self.truth = truth; self.trip = trip; self.hosvd = hosvd; self.ridge = ridge } }
    public struct Edge: Sendable { public var regulatorID: Int, targetID: Int, importance: Double, meanContribution: Double, frequency: Double
        public init(regulatorID: Int, targetID: Int, importance: Double, meanContribution: Double, frequency: Double) {
            self.regulatorID = regulatorID; self.targetID = targetID; self.importance = importance; self.meanContribution = meanContribution; self.frequency = frequency } }
    public struct SubnetworkEdge: Sendable { public var regulatorID: Int, targetID: Int, importance: Double, sign: Int
        public init(regulatorID: Int, targetID: Int, importance: Double, sign: Int) { self.regulatorID = regulatorID; self.targetID = targetID; self.importance = importance; self.sign = sign } }
    public struct Subnetwork: Sendable { public var rank: Int, score: Double, edges: [SubnetworkEdge], cellContributions: [(cellID: Int, value: Double)]
        public init(rank: Int, score: Double, edges: [SubnetworkEdge], cellContributions: [(cellID: Int, value: Double)]) {
            self.rank = rank; self.score = score; self.edges = edges; self.cellContributions = cellContributions } }
    public struct Contribution: Sendable { public var cellID: Int, regulatorID: Int, targetID: Int, value: Double
        public init(cellID: Int, regulatorID: Int, targetID: Int, value: Double) { self.cellID = cellID; self.regulatorID = regulatorID; self.targetID = targetID; self.value = value } }
    public struct Axis: Sendable { public var mode: Int, axis: Int, position: Int, geneID: Int, loading: Double
        public init(mode: Int, axis: Int, position: Int, geneID: Int, loading: Double) { self.mode = mode; self.axis = axis; self.position = position; self.geneID = geneID; self.loading = loading } }

    public var scores: [Score] = []
    public var predictions: [Prediction] = []
    public var edges: [Edge] = []
    public var subnetworks: [Subnetwork] = []
    public var contributions: [Contribution] = []
    public var axes: [Axis] = []
    public var modelJSON = "{}"
    /// The verdict against the controls, its reason and the whole assessment as JSON.
    public var verdict: String?
    public var verdictReason = ""
    public var assessmentJSON = "{}"
    public init() {}
}

/// A TRIP run's stored verdict (METHOD.md 2.3).
public struct TRIPVerdictRecord: Sendable, Equatable {
    public var verdict: String
    public var reason: String
    public var json: String
    public init(verdict: String, reason: String, json: String = "{}") {
        self.verdict = verdict
        self.reason = reason
        self.json = json
    }
    /// Only `signal` may be presented as an explanation without a flag.
    public var isSignal: Bool { verdict == "signal" }
}

extension TRIPRecord.Score {
    /// "metric: TRIP x | <projection> y | ridge z" per pooled metric (fold 0), metrics sorted.
    public static func pooledSummary(_ scores: [TRIPRecord.Score], projectionName: String = "unsupervised projection") -> [String] {
        let pooled = scores.filter { $0.fold == 0 }
        return Array(Set(pooled.map(\.metric))).sorted().map { metric in
            func value(_ model: String) -> String {
                pooled.first { $0.model == model && $0.metric == metric }.map { String(format: "%.3f", $0.value) } ?? "-"
            }
            return "\(metric): TRIP \(value("trip")) | \(projectionName) \(value("hosvd")) | ridge \(value("ridge"))"
        }
    }
}

/// A stored subnetwork with gene names, as listed.
public struct NamedSubnetwork: Sendable, Equatable, Codable {
    public struct Edge: Sendable, Equatable, Codable {
        public var regulator: String, target: String, importance: Double, sign: Int
        public init(regulator: String, target: String, importance: Double, sign: Int) {
            self.regulator = regulator; self.target = target; self.importance = importance; self.sign = sign
        }
    }
    public var rank: Int
    public var score: Double
    public var genes: [String]
    public var edges: [Edge]
    public init(rank: Int, score: Double, genes: [String], edges: [Edge]) {
        self.rank = rank; self.score = score; self.genes = genes; self.edges = edges
    }
}

extension Catalog {
    /// Stores a finished TRIP run's results and marks it finished, in one transaction.
    public func saveTRIP(runID: Int, _ record: TRIPRecord) throws {
        try write {
            let c = connection, run = SQLValue.integer(Int64(runID))
            let score = try c.prepare("INSERT INTO trip_score (run_id, model, fold, metric, value) VALUES (?, ?, ?, ?, ?)")
            for s in record.scores {
                try score.run([run, .text(s.model), .integer(Int64(s.fold)), .text(s.metric), s.value.isNaN ? .null : .real(s.value)])
            }
            let prediction = try c.prepare("INSERT INTO trip_prediction (run_id, cell_id, fold, truth, trip, hosvd, ridge) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for p in record.predictions {
                try prediction.run([run, .integer(Int64(p.cellID)), .integer(Int64(p.fold)), .real(p.truth), .real(p.trip), .real(p.hosvd), .real(p.ridge)])
            }
            let edge = try c.prepare("INSERT INTO trip_edge (run_id, regulator_id, target_id, importance, mean_contribution, frequency) VALUES (?, ?, ?, ?, ?, ?)")
            for e in record.edges {
                try edge.run([run, .integer(Int64(e.regulatorID)), .integer(Int64(e.targetID)), .real(e.importance), .real(e.meanContribution), .real(e.frequency)])
            }
            let subnetwork = try c.prepare("INSERT INTO trip_subnetwork (run_id, rank, score) VALUES (?, ?, ?)")
            let subnetworkEdge = try c.prepare("INSERT INTO trip_subnetwork_edge (run_id, rank, regulator_id, target_id, importance, sign) VALUES (?, ?, ?, ?, ?, ?)")
            let subnetworkCell = try c.prepare("INSERT INTO trip_subnetwork_cell (run_id, rank, cell_id, contribution) VALUES (?, ?, ?, ?)")
            for s in record.subnetworks {
                let rank = SQLValue.integer(Int64(s.rank))
                try subnetwork.run([run, rank, .real(s.score)])
                for e in s.edges {
                    try subnetworkEdge.run([run, rank, .integer(Int64(e.regulatorID)), .integer(Int64(e.targetID)), .real(e.importance), .integer(Int64(e.sign))])
                }
                for cell in s.cellContributions { try subnetworkCell.run([run, rank, .integer(Int64(cell.cellID)), .real(cell.value)]) }
            }
            let contribution = try c.prepare("INSERT INTO trip_contribution (run_id, cell_id, regulator_id, target_id, contribution) VALUES (?, ?, ?, ?, ?)")
            for e in record.contributions {
                try contribution.run([run, .integer(Int64(e.cellID)), .integer(Int64(e.regulatorID)), .integer(Int64(e.targetID)), .real(e.value)])
            }
            let axis = try c.prepare("INSERT INTO trip_axis (run_id, mode, axis, position, gene_id, loading) VALUES (?, ?, ?, ?, ?, ?)")
            for a in record.axes {
                try axis.run([run, .integer(Int64(a.mode)), .integer(Int64(a.axis)), .integer(Int64(a.position)), .integer(Int64(a.geneID)), .real(a.loading)])
            }
            try c.run("INSERT OR REPLACE INTO trip_model (run_id, json) VALUES (?, ?)", [run, .text(record.modelJSON)])
            if let verdict = record.verdict {
                try c.run("INSERT OR REPLACE INTO trip_assessment (run_id, verdict, reason, json) VALUES (?, ?, ?, ?)",
                          [run, .text(verdict), .text(record.verdictReason), .text(record.assessmentJSON)])
            }
            try c.run("UPDATE run SET status = 'finished', finished_at = ?, progress_done = progress_total, message = '' WHERE id = ?",
                      [.text(Catalog.timestamp()), run])
        }
    }

    /// Replaces a TRIP run's live snapshot and its progress counter.
    public func saveTRIPSnapshot(runID: Int, _ snapshot: TRIPLiveSnapshot, progressDone: Int) throws {
        let json = try sortedKeysJSON(snapshot)
        try write {
            let run = SQLValue.integer(Int64(runID))
            try connection.run("INSERT OR REPLACE INTO trip_snapshot (run_id, updated_at, json) VALUES (?, ?, ?)", [run, .text(Catalog.timestamp()), .text(json)])
            try connection.run("UPDATE run SET progress_done = ? WHERE id = ?", [.integer(Int64(progressDone)), run])
        }
    }

    /// A TRIP run's live snapshot, nil when it has none; a snapshot that does not decode is an
    /// error that says so.
    public func tripSnapshot(runID: Int) throws -> TRIPLiveSnapshot? {
        guard let json = try connection.scalar("SELECT json FROM trip_snapshot WHERE run_id = ?", [.integer(Int64(runID))])?.string else {
            return nil
        }
        do {
            return try JSONDecoder().decode(TRIPLiveSnapshot.self, from: Data(json.utf8))
        } catch {
            throw InputError.badData(file: path, line: nil, problem: "the live snapshot of TRIP run \(runID) does not decode: \(error)")
        }
    }

    public func tripScores(runID: Int) throws -> [TRIPRecord.Score] {
        try connection.rows("SELECT model, fold, metric, value FROM trip_score WHERE run_id = ? ORDER BY fold, metric, model", [.integer(Int64(runID))]).map {
            TRIPRecord.Score(model: $0[0].string ?? "", fold: $0[1].int ?? 0, metric: $0[2].string ?? "", value: $0[3].double ?? .nan)
        }
    }

    /// The top `limit` subnetworks by rank, with gene symbols.
    public func tripSubnetworks(runID: Int, limit: Int) throws -> [NamedSubnetwork] {
        let run = SQLValue.integer(Int64(runID))
        let heads = try connection.rows("SELECT rank, score FROM trip_subnetwork WHERE run_id = ? ORDER BY rank LIMIT ?", [run, .integer(Int64(limit))])
        let edges = try connection.prepare("""
            SELECT r.symbol, t.symbol, e.importance, e.sign FROM trip_subnetwork_edge e
            JOIN gene r ON r.id = e.regulator_id JOIN gene t ON t.id = e.target_id
            WHERE e.run_id = ? AND e.rank = ? ORDER BY e.importance DESC, r.symbol, t.symbol
            """)
        return try heads.map { head in
            try edges.bind([run, head[0]])
            var list: [NamedSubnetwork.Edge] = []
            while try edges.step() {
                list.append(.init(regulator: edges.string(0) ?? "", target: edges.string(1) ?? "", importance: edges.double(2), sign: edges.int(3)))
            }
            let genes = Set(list.flatMap { [$0.regulator, $0.target] }).sorted()
            return NamedSubnetwork(rank: head[0].int ?? 0, score: head[1].double ?? 0, genes: genes, edges: list)
        }
    }

    /// A cell's stored top contributions (largest |value| first), with gene symbols.
    public func tripContributions(runID: Int, cellID: Int, limit: Int) throws -> [EdgeContribution] {
        try connection.rows("""
            SELECT c.regulator_id, c.target_id, r.symbol, t.symbol, c.contribution FROM trip_contribution c
            JOIN gene r ON r.id = c.regulator_id JOIN gene t ON t.id = c.target_id
            WHERE c.run_id = ? AND c.cell_id = ? ORDER BY abs(c.contribution) DESC, r.symbol, t.symbol LIMIT ?
            """, [.integer(Int64(runID)), .integer(Int64(cellID)), .integer(Int64(limit))]).map {
            EdgeContribution(regulatorID: $0[0].int ?? 0, targetID: $0[1].int ?? 0,
                             regulator: $0[2].string ?? "", target: $0[3].string ?? "", value: $0[4].double ?? 0)
        }
    }
}

extension Catalog {
    /// Sets a run's progress total (TRIP counts tasks, not targets).
    /// The verdict of a finished TRIP run (nil for runs made before verdicts existed).
    public func tripVerdict(runID: Int) throws -> TRIPVerdictRecord? {
        try connection.rows("SELECT verdict, reason, json FROM trip_assessment WHERE run_id = ?", [.integer(Int64(runID))]).first.map {
            TRIPVerdictRecord(verdict: $0[0].string ?? "", reason: $0[1].string ?? "", json: $0[2].string ?? "{}")
        }
    }

    /// Tasks done so far (a TRIP run writes it as each task ends, so `runs` never lags).
    public func setProgressDone(_ runID: Int, _ done: Int) throws {
        try write { try connection.run("UPDATE run SET progress_done = ? WHERE id = ?", [.integer(Int64(done)), .integer(Int64(runID))]) }
    }

    public func setProgressTotal(_ runID: Int, _ total: Int) throws {
        try write { try connection.run("UPDATE run SET progress_total = ? WHERE id = ?", [.integer(Int64(total)), .integer(Int64(runID))]) }
    }
}

/// One edge's contribution E_i[j,k] to a cell's TRIP prediction (signed, modulator units).
public struct EdgeContribution: Equatable, Sendable {
    public var regulatorID: Int
    public var targetID: Int
    public var regulator: String
    public var target: String
    public var value: Double
    public init(regulatorID: Int, targetID: Int, regulator: String, target: String, value: Double) {
        self.regulatorID = regulatorID; self.targetID = targetID; self.regulator = regulator; self.target = target; self.value = value
    }
}
