import Catalog
import Compute
import Jobs

/// One line saying what a run was asked to do, from its stored parameters (Jobs' status line,
/// issue 22 item 3): a profile's targets, regulators and estimator, a TRIP run's response,
/// input and evaluation.
func runParametersLine(_ run: RunRecord) -> String? {
    guard run.parametersJSON != "{}" else { return nil }        // nothing recorded (an imported network)
    switch run.kind {
    case .profile:
        guard let p = try? ProfileParameters.decode(run.parametersJSON) else { return nil }
        let o = p.options
        var estimator: String
        if let h = o.fixedBandwidth, case let .fixed(lambda) = o.selection.lambdas {
            estimator = "h \(h), lambda \(lambda), gamma \(o.selection.gammas.map { "\($0)" }.joined(separator: "/")), \(o.selection.rounds) round\(o.selection.rounds == 1 ? "" : "s")"
        } else {
            estimator = "default estimator (" + (o.fixedBandwidth.map { "h \($0)" } ?? "bandwidth CV\(o.includesStaticArm ? " with the static arm" : "")")
                + ", lambda path, \(o.selection.rounds) round\(o.selection.rounds == 1 ? "" : "s"))"
        }
        if let adjust = p.adjust, !adjust.isEmpty { estimator += "; adjusted for " + adjust.map(\.rawValue).joined(separator: ", ") }
        if let tissues = p.cellTissues { estimator += "; tissues " + tissues.joined(separator: ", ") }
        return "\(p.targets.count) targets x \(p.regulators.count) regulators; " + estimator
    case .trip:
        guard let p = try? decodeCatalogJSON(TRIPRunParameters.self, from: run.parametersJSON) else { return nil }
        let o = p.options
        return "response \(p.response), input \(o.input.rawValue), ranks \(o.ranks.map(String.init).joined(separator: ",")), H \(o.hidden), "
            + "\(o.repeats) x \(o.folds) folds" + (o.controls ? "" : ", no controls") + (run.verdict.map { "; verdict: \($0)" } ?? "")
    }
}
