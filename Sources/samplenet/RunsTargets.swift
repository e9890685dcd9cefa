import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `samplenet runs targets ID`: each target's bandwidth CV against the static fit.
struct RunsTargets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "A profile run's targets: edges, the bandwidth used, and the bandwidth CV against the static fit.",
        discussion: """
            Per target: the bandwidth of its networks ('static' when h = infinity was selected:
            one network for every line), the selected fit's CV error (sum of squared errors on
            the held-out cells), the best finite h and its CV error, the static fit's CV error,
            the standard error (SE) of their difference, paired over held-out cells, gain = 1 -
            best finite / static (the share of the static fit's held-out error that letting
            the network vary removes), whether the best finite h is the grid's smallest or
            largest value ('edge'), whether the target is a gene of the signature that defines
            the modulator ('signature': Epi or Mes; its variation is then expected by
            construction), and the verdict (METHOD.md 1.7): 'varies' when the best
            finite h lowers the CV error by more than one SE, else 'static is as good' (the
            one-standard-error rule, the static network being the simplest model). The verdict
            is the CV's choice on one held-out set, not a test of any edge.
            Runs with a fixed bandwidth, and runs made before the static arm, have no verdict.
            In tsv/csv/json a static bandwidth is NA/null with static = true.
            Examples:
              samplenet runs targets 3
              samplenet runs targets 3 --format tsv > targets.tsv
            """)
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The profile run id.") var id: Int
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, tsv, csv, json, ndjson }
    @Option(help: "text, tsv, csv, json or ndjson.") var format: Format = .text

    static let columns = ["target", "finished", "edges", "bandwidth", "static", "cv_error", "best_finite_bandwidth",
                          "best_finite_cv_error", "static_cv_error", "difference_se", "gain_over_static", "grid_boundary", "verdict", "signature"]

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let record = try cat.run(id), record.kind == .profile else { throw InputError.usage("no profile run \(id) in \(cat.path)") }
            let rows = try cat.targetBandwidths(runID: id)
            let summary = TargetBandwidthSummary(rows)
            guard let table = TableFormat(rawValue: format.rawValue) else {
                printText(rows)
                print(summary.sentence)
                return
            }
            var writer = TableWriter(table, columns: Self.columns, to: OutputBuffer())
            for row in rows { writer.row(Self.fields(row)) }
            writer.finish()
            printNote(summary.sentence)
        }
    }

    static func fields(_ r: TargetBandwidth) -> [TableWriter.Field] {
        func number(_ x: Double?) -> TableWriter.Field { x.map { .number($0) } ?? .missing }
        return [.text(r.symbol), .text(r.finished ? "true" : "false"), .integer(r.edges), number(r.bandwidth),
                r.bandwidth == nil ? .missing : .text(r.isStatic ? "true" : "false"), number(r.cv?.selectedError),
                number(r.cv?.bestFiniteBandwidth), number(r.cv?.bestFiniteError), number(r.cv?.staticError), number(r.cv?.differenceSE),
                number(r.gainOverStatic),
                r.cv.map { .text($0.gridBoundary ? "true" : "false") } ?? .missing, r.verdict.map { .text($0.rawValue) } ?? .missing, .text(r.signatureRole ?? "")]
    }

    private func printText(_ rows: [TargetBandwidth]) {
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        func short(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "-" }
        print(pad("target", 10) + " " + pad("edges", 9) + " " + pad("h", 7) + " " + pad("best finite h (CV error)", 25) + " "
              + pad("static CV error (SE)", 21) + " " + pad("gain", 7) + " verdict")
        for r in rows {
            let h = r.bandwidth.map { $0.isInfinite ? "static" : short($0) } ?? "-"
            let finite = r.cv.map { short($0.bestFiniteBandwidth) + " (" + short($0.bestFiniteError) + ")" + ($0.gridBoundary ? " edge" : "") } ?? "-"
            let verdict = (r.finished ? (r.verdict?.rawValue ?? "-") : "not finished") + (r.signatureRole.map { " (signature gene, \($0))" } ?? "")
            print(pad(r.symbol, 10) + " " + pad(String(r.edges), 9) + " " + pad(h, 7) + " " + pad(finite, 25) + " "
                  + pad(short(r.cv?.staticError) + ((r.cv?.differenceSE).map { " (" + short($0) + ")" } ?? ""), 21) + " " + pad(r.gainOverStatic.map { String(format: "%+.3f", $0) } ?? "-", 7) + " " + verdict)
        }
    }
}
