import Catalog

/// Throughput and time left of a running job, from its start time and committed progress
/// (targets for NetworkProfiler, tasks for TRIP) at the explorer's clock.
struct RunTiming: Equatable {
    /// Progress units per minute since the run (re)started.
    var perMinute: Double
    /// Seconds left at that rate.
    var remaining: Double
    var unit: String

    init?(_ run: RunRecord, now: Double?) {
        guard run.isActive, let now, let start = run.startedAt.flatMap(Catalog.seconds(fromTimestamp:)),
              now > start, run.progressDone > 0, run.progressTotal > 0 else { return nil }
        let rate = Double(run.progressDone) / (now - start)
        perMinute = rate * 60
        remaining = Double(max(0, run.progressTotal - run.progressDone)) / rate
        unit = run.kind == .profile ? "targets" : "tasks"
    }

    /// "1:02:03" or "4:05".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    var summary: String { String(format: "%.1f %@/min, ETA %@", perMinute, unit, RunTiming.clock(remaining)) }
}
