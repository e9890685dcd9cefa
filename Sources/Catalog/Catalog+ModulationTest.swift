import Foundation

/// The two per-edge tests of METHOD.md 1.7.
public enum EdgeTestKind: String, Sendable, CaseIterable {
    /// Permutation p- and q-values of the modulation statistic.
    case permutation
    /// Complementary-pairs stability selection frequencies.
    case stability
}

/// A per-edge test of a profile run (METHOD.md 1.7) as stored.
public struct ModulationTestRecord: Sendable, Equatable {
    public var id: Int
    public var runID: Int
    public var kind: EdgeTestKind
    /// B: permutations, or complementary pairs of halves.
    public var draws: Int
    /// The stability threshold tau (stability tests only).
    public var threshold: Double?
    public var seed: UInt64
    /// The annotation the permutations stayed within ("tissue"), "" for none.
    public var strata: String
    public var status: RunStatus
    public var createdAt: String
    public var finishedAt: String?
    public var message: String
    public var liveness: RunLiveness
}

/// One target of a test: its fixed hyperparameters and whether it is done.
public struct ModulationTestTarget: Sendable, Equatable {
    public var targetID: Int
    public var bandwidth: Double
    public var lambda: Double
    public var gamma: Double
    public var finished: Bool
    /// Stability tests: mean number of edges selected per half, and candidate regulators.
    public var meanSelected: Double?
    public var candidates: Int?
    public init(targetID: Int, bandwidth: Double, lambda: Double, gamma: Double, finished: Bool = false, meanSelected: Double? = nil,
                candidates: Int? = nil) {
        self.targetID = targetID; self.bandwidth = bandwidth; self.lambda = lambda; self.gamma = gamma; self.finished = finished
        self.meanSelected = meanSelected; self.candidates = candidates
    }
}

/// One tested edge. Permutation: statistic (sd over lines of beta), permutations reaching it, p
/// and (once the test is finished) q. Stability: statistic = selection frequency, exceed =
/// halves selecting it, no p or q.
public struct TestedEdge: Sendable, Equatable {
    public var targetID: Int
    public var regulatorID: Int
    public var statistic: Double
    public var exceed: Int
    public var p: Double?
    public var q: Double?
    /// The statistic in standard-deviation units (permutation tests since schema v11).
    public var effect: Double?
    public init(targetID: Int, regulatorID: Int, statistic: Double, exceed: Int, p: Double?, q: Double? = nil, effect: Double? = nil) {
        self.targetID = targetID; self.regulatorID = regulatorID; self.statistic = statistic; self.exceed = exceed; self.p = p; self.q = q
        self.effect = effect
    }
}

extension Catalog {
    /// Creates a running test of `runID` with every target's fixed hyperparameters, in one
    /// transaction. A static target is stored with bandwidth +infinity.
    public func createModulationTest(runID: Int, kind: EdgeTestKind, draws: Int, threshold: Double?, seed: UInt64, strata: String,
                                     targets: [ModulationTestTarget]) throws -> Int {
        try write {
            let me = ProcessIdentity.current
            try connection.run("""
                INSERT INTO modulation_test (run_id, kind, draws, threshold, seed, strata, status, created_at, pid, host, process_start)
                VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)
                """, [.integer(Int64(runID)), .text(kind.rawValue), .integer(Int64(draws)), threshold.map { .real($0) } ?? .null,
                      .integer(Int64(bitPattern: seed)), .text(strata),
                      .text(Catalog.timestamp()), .integer(Int64(me.pid)), .text(me.host), me.start.map { .text($0) } ?? .null])
            let id = connection.lastInsertRowID
            let insert = try connection.prepare("INSERT INTO modulation_test_target (test_id, target_id, bandwidth, lambda, gamma) VALUES (?, ?, ?, ?, ?)")
            for t in targets {
                try insert.run([.integer(id), .integer(Int64(t.targetID)), .real(t.bandwidth), .real(t.lambda), .real(t.gamma)])
            }
            return Int(id)
        }
    }

    /// Stores one finished target's tested edges in one transaction (with, for stability,
    /// the target's mean selected count and candidates).
    public func saveModulationTestTarget(testID: Int, targetID: Int, seconds: Double, edges: [TestedEdge], meanSelected: Double? = nil,
                                         candidates: Int? = nil) throws {
        try write {
            let insert = try connection.prepare("""
                INSERT OR REPLACE INTO modulation_test_edge (test_id, target_id, regulator_id, statistic, exceed, p, effect)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for e in edges {
                try insert.run([.integer(Int64(testID)), .integer(Int64(targetID)), .integer(Int64(e.regulatorID)), .real(e.statistic),
                                .integer(Int64(e.exceed)), e.p.map { .real($0) } ?? .null, e.effect.map { .real($0) } ?? .null])
            }
            try connection.run("""
                UPDATE modulation_test_target SET seconds = ?, finished_at = ?, mean_selected = ?, candidates = ? WHERE test_id = ? AND target_id = ?
                """, [.real(seconds), .text(Catalog.timestamp()), meanSelected.map { .real($0) } ?? .null,
                      candidates.map { .integer(Int64($0)) } ?? .null, .integer(Int64(testID)), .integer(Int64(targetID))])
        }
    }

    /// Stores the q-values (same order as `modulationTestEdges`) and marks the test finished,
    /// in one transaction.
    public func finishModulationTest(_ testID: Int, q: [TestedEdge]) throws {
        try write {
            let update = try connection.prepare("UPDATE modulation_test_edge SET q = ? WHERE test_id = ? AND target_id = ? AND regulator_id = ?")
            for e in q {
                try update.run([e.q.map { .real($0) } ?? .null, .integer(Int64(testID)), .integer(Int64(e.targetID)), .integer(Int64(e.regulatorID))])
            }
            try setModulationTestStatusInside(testID, status: .finished, message: "")
        }
    }

    public func setModulationTestStatus(_ testID: Int, status: RunStatus, message: String = "") throws {
        try write { try setModulationTestStatusInside(testID, status: status, message: message) }
    }

    private func setModulationTestStatusInside(_ testID: Int, status: RunStatus, message: String) throws {
        try connection.run("UPDATE modulation_test SET status = ?, message = ?, finished_at = ? WHERE id = ?",
                           [.text(status.rawValue), .text(message), status.isFinal ? .text(Catalog.timestamp()) : .null, .integer(Int64(testID))])
    }

    /// Marks a test running again in this process; refused while its process is alive.
    public func resumeModulationTest(_ testID: Int) throws {
        try write {
            guard let record = try modulationTest(testID) else { throw InputError.usage("no modulation test \(testID) in \(path)") }
            switch record.liveness {
            case .alive: throw InputError.usage("test \(testID) is still running")
            case let .elsewhere(host): throw InputError.usage("test \(testID) is marked running on \(host); resume it there")
            case .dead, .notRunning: break
            }
            guard record.status != .finished else { throw InputError.usage("test \(testID) is already finished") }
            let me = ProcessIdentity.current
            try connection.run("UPDATE modulation_test SET status = 'running', pid = ?, host = ?, process_start = ?, message = '', finished_at = NULL WHERE id = ?",
                               [.integer(Int64(me.pid)), .text(me.host), me.start.map { .text($0) } ?? .null, .integer(Int64(testID))])
        }
    }

    public func modulationTest(_ id: Int) throws -> ModulationTestRecord? { try modulationTests(where: "id = ?", [.integer(Int64(id))]).first }

    /// The tests of a run, oldest first.
    public func modulationTests(runID: Int) throws -> [ModulationTestRecord] {
        try modulationTests(where: "run_id = ?", [.integer(Int64(runID))])
    }

    private func modulationTests(where condition: String, _ bindings: [SQLValue]) throws -> [ModulationTestRecord] {
        try connection.rows("""
            SELECT id, run_id, draws, seed, strata, status, created_at, finished_at, message, pid, host, process_start, kind, threshold
            FROM modulation_test WHERE \(condition) ORDER BY id
            """, bindings).map { r in
            let status = RunStatus(rawValue: r[5].string ?? "") ?? .failed
            return ModulationTestRecord(id: r[0].int ?? 0, runID: r[1].int ?? 0, kind: EdgeTestKind(rawValue: r[12].string ?? "") ?? .permutation,
                                        draws: r[2].int ?? 0, threshold: r[13].double,
                                        seed: UInt64(bitPattern: Int64(r[3].int ?? 0)), strata: r[4].string ?? "", status: status,
                                        createdAt: r[6].string ?? "", finishedAt: r[7].string, message: r[8].string ?? "",
                                        liveness: RunLiveness.of(status: status, host: r[10].string, pid: r[9].int, start: r[11].string))
        }
    }

    public func modulationTestTargets(_ testID: Int) throws -> [ModulationTestTarget] {
        try connection.rows("""
            SELECT target_id, bandwidth, lambda, gamma, finished_at IS NOT NULL, mean_selected, candidates
            FROM modulation_test_target WHERE test_id = ? ORDER BY target_id
            """, [.integer(Int64(testID))]).map {
            ModulationTestTarget(targetID: $0[0].int ?? 0, bandwidth: $0[1].double ?? .nan, lambda: $0[2].double ?? .nan,
                                 gamma: $0[3].double ?? .nan, finished: ($0[4].int ?? 0) != 0, meanSelected: $0[5].double, candidates: $0[6].int)
        }
    }

    /// Every tested edge of a test, by target then regulator id.
    public func modulationTestEdges(_ testID: Int) throws -> [TestedEdge] {
        try connection.rows("""
            SELECT target_id, regulator_id, statistic, exceed, p, q, effect FROM modulation_test_edge WHERE test_id = ?
            ORDER BY target_id, regulator_id
            """, [.integer(Int64(testID))]).map {
            TestedEdge(targetID: $0[0].int ?? 0, regulatorID: $0[1].int ?? 0, statistic: $0[2].double ?? .nan, exceed: $0[3].int ?? 0,
                       p: $0[4].double, q: $0[5].double, effect: $0[6].double)
        }
    }

    /// The latest finished test of a kind of a run, if any (permutation: the one `--max-q` reads).
    public func latestFinishedModulationTest(runID: Int, kind: EdgeTestKind = .permutation) throws -> ModulationTestRecord? {
        try modulationTests(runID: runID).last { $0.status == .finished && $0.kind == kind }
    }
}

extension Catalog {
    /// The selected lambda and gamma of every non-fallback fit of one target of a run.
    public func selectedHyperparameters(runID: Int, targetID: Int) throws -> [(lambda: Double, gamma: Double)] {
        try connection.rows("""
            SELECT lambda, gamma FROM fit WHERE run_id = ? AND target_id = ? AND fallback = 0 AND lambda IS NOT NULL AND gamma IS NOT NULL
            """, [.integer(Int64(runID)), .integer(Int64(targetID))]).compactMap { row in
            guard let l = row[0].double, let g = row[1].double else { return nil }
            return (l, g)
        }
    }
}

/// An edge by gene ids, regardless of cell.
public struct RegulatorTarget: Hashable, Sendable {
    public var regulatorID: Int
    public var targetID: Int
    public init(regulatorID: Int, targetID: Int) { self.regulatorID = regulatorID; self.targetID = targetID }
}

extension Catalog {
    /// The q-values of the run's latest finished modulation test, by edge; nil when the run
    /// has none. Edges not tested (absent from every line of the tested profile) have no q.
    public func latestModulationQ(runID: Int, minEffect: Double = 0) throws -> (test: ModulationTestRecord, q: [RegulatorTarget: Double])? {
        guard let test = try latestFinishedModulationTest(runID: runID) else { return nil }
        return (test, try modulationQ(testID: test.id, minEffect: minEffect))
    }

    /// A test's q-values by edge (untested edges and unfinished tests have none), keeping only
    /// edges whose standardised effect is at least `minEffect` (METHOD.md 1.7's call rule; an
    /// edge stored without an effect, by a test older than schema v11, is kept).
    public func modulationQ(testID: Int, minEffect: Double = 0) throws -> [RegulatorTarget: Double] {
        var q: [RegulatorTarget: Double] = [:]
        for e in try modulationTestEdges(testID) where (e.effect ?? .infinity) >= minEffect {
            if let value = e.q { q[RegulatorTarget(regulatorID: e.regulatorID, targetID: e.targetID)] = value }
        }
        return q
    }

    /// Whether a test stored standardised effects (tests made before schema v11 did not).
    public func modulationTestHasEffects(_ testID: Int) throws -> Bool {
        try connection.rows("SELECT 1 FROM modulation_test_edge WHERE test_id = ? AND effect IS NOT NULL LIMIT 1", [.integer(Int64(testID))]).isEmpty == false
    }
}
