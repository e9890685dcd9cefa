import ArgumentParser

/// The `samplenet` command: per-cell-line gene networks, explained, in a terminal.
@main
struct SampleNet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samplenet",
        abstract: "Per-cell-line gene regulatory networks (NetworkProfiler) explained by TRIP.",
        discussion: """
            With no subcommand, opens the explorer on the catalog.
            The catalog is --catalog PATH, else $SAMPLENET_CATALOG, else ./samplenet.sqlite.

            Exit status: 0 success, 1 internal error, 64 usage error, 65 bad input data,
            66 missing input file, 130 interrupted.
            """,
        subcommands: [Explore.self, Import.self, ModulatorCommand.self, Info.self, Profile.self, Runs.self, Edges.self, Effects.self, Export.self, Doctor.self, ModulationTestCommand.self, TestResults.self, Validate.self, Simulate.self, Merge.self, Trip.self, TripReport.self, Subnetworks.self, Explain.self],
        defaultSubcommand: Explore.self)
}
