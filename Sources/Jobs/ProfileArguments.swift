import Compute

/// `samplenet profile` options as command-line text, from the one place their values live
/// (ProfilerOptions, SelectionOptions, ProfileJob): the CLI's defaults and help, and the
/// arguments the explorer's job form passes.
public enum ProfileArguments {
    /// A number as the CLI shows and reads it (0.02, 1, 1e-05).
    public static func number(_ x: Double) -> String { String(format: "%g", x) }

    public static func list(_ xs: [Double]) -> String { xs.map(number).joined(separator: ",") }

    /// The flags that fix what `options` fixes (bandwidth, lambda, gamma, one round).
    public static func fixed(_ options: ProfilerOptions) -> [String] {
        var out: [String] = []
        if let h = options.fixedBandwidth { out += ["--bandwidth", number(h)] }
        if case let .fixed(lambda) = options.selection.lambdas { out += ["--lambda", number(lambda)] }
        if options.selection.gammas.count == 1 { out += ["--gamma", number(options.selection.gammas[0])] }
        if options.selection.rounds == 1 { out.append("--no-recursion") }
        return out
    }

    /// The explorer's quick preset (ProfilerOptions.quick) as flags.
    public static var quick: [String] { fixed(.quick) }

    /// The default lambda path (count, smallest fraction of lambda_max).
    public static var defaultLambdaPath: (count: Int, ratio: Double) {
        if case let .path(count, ratio) = SelectionOptions().lambdas { return (count, ratio) }
        return (20, 0.01)
    }
}
