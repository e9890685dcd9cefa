/// One per-fold profile of an honest TRIP run (METHOD.md 2.2): the networks of CV split
/// `split` (repeat split / K, fold split % K) along variant `variant` (0 the response, 1 + c
/// control c). Units are independent and, within a variant, cost the same.
public struct FoldUnit: Hashable, Sendable, CustomStringConvertible {
    public var variant: Int
    public var split: Int
    public init(variant: Int, split: Int) { self.variant = variant; self.split = split }
    public var description: String { "variant \(variant) split \(split)" }
}

/// Where per-fold profiles outlive the process (issue 21): a unit found in the store is used
/// as is, so an interrupted TRIP run resumes with its finished profiles, and cluster shards
/// can profile the units of one run in parallel (`samplenet trip --fold-shard I/N`). The
/// store must give back exactly what was saved: the results are then bit-identical to a run
/// that profiled everything itself.
public protocol FoldNetworkStore: Sendable {
    func load(_ unit: FoldUnit) throws -> FoldNetworks?
    func save(_ networks: FoldNetworks, unit: FoldUnit) throws
}

extension TRIPAnalysis {
    /// Every per-fold profile unit of a run with `options`, in the order a single process
    /// builds them (the response's splits, then each control's).
    public static func foldUnits(_ options: TRIPOptions) -> [FoldUnit] {
        guard options.input != .perturbation else { return [] }
        let variants = 1 + (options.controls ? controlNames.count : 0)
        let splits = options.repeats * options.folds
        return (0..<variants).flatMap { v in (0..<splits).map { FoldUnit(variant: v, split: $0) } }
    }

    /// The units of shard `shard` (1-based) of `shards`: every shards-th unit, so each shard
    /// gets the same mix of response and control profiles (all cost about the same).
    public static func foldUnits(_ options: TRIPOptions, shard: Int, of shards: Int) -> [FoldUnit] {
        foldUnits(options).enumerated().filter { $0.offset % shards == shard - 1 }.map(\.element)
    }

    /// Profiles one unit exactly as a whole run would (same folds, same control responses):
    /// `response` is the raw response of every line, in TRIP's line order. nil when stopped.
    public func foldNetworks(_ perFold: PerFoldProfiling, response: [Double], unit: FoldUnit, threads: Int,
                             stop: StopFlag) throws -> FoldNetworks? {
        let design = CVDesign(count: response.count, repeats: options.repeats, folds: options.folds, seed: options.seed)
        precondition(perFold.invertsNetworks && unit.split < design.splitCount, "no such per-fold unit: \(unit)")
        let modulator: [Double]
        if unit.variant == 0 {
            modulator = perFold.modulator
        } else {
            modulator = TRIPAnalysis.controlResponses(response, seed: design.seed(repeat: design.repeatOf(split: unit.split)))[unit.variant - 1]
        }
        let (train, test) = design.splits[unit.split + 1]
        return try NetworkInversion.build(data: perFold.data, modulator: modulator, train: train, test: test, input: perFold.input,
                                          threads: threads, stop: stop)
    }
}
