import ArgumentParser
import Catalog

/// The one place the listing commands get modulation q-values from (`--max-q`): the run's
/// latest finished `samplenet test`.
enum ModulationQ {
    /// The q-values, or a usage error naming what to run when the run has no finished test.
    static func required(_ catalog: Catalog, runID: Int) throws -> (test: ModulationTestRecord, q: [RegulatorTarget: Double]) {
        guard let tested = try catalog.latestModulationQ(runID: runID) else {
            throw InputError.usage("run \(runID) has no finished modulation test; run samplenet test --run \(runID) first")
        }
        return tested
    }

    /// --max-q's range check.
    static func validate(_ maxQ: Double?) throws {
        if let maxQ, !(0...1).contains(maxQ) { throw ValidationError("--max-q must lie between 0 and 1") }
    }

    static let help = ArgumentHelp("Only edges whose modulation q-value (the run's latest finished `samplenet test`) is at most this; adds a q column.",
                                   valueName: "q")
}
