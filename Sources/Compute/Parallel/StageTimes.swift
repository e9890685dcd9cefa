import Synchronization

/// Process-wide time accumulators of a profile's two stages (`samplenet profile --timings`,
/// bench/sizes_bench.py): building each kernel's design (weights, standardised regulators, the
/// weighted Gram, the correlations with the batch's targets) and solving the fits on it.
/// Off unless enabled; then each stage adds its elapsed nanoseconds, summed over threads.
public enum StageTimes {
    private static let enabled = Atomic<Bool>(false)
    private static let designNanos = Atomic<Int>(0)
    private static let solveNanos = Atomic<Int>(0)

    public static func enable() { enabled.store(true, ordering: .relaxed) }

    /// Seconds spent in designs and in solves so far (thread-seconds).
    public static var seconds: (design: Double, solve: Double) {
        (Double(designNanos.load(ordering: .relaxed)) * 1e-9, Double(solveNanos.load(ordering: .relaxed)) * 1e-9)
    }

    static func design<T>(_ body: () throws -> T) rethrows -> T {
        guard enabled.load(ordering: .relaxed) else { return try body() }
        let start = ContinuousClock.now
        defer { designNanos.add(nanoseconds(since: start), ordering: .relaxed) }
        return try body()
    }

    static func solve<T>(_ body: () throws -> T) rethrows -> T {
        guard enabled.load(ordering: .relaxed) else { return try body() }
        let start = ContinuousClock.now
        defer { solveNanos.add(nanoseconds(since: start), ordering: .relaxed) }
        return try body()
    }

    private static func nanoseconds(since start: ContinuousClock.Instant) -> Int {
        let d = ContinuousClock.now - start
        return Int(d.components.seconds) * 1_000_000_000 + Int(d.components.attoseconds / 1_000_000_000)
    }
}
