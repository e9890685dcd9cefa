import Jobs

/// The small form `r` opens to start a NetworkProfiler run of the current modulator.
public struct JobForm: Equatable, Sendable {
    public var modulator: String
    public var targetsField: TextField
    public var targets: String { targetsField.text }
    /// Fixed hyperparameters (ProfilerOptions.quick: seconds per target) or the full default
    /// estimator (bandwidth CV + recursive mWAICc: ~25 s per target on 2 cores).
    public var quick = true
    /// 0: targets, 1: estimator.
    public var field = 0
    /// Enter was pressed once on a job that asks first (genome-wide or hours long).
    public var confirming = false

    public init(modulator: String, targets: String, quick: Bool = true) {
        self.modulator = modulator
        targetsField = TextField(targets)
        self.quick = quick
    }

    /// The `samplenet` arguments this form starts.
    public func arguments(catalog: String) -> [String] {
        var args = ["profile", "--catalog", catalog, "--modulator", modulator]
        if !targets.isEmpty { args += ["--targets", targets] }
        // One target per batch: each target is committed as soon as it is fitted, so its edges
        // appear in the explorer at once (a batch shares Grams but commits together).
        args += (quick ? ProfileArguments.quick : []) + ["--batch", "1"]
        return args
    }
}

/// A job process the explorer started (it runs in its own session and outlives the explorer).
public struct LaunchedJob: Equatable, Sendable {
    public var pid: Int32
    public var log: String
    public var exitStatus: Int32?
    /// The last lines of its log once it has exited.
    public var tail: [String]
    /// The samplenet command it runs (`profile`, `import`, ...).
    public var command: String
    public init(pid: Int32, log: String, exitStatus: Int32? = nil, tail: [String] = [], command: String = "profile") {
        self.pid = pid; self.log = log; self.exitStatus = exitStatus; self.tail = tail; self.command = command
    }
}
