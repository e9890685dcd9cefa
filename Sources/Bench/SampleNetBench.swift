import ArgumentParser
import Foundation

/// `samplenet-bench`: the benchmarks behind `make bench-*` that need the project's own code
/// (not shipped in `samplenet`). Each prints its measurements; the scripts in bench/ compute
/// ratios against reference runs of the same script.
@main
struct SampleNetBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samplenet-bench",
        abstract: "SampleNet benchmarks (make bench-explorer, make bench-trip).",
        subcommands: [ExplorerLatency.self, TRIPTimings.self, HashThroughput.self, SyntheticShards.self])
}

/// Writes one line to stdout at once (the scripts read it while the benchmark runs).
func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
