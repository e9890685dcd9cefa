import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs

/// `samplenet test-results`: a test's edges (permutation: p and q; stability: frequency).
struct TestResults: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-results",
        abstract: "A test's edges: p and q (permutation test) or selection frequency (stability selection).",
        discussion: """
            Permutation test: regulator, target, statistic (sd over lines of beta), permutations
            reaching it, permutations, p, q, effect (the statistic x sd(regulator) / sd(target)),
            varies (q <= --max-q, default 0.1, and effect >= --min-effect, default 0.1: METHOD.md
            1.7's call); rows by p, then largest effect; q is NA until every target is done.
            Stability selection: regulator, target, frequency, halves selecting it, halves,
            stable (frequency >= the test's threshold); rows by frequency, highest first.
            --run picks the run's latest finished test of --kind.
            Examples:
              samplenet test-results --test 1 --max-q 0.1
              samplenet test-results --run 3 --kind stability --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("test"), help: "The test id.") var testID: Int?
    @Option(name: .customLong("run"), help: "A profile run: its latest finished test of --kind.") var runID: Int?
    @Option(help: "With --run: permutation or stability.") var kind: EdgeTestKind = .permutation
    @Option(parsing: .unconditional, help: "Only edges with q at most this and effect at least --min-effect (permutation tests).") var maxQ: Double?
    @Option(help: ModulationQ.effectHelp) var minEffect: Double = ModulationCall.minimumEffect
    @Option(help: "tsv, csv, json or ndjson.") var format: OutputFormat = .tsv

    func validate() throws {
        guard (testID == nil) != (runID == nil) else { throw ValidationError("give --test ID or --run ID") }
        try ModulationQ.validate(maxQ, minEffect: minEffect)
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            let test = try resolve(cat)
            if maxQ != nil && test.kind != .permutation { throw InputError.usage("test \(test.id) is a stability selection: it has no q") }
            let symbols = Dictionary(try cat.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
            let all = try cat.modulationTestEdges(test.id)
            func name(_ id: Int) -> String { symbols[id] ?? "?" }
            var table: TableWriter
            switch test.kind {
            case .permutation:
                let level = maxQ ?? ModulationCall.level
                let varies = { (e: TestedEdge) in ModulationCall.varies(q: e.q, effect: e.effect, maxQ: level, minEffect: minEffect) }
                let edges = all.filter { maxQ == nil || varies($0) }.sorted { a, b in
                    (a.p ?? 1, -(a.effect ?? 0), name(a.targetID), name(a.regulatorID)) < (b.p ?? 1, -(b.effect ?? 0), name(b.targetID), name(b.regulatorID))
                }
                table = TableWriter(format, columns: ["regulator", "target", "statistic", "exceed", "permutations", "p", "q", "effect", "varies"],
                                    to: OutputBuffer())
                for e in edges {
                    let p: TableWriter.Field = e.p.map { .number($0) } ?? .missing, q: TableWriter.Field = e.q.map { .number($0) } ?? .missing
                    table.row([.text(name(e.regulatorID)), .text(name(e.targetID)), .number(e.statistic), .integer(e.exceed), .integer(test.draws), p, q,
                               e.effect.map { .number($0) } ?? .missing, e.q == nil ? .missing : .text(varies(e) ? "true" : "false")])
                }
            case .stability:
                let tau = test.threshold ?? ModulationTestJob.defaultThreshold
                let edges = all.sorted { a, b in (-a.statistic, name(a.targetID), name(a.regulatorID)) < (-b.statistic, name(b.targetID), name(b.regulatorID)) }
                table = TableWriter(format, columns: ["regulator", "target", "frequency", "halves_selecting", "halves", "stable"], to: OutputBuffer())
                for e in edges {
                    table.row([.text(name(e.regulatorID)), .text(name(e.targetID)), .number(e.statistic), .integer(e.exceed), .integer(2 * test.draws),
                               .text(e.statistic >= tau ? "true" : "false")])
                }
            }
            table.finish()
            let what = test.kind == .permutation ? "\(test.draws) permutations" : "\(test.draws) pairs of halves, threshold \(test.threshold ?? 0)"
            printNote("test \(test.id) of run \(test.runID) (\(test.kind.rawValue), \(test.status.rawValue); \(what)"
                      + (test.strata.isEmpty ? "" : ", within \(test.strata)") + "): "
                      + ModulationTestJob.summary(test, edges: all, targets: try cat.modulationTestTargets(test.id)))
        }
    }

    private func resolve(_ cat: Catalog) throws -> ModulationTestRecord {
        if let testID {
            guard let found = try cat.modulationTest(testID) else { throw InputError.usage("no test \(testID) in \(cat.path)") }
            return found
        }
        guard let found = try cat.latestFinishedModulationTest(runID: runID!, kind: kind) else {
            throw InputError.usage("run \(runID!) has no finished \(kind.rawValue) test; run samplenet test --run \(runID!)"
                                   + (kind == .stability ? " --kind stability" : ""))
        }
        return found
    }
}
