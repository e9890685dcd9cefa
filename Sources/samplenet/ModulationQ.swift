import ArgumentParser
import Catalog
import Compute
import Jobs

/// The one place the listing commands get modulation q-values from (`--max-q`): the run's
/// latest finished `samplenet test`, restricted to edges whose standardised effect reaches
/// `--min-effect` (METHOD.md 1.7's call rule, `ModulationCall`).
enum ModulationQ {
    /// The q-values of the edges meeting `minEffect`, or a usage error naming what to run when
    /// the run has no finished test. Says so on stderr when the test predates effects.
    static func required(_ catalog: Catalog, runID: Int, minEffect: Double) throws -> (test: ModulationTestRecord, q: [RegulatorTarget: Double]) {
        guard let tested = try catalog.latestModulationQ(runID: runID, minEffect: minEffect) else {
            throw InputError.usage("run \(runID) has no finished modulation test; run samplenet test --run \(runID) first")
        }
        if minEffect > 0, try !catalog.modulationTestHasEffects(tested.test.id) {
            printNote("test \(tested.test.id) stored no effect sizes (made before they were recorded): filtering on q alone; rerun samplenet test for the effect rule")
        }
        return tested
    }

    static func validate(_ maxQ: Double?, minEffect: Double) throws {
        try validate(maxQ)
        if !(minEffect >= 0) || !minEffect.isFinite { throw ValidationError("--min-effect must be a finite number >= 0") }
    }

    static let effectHelp = ArgumentHelp("With --max-q: only edges whose standardised change across lines (sd of beta x sd(regulator) / sd(target)) is at least this; 0 keeps every edge under the q level.",
                                         valueName: "e")

    /// --max-q's range check.
    static func validate(_ maxQ: Double?) throws {
        if let maxQ, !(0...1).contains(maxQ) { throw ValidationError("--max-q must lie between 0 and 1") }
    }

    static let help = ArgumentHelp("Only edges whose modulation q-value (the run's latest finished `samplenet test`) is at most this; adds a q column.",
                                   valueName: "q")
}
