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

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            cat.connection.lockWaitLimit = LockWait.readerLimit      // the UI thread never hangs on a lock
            let status = try Explorer.run(catalog: cat, initialModulator: modulator, initialRun: runID)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
