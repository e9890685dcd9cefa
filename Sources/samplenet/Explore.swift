import ArgumentParser
import Catalog
import TUI

/// `samplenet explore`: the full-screen explorer (the default command).
struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the explorer (keyboard-driven; ? lists the keys).",
        discussion: "Respects NO_COLOR. Examples: samplenet explore --catalog var/sample.sqlite; samplenet explore --run 3")
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "Modulator to show first.") var modulator: String?
    @Option(name: .customLong("run"), help: "Run to show first (a profile run, or a TRIP run with its networks).") var runID: Int?
    @Flag(help: "On a catalog without any run, start a quick gefitinib profile of a few genes and then TRIP on it, shown as they compute (what make run does).")
    var firstLook = false

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            cat.connection.lockWaitLimit = LockWait.readerLimit      // the UI thread never hangs on a lock
            let status = try Explorer.run(catalog: cat, initialModulator: modulator, initialRun: runID, firstLook: firstLook)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
