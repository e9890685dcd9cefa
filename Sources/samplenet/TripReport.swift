import ArgumentParser
import Catalog
import Compute
import Foundation

/// `samplenet trip-report`: a finished TRIP run's stored evaluation, in full.
struct TripReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip-report",
        abstract: "Print a TRIP run's evaluation: verdict, scores with their sd over folds, corrected t-tests, stability and the randomisation check.",
        discussion: """
            What `samplenet trip` printed when the run finished, read back from the catalog
            (METHOD.md 2.3 and 2.5): the verdict against the shuffled- and noise-response
            controls, every model's mean and sd over the R x K folds, TRIP against each
            comparator (Nadeau-Bengio corrected t-test), the Jaccard stability of the fold
            models' top edges, module recovery, and the model-randomisation check.
            --format json prints the stored assessment as it is.
            Examples:
              samplenet trip-report --trip 4
              samplenet trip-report --trip 4 --format json
            """)
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("trip"), parsing: .unconditional, help: "TRIP run id.") var runID: Int
    @Option(help: "text or json.") var format: Format = .text

    /// The part of a TRIP run's parameters this report needs (older runs lack newer options).
    private struct Parameters: Decodable { var response: String? }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let run = try cat.run(runID) else { throw InputError.usage("no run \(runID) in \(cat.path)") }
            guard run.kind == .trip else { throw InputError.usage("run \(runID) is a \(run.kind) run, not a TRIP run") }
            guard run.status == .finished else { throw InputError.usage("TRIP run \(runID) is \(run.shownStatus)") }
            guard let verdict = try cat.tripVerdict(runID: runID) else {
                throw InputError.usage("TRIP run \(runID) has no stored assessment (made before assessments existed); run `samplenet trip` again")
            }
            switch format {
            case .json:
                print(verdict.json)
            case .text:
                let assessment = try JSONDecoder().decode(TRIPAssessment.self, from: Data(verdict.json.utf8))
                let response = (try? JSONDecoder().decode(Parameters.self, from: Data(run.parametersJSON.utf8)))?.response ?? run.modulator ?? "the response"
                for line in assessment.report(response: response) { print(line) }
            }
        }
    }
}
