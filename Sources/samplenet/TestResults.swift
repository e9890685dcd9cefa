import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `samplenet test-results`: a modulation test's edges with p and q.
struct TestResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-results",
        abstract: "A modulation test's edges: statistic (sd over lines of beta), permutations reaching it, p and q.",
        discussion: """
            Rows by p, then target and regulator. q is NA until every target of the test is done.
            --run picks the run's latest finished test.
            Examples:
              samplenet test-results --test 1 --max-q 0.1
              samplenet test-results --run 3 --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("test"), help: "The test id.") var testID: Int?
    @Option(name: .customLong("run"), help: "A profile run: its latest finished test.") var runID: Int?
    @Option(parsing: .unconditional, help: "Only edges with q at most this.") var maxQ: Double?
    @Option(help: "tsv, csv, json or ndjson.") var format: OutputFormat = .tsv

    func validate() throws {
        guard (testID == nil) != (runID == nil) else { throw ValidationError("give --test ID or --run ID") }
        try ModulationQ.validate(maxQ)
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            let test: ModulationTestRecord
            if let testID {
                guard let found = try cat.modulationTest(testID) else { throw InputError.usage("no modulation test \(testID) in \(cat.path)") }
                test = found
            } else {
                guard let found = try cat.latestFinishedModulationTest(runID: runID!) else {
                    throw InputError.usage("run \(runID!) has no finished modulation test; run samplenet test --run \(runID!)")
                }
                test = found
            }
            let symbols = Dictionary(try cat.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
            var edges = try cat.modulationTestEdges(test.id)
            if let maxQ { edges = edges.filter { ($0.q ?? 2) <= maxQ } }
            edges.sort { ($0.p, symbols[$0.targetID] ?? "", symbols[$0.regulatorID] ?? "") < ($1.p, symbols[$1.targetID] ?? "", symbols[$1.regulatorID] ?? "") }
            var table = TableWriter(format, columns: ["regulator", "target", "statistic", "exceed", "permutations", "p", "q"], to: OutputBuffer())
            for e in edges {
                table.row([.text(symbols[e.regulatorID] ?? "?"), .text(symbols[e.targetID] ?? "?"), .number(e.statistic), .integer(e.exceed),
                           .integer(test.permutations), .number(e.p), e.q.map { .number($0) } ?? .missing])
            }
            table.finish()
            printNote("test \(test.id) of run \(test.runID) (\(test.status.rawValue); \(test.permutations) permutations"
                      + (test.strata.isEmpty ? "" : ", within \(test.strata)") + "): "
                      + ModulationTestJob.summary(try cat.modulationTestEdges(test.id), permutations: test.permutations))
        }
    }
}
