import ArgumentParser
import Compute
import Jobs

/// What the command line makes of `profile`'s options: the estimator's ProfilerOptions, and
/// which options a `--resume` must refuse.
extension Profile {
    /// Options given with --resume that would change the run's results (they are ignored
    /// otherwise, so they are refused).
    func resumeConflicts() -> [String] {
        let d = Profile.defaults
        var out: [String] = []
        if modulator != nil { out.append("--modulator") }
        if targets != nil { out.append("--targets") }
        if regulators != nil { out.append("--regulators") }
        if bandwidth != nil { out.append("--bandwidth") }
        if lambda != nil { out.append("--lambda") }
        if gamma != nil { out.append("--gamma") }
        if noRecursion { out.append("--no-recursion") }
        if kernel != d.kernel { out.append("--kernel") }
        if neighbours != d.neighbours { out.append("--neighbours") }
        if bandwidthGrid != ProfileArguments.list(d.bandwidthGrid) { out.append("--bandwidth-grid") }
        if gammaGrid != ProfileArguments.list(d.selection.gammas) { out.append("--gamma-grid") }
        if lambdaCount != ProfileArguments.defaultLambdaPath.count { out.append("--lambda-count") }
        if lambdaRatio != ProfileArguments.defaultLambdaPath.ratio { out.append("--lambda-ratio") }
        if rounds != d.selection.rounds { out.append("--rounds") }
        if heldOut != nil { out.append("--held-out") }
        if noStaticArm { out.append("--no-static-arm") }
        if cells != nil { out.append("--cells") }
        if adjust != nil { out.append("--adjust") }
        if seed != d.seed { out.append("--seed") }
        if pathAlgorithm != d.selection.pathAlgorithm { out.append("--path-algorithm") }
        if perFit { out.append("--per-fit") }
        return out
    }

    func options() throws -> ProfilerOptions {
        func grid(_ text: String, _ name: String) throws -> [Double] {
            let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 && ($0 ?? 0).isFinite }) else {
                throw ValidationError("--\(name) needs positive finite numbers, comma-separated")
            }
            return values.map { $0! }
        }
        var o = ProfilerOptions()
        o.bandwidthGrid = try grid(bandwidthGrid, "bandwidth-grid")
        o.fixedBandwidth = bandwidth
        if let gamma { o.selection.gammas = [gamma] } else { o.selection.gammas = try grid(gammaGrid, "gamma-grid") }
        o.selection.lambdas = lambda.map { .fixed($0) } ?? .path(count: lambdaCount, ratio: lambdaRatio)
        o.selection.rounds = noRecursion ? 1 : rounds
        o.selection.pathAlgorithm = pathAlgorithm
        o.heldOutSize = heldOut
        o.staticArm = !noStaticArm
        o.seed = seed
        o.kernel = kernel
        o.neighbours = neighbours
        return o
    }
}
