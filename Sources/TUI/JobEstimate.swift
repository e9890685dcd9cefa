import Catalog
import Foundation
import Jobs

/// The time a profile job from the explorer's form will take, from measured throughput: the
/// wall seconds per target of the latest finished profile run in the catalog with the same
/// kind of estimator (fixed hyperparameters or the full default), times the targets asked for.
/// No such run: no number is made up; the form says so and asks before a genome-wide job.
struct JobEstimate: Equatable {
    var targets: Int
    /// Measured wall seconds per target, and the run it was measured on.
    var perTarget: (seconds: Double, runID: Int)?

    static func == (a: JobEstimate, b: JobEstimate) -> Bool {
        a.targets == b.targets && a.perTarget?.seconds == b.perTarget?.seconds && a.perTarget?.runID == b.perTarget?.runID
    }

    /// A job asks before it starts when it would take an hour or more, or (unmeasured) when it
    /// covers every gene or more than `unmeasuredLimit` targets.
    static let askAbove: Double = 3600
    static let unmeasuredLimit = 200

    init(form: JobForm, runs: [RunRecord], genes: Int) {
        let typed = form.targets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        targets = typed.isEmpty ? genes : typed.count
        perTarget = runs.filter { $0.kind == .profile && $0.status == .finished && $0.progressDone > 0 }
            .sorted { $0.id > $1.id }
            .lazy.compactMap { run -> (Double, Int)? in
                guard let parameters = try? decodeCatalogJSON(ProfileParameters.self, from: run.parametersJSON),
                      parameters.hasFixedHyperparameters == form.quick,
                      let start = run.startedAt.flatMap(Catalog.seconds(fromTimestamp:)),
                      let end = run.finishedAt.flatMap(Catalog.seconds(fromTimestamp:)), end > start else { return nil }
                return ((end - start) / Double(run.progressDone), run.id)
            }.first.map { (seconds: $0.0, runID: $0.1) }
    }

    var seconds: Double? { perTarget.map { $0.seconds * Double(targets) } }

    var needsConfirmation: Bool {
        if let seconds { return seconds >= Self.askAbove }
        return targets > Self.unmeasuredLimit
    }

    /// "8 targets x 2.1 s (measured on run 3) = about 0:17" or "... no finished run of this
    /// estimator to measure from".
    var summary: String {
        guard let perTarget, let seconds else {
            return "\(targets) targets; no finished run of this estimator to measure the time from"
        }
        return String(format: "%d targets x %.1f s (measured on run %d) = about %@", targets, perTarget.seconds, perTarget.runID,
                      RunTiming.clock(seconds))
    }
}
