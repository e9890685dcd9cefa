import ArgumentParser
import Catalog
import Compute
import Foundation

/// `samplenet bench-trip` (hidden; used by `make bench`): TRIP initialisation and epoch timings
/// on a stored run, printed as one JSON object.
struct BenchTrip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-trip",
        abstract: "Time TRIP's HOSVD initialisation against a naive SVD of the unfoldings, and its training epochs (for make bench).",
        shouldDisplay: false)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), help: "A finished NetworkProfiler run.") var runID: Int
    @Option(help: "Cells whose dense unfoldings the naive SVD factorises.") var naiveCells = 20
    @Option(help: "Training epochs to time.") var epochs = 20

    func run() throws {
        try ExitStatus.guarded {
            BLASThreads.set(1)
            let cat = try catalog.open()
            guard let parent = try cat.run(runID) else { throw InputError.usage("no run \(runID) in \(cat.path)") }
            let data = try TRIPJob.load(catalog: cat, parent: parent)
            let report = try TRIPBenchmark.run(stack: data.stack, response: data.response, options: TRIPOptions(),
                                               naiveCells: naiveCells, epochs: epochs)
            writeLine(try sortedKeysJSON(report))
        }
    }
}
