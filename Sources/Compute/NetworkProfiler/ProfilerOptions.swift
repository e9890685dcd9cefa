/// Every option of a NetworkProfiler run that can change a coefficient, with the defaults of
/// METHOD.md. Recorded as JSON with the run, so the run can be reproduced and resumed.
public struct ProfilerOptions: Sendable, Codable, Equatable {
    /// Bandwidth grid for per-target cross-validation (METHOD.md 1.3).
    public var bandwidthGrid: [Double] = [0.02, 0.05, 0.1, 0.2, 0.5, 1]
    /// `--bandwidth H`: no cross-validation.
    public var fixedBandwidth: Double? = nil
    public var selection = SelectionOptions()
    /// Held-out set size; nil = min(50, n / 5).
    public var heldOutSize: Int? = nil
    /// Seed of the SplitMix64 generator that draws the held-out set.
    public var seed: UInt64 = 1
    public var kernel: KernelKind = .gaussian
    /// k of the adaptive kNN kernel (METHOD.md 1.4).
    public var neighbours: Int = 30
    /// h = infinity (one static fit, uniform weights) as a candidate of the bandwidth CV
    /// (METHOD.md 1.7); on by default. Optional only so that a run recorded before the arm
    /// existed decodes as nil and resumes as it started, without it (`includesStaticArm`).
    public var staticArm: Bool? = true

    public init() {}

    /// The static arm takes part in this run's bandwidth CV.
    public var includesStaticArm: Bool { fixedBandwidth == nil && staticArm == true }

    /// The held-out size for n cells.
    public func heldOut(cells n: Int) -> Int { heldOutSize ?? min(50, n / 5) }

    /// Fits of one target's bandwidth CV on n cells: every finite h at every held-out cell,
    /// and one static fit (its network is the same for every held-out cell). 0 when h is fixed.
    public func cvFits(cells n: Int) -> Int {
        fixedBandwidth == nil ? bandwidthGrid.count * heldOut(cells: n) + (includesStaticArm ? 1 : 0) : 0
    }

    /// Every hyperparameter fixed (h 0.2, lambda 0.05, gamma 0.1, one round: no selection at
    /// all, seconds per target): the explorer's quick preset (our choice of values; the tests'
    /// fixed setting is of the same kind).
    public static var quick: ProfilerOptions {
        var o = ProfilerOptions()
        o.fixedBandwidth = 0.2
        o.selection.lambdas = .fixed(0.05)
        o.selection.gammas = [0.1]
        o.selection.rounds = 1
        return o
    }
}

/// The selected model of one (target, cell): original-scale coefficients and how they were
/// chosen. `fallback` marks the intercept-only model (no valid candidate, or a constant target).
public struct CellFit: Sendable, Equatable {
    public var cell: Int
    public var intercept: Double
    /// Non-zero original-scale coefficients: (regulator column, beta), by column.
    public var edges: [RegulatorBeta]
    public var lambda: Double?
    public var gamma: Double?
    public var mWAICc: Double?
    public var degreesOfFreedom: Double?
    public var fallback: Bool
    public var kktViolation: Double
    public init(cell: Int, intercept: Double, edges: [RegulatorBeta], lambda: Double?, gamma: Double?, mWAICc: Double?,
                degreesOfFreedom: Double?, fallback: Bool, kktViolation: Double) {
        self.cell = cell; self.intercept = intercept; self.edges = edges; self.lambda = lambda; self.gamma = gamma
        self.mWAICc = mWAICc; self.degreesOfFreedom = degreesOfFreedom; self.fallback = fallback; self.kktViolation = kktViolation
    }
}

public struct RegulatorBeta: Sendable, Equatable {
    public var regulator: Int
    public var beta: Double
    public init(regulator: Int, beta: Double) { self.regulator = regulator; self.beta = beta }
}

/// Everything NetworkProfiler found for one target gene.
public struct TargetResult: Sendable, Equatable {
    public var target: Int
    /// The bandwidth of every cell's fit; infinity when the static fit was selected.
    public var bandwidth: Double
    /// The bandwidth CV (nil when the bandwidth was fixed).
    public var cv: BandwidthCV?
    /// One fit per run cell, in run-cell order.
    public var fits: [CellFit]
}
