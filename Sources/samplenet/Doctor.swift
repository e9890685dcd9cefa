import ArgumentParser
import Catalog
import Compute
import Foundation
import TUI

/// `samplenet doctor`: is the catalog sound, and is this environment set up for the explorer
/// and for fast compute?
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the catalog (integrity, schema version, orphan rows, dead runs) and the environment (locale, terminal, BLAS).",
        discussion: """
            Read-only. Each check prints ok, warning or error with a detail. Exit status 0 when
            nothing is an error, 65 otherwise (a catalog that cannot be opened is an error too).
            Examples:
              samplenet doctor
              samplenet doctor --catalog var/sample.sqlite --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "tsv or json.") var format: OutputFormat = .tsv

    func run() throws {
        try ExitStatus.guarded {
            var checks: [HealthCheck] = []
            do {
                let cat = try Catalog(path: catalog.path, mustExist: true, readOnly: true)
                checks.append(HealthCheck(name: "catalog", level: .ok, detail: cat.path))
                checks += cat.healthChecks()
            } catch let error as InputError {
                checks.append(HealthCheck(name: "catalog", level: .error, detail: error.description))
                // A damaged file that will not open as a catalog: say what SQLite finds.
                if let report = Catalog.integrityReport(path: catalog.path) {
                    checks.append(HealthCheck(name: "integrity", level: report == ["ok"] ? .ok : .error, detail: report.prefix(5).joined(separator: "; ")))
                }
            }
            checks += Self.environment(ProcessInfo.processInfo.environment)
            var table = TableWriter(format == .json || format == .ndjson ? format : .tsv, columns: ["check", "level", "detail"], to: OutputBuffer())
            for c in checks { table.row([.text(c.name), .text(c.level.rawValue), .text(c.detail)]) }
            table.finish()
            if checks.contains(where: { $0.level == .error }) { throw ExitCode(ExitStatus.badData) }
        }
    }

    /// Locale (UTF-8 or the ASCII fallback), terminal (terminfo entry, colours), BLAS.
    static func environment(_ env: [String: String]) -> [HealthCheck] {
        var out: [HealthCheck] = []
        // The explorer's own test (Glyphs.forLocale), so the two never disagree.
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        let codeset = Glyphs.localeCodeset()
        out.append(HealthCheck(name: "locale", level: codeset == "UTF-8" ? .ok : .warning,
                               detail: codeset == "UTF-8" ? "\(locale) (UTF-8)"
                                   : "\"\(locale)\" gives character set \(codeset), not UTF-8: the explorer draws ASCII only (set LANG=C.UTF-8 for Unicode plots)"))
        let term = env["TERM"] ?? ""
        let directories = [env["TERMINFO"], env["HOME"].map { $0 + "/.terminfo" }, "/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"].compactMap { $0 }
        let found = term.first.flatMap { first in
            directories.first { FileManager.default.fileExists(atPath: "\($0)/\(first)/\(term)") }
        }
        if term.isEmpty {
            out.append(HealthCheck(name: "terminal", level: .warning, detail: "TERM is not set: the explorer needs a terminal (headless commands work)"))
        } else if found == nil {
            out.append(HealthCheck(name: "terminal", level: .warning,
                                   detail: "no terminfo entry for TERM=\(term): install ncurses-term or set TERM=xterm-256color"))
        } else if !TerminalCapability.canAddressCursor(term: term) {
            out.append(HealthCheck(name: "terminal", level: .warning,
                                   detail: "TERM=\(term) cannot move the cursor: the explorer refuses it (headless commands work); set TERM=xterm-256color"))
        } else {
            out.append(HealthCheck(name: "terminal", level: .ok, detail: "TERM=\(term) (terminfo in \(found!))"))
        }
        let colour = !(env["NO_COLOR"] ?? "").isEmpty ? "NO_COLOR set: attributes only" : (term.contains("256color") ? "256 colours" : "8 colours or fewer")
        out.append(HealthCheck(name: "colour", level: .ok, detail: colour))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let blasEnv = env["OPENBLAS_NUM_THREADS"].map { ", OPENBLAS_NUM_THREADS=\($0)" } ?? ""
        out.append(HealthCheck(name: "BLAS", level: .ok,
                               detail: "\(BLASThreads.configuration.trimmingCharacters(in: .whitespaces)); \(BLASThreads.current) threads\(blasEnv); "
                                   + "jobs run BLAS on 1 thread per worker and --threads \(cores) workers by default"))
        let kernels = DenseKernels.active
        out.append(HealthCheck(name: "kernels", level: DenseKernels.environmentProblem == nil ? .ok : .warning,
                               detail: DenseKernels.environmentProblem
                                   ?? "\(kernels.name) (of \(DenseKernels.Variant.allCases.filter(\.isSupported).map(\.name).joined(separator: ", ")) on this CPU; "
                                   + "every variant gives bit-identical results)"))
        return out
    }
}
