import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs

/// `samplenet-bench trip` (`make bench-trip`): TRIP initialisation and epoch timings on a
/// stored run, printed as one JSON object.
struct TRIPTimings: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trip",
        abstract: "Time TRIP's HOSVD initialisation against a naive SVD of the unfoldings, and its training epochs (make bench-trip).")
    @Option(help: "The catalog file.") var catalog: String
    @Option(name: .customLong("run"), help: "A finished NetworkProfiler run.") var runID: Int
    @Option(help: "Cells whose dense unfoldings the naive SVD factorises.") var naiveCells = 20
    @Option(help: "Training epochs to time.") var epochs = 20
    @Option(help: "The response (a modulator other than the run's own: these timings are of training, not of per-fold profiling; they barely depend on the response).")
    var response = "erlotinib"

    func run() throws {
        BLASThreads.set(1)
        let cat = try Catalog(path: catalog, mustExist: true)
        guard let parent = try cat.run(runID) else { throw InputError.usage("no run \(runID) in \(cat.path)") }
        let data = try TRIPJob.load(catalog: cat, parent: parent, response: response)
        guard data.perFold == nil else { throw InputError.usage("--response \(response) is run \(runID)'s modulator (or derived from it); time another response") }
        let report = try TRIPBenchmark.run(stack: data.stack, response: data.response, options: TRIPOptions(),
                                           naiveCells: naiveCells, epochs: epochs)
        writeLine(try sortedKeysJSON(report))
    }
}
