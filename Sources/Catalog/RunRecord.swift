import Foundation

/// What a run computed. Stored as text (its raw value).
public enum RunKind: String, Sendable, CaseIterable {
    /// NetworkProfiler: one network per cell line (also a network imported from an edge table).
    case profile
    /// TRIP on a profile run.
    case trip
}

/// Where a run stands. Stored as text (its raw value).
public enum RunStatus: String, Sendable, CaseIterable {
    case running
    case finished
    /// Interrupted with finished targets kept: `profile --resume` completes it.
    case incomplete
    case failed
    case cancelled

    /// Done for good: the run's finished_at is set.
    public var isFinal: Bool { self == .finished || self == .failed || self == .cancelled }
}

/// A run as listed by `samplenet runs`.
public struct RunRecord: Sendable, Equatable {
    public var id: Int
    public var kind: RunKind
    public var modulator: String?
    public var parametersJSON: String
    public var dataHash: String
    public var status: RunStatus
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var cells: Int
    public var cellsSkipped: Int
    public var progressDone: Int
    public var progressTotal: Int
    public var pid: Int?
    public var host: String?
    public var message: String
    public var edges: Int
    /// (target, cell) fits that fell back to the intercept-only model (METHOD.md 1.2).
    public var fallbackFits: Int
    /// The NetworkProfiler run a TRIP run explains.
    public var parentRunID: Int? = nil
    /// Worker threads of the process running it (nil: not recorded).
    public var threads: Int? = nil
    /// Whether the process of a run marked running is still at it (judged when loaded).
    public var liveness: RunLiveness = .notRunning
    /// The user's name for the run (`samplenet runs label`).
    public var label: String? = nil
    /// A finished TRIP run's verdict against its controls ("signal" or "no evidence beyond
    /// controls"); nil for profile runs and TRIP runs without one.
    public var verdict: String? = nil

    /// Running and its process verifiably alive here (a run on another host counts as
    /// active: nobody here can tell otherwise).
    public var isActive: Bool {
        switch liveness {
        case .alive, .elsewhere: return true
        case .notRunning, .dead: return false
        }
    }

    /// The status to act on: a dead profile run is incomplete (resumable), a dead TRIP run
    /// failed (TRIP keeps no partial result).
    public var effectiveStatus: RunStatus {
        guard liveness.isDead else { return status }
        return kind == .profile ? .incomplete : .failed
    }

    /// The status as shown: "dead" for a run marked running whose process is gone.
    public var shownStatus: String { liveness.isDead ? "dead" : status.rawValue }

    /// What to do with a run that stopped before it finished, as a command to type.
    public var recoveryAdvice: String? {
        guard liveness.isDead || status == .incomplete else { return nil }
        switch kind {
        case .profile:
            return "finish it with `samplenet profile --resume \(id)` (finished targets are kept), or drop it with `samplenet runs delete \(id)`"
        case .trip:
            let rerun = parentRunID.map { "`samplenet trip --run \($0)`" } ?? "`samplenet trip`"
            return "TRIP keeps no partial result: run \(rerun) again; `samplenet runs abandon \(id)` marks this one failed"
        }
    }

    public init(id: Int, kind: RunKind, modulator: String?, parametersJSON: String = "{}", dataHash: String = "", status: RunStatus,
                createdAt: String = "", startedAt: String? = nil, finishedAt: String? = nil, cells: Int = 0, cellsSkipped: Int = 0,
                progressDone: Int = 0, progressTotal: Int = 0, pid: Int? = nil, host: String? = nil, message: String = "",
                edges: Int = 0, fallbackFits: Int = 0, parentRunID: Int? = nil, threads: Int? = nil) {
        self.id = id; self.kind = kind; self.modulator = modulator; self.parametersJSON = parametersJSON; self.dataHash = dataHash
        self.status = status; self.createdAt = createdAt; self.startedAt = startedAt; self.finishedAt = finishedAt
        self.cells = cells; self.cellsSkipped = cellsSkipped; self.progressDone = progressDone; self.progressTotal = progressTotal
        self.pid = pid; self.host = host; self.message = message; self.edges = edges; self.fallbackFits = fallbackFits
        self.parentRunID = parentRunID
        self.threads = threads
        liveness = status == .running ? .alive : .notRunning
    }
}
