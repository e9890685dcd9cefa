import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Kills profile, TRIP and import at seeded random moments (SIGKILL, SIGINT or SIGTERM) and
/// checks after each: SQLite's integrity check passes, nothing half-written is visible, and
/// finishing the work gives exactly what an uninterrupted run gives (issue: nothing lost,
/// nothing harmed). Bounded: a few trials of each (SAMPLENET_FAULT_TRIALS=N for more, as the
/// campaign in docs/RELIABILITY.md ran). Prints its tally.
@Suite(.serialized) struct FaultInjectionTests {
    static let trials = Int(ProcessInfo.processInfo.environment["SAMPLENET_FAULT_TRIALS"] ?? "") ?? 3
    static let signals: [Int32] = [SIGKILL, SIGINT, SIGTERM]

    /// Runs `arguments` and kills it after `delay` seconds with `signal` (if still running).
    /// Returns the exit status.
    static func run(_ arguments: [String], killAfter delay: Double, with signal: Int32, scratch: Scratch) throws -> Int32 {
        let pid = try spawn(samplenetBinary, arguments, stdout: scratch.path("out"), stderr: scratch.path("err"))
        let start = Date()
        var status: Int32 = 0
        var signalled = false
        while true {
            if waitpid(pid, &status, WNOHANG) == pid { break }
            if !signalled && Date().timeIntervalSince(start) >= delay { kill(pid, signal); signalled = true }
            usleep(2_000)
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    static func timed(_ arguments: [String]) throws -> (result: RunResult, seconds: Double) {
        let start = Date()
        let result = try samplenet(arguments)
        return (result, Date().timeIntervalSince(start))
    }

    static func integrityOK(_ path: String) -> Bool { Catalog.integrityReport(path: path) == ["ok"] }

    @Test func killedProfilesResumeToTheSameEdges() throws {
        var random = TestRandom(seed: 18)
        let catalog = try copyOfSampleCatalog()
        let profile = ["profile", "--modulator", "emt", "--targets", ProfileCommandTests.targets, "--regulators", ProfileCommandTests.regulators,
                       "--batch", "1", "--catalog", catalog] + ProfileCommandTests.fixed
        let reference = try Self.timed(profile)
        #expect(reference.result.status == 0, "\(reference.result.stderr)")
        let expected = try samplenet("edges", "--run", "1", "--catalog", catalog).stdout
        var held = 0, interrupted = 0
        for trial in 0..<Self.trials {
            let scratch = Scratch()
            let runID = trial + 2
            let delay = Double(random.next() % 1000) / 1000 * reference.seconds
            let signal = Self.signals[trial % 3]
            let status = try Self.run(profile, killAfter: delay, with: signal, scratch: scratch)
            var ok = Self.integrityOK(catalog)
            let record = try Catalog(path: catalog, mustExist: true).run(runID)
            if let record, record.status != .finished {
                ok = ok && (record.status == .incomplete || record.liveness.isDead)
                let resume = try samplenet("profile", "--resume", String(runID), "--catalog", catalog)
                ok = ok && resume.status == 0
            }
            if record != nil {
                let edges = try samplenet("edges", "--run", String(runID), "--catalog", catalog).stdout
                ok = ok && edges == expected
            }
            #expect(ok, "trial \(trial): signal \(signal) after \(delay) s, exit \(status), run \(String(describing: record?.status))")
            if ok { held += 1 }
            if status != 0 { interrupted += 1 }
        }
        print("fault injection, profile: \(Self.trials) trials (\(interrupted) stopped before the end), \(held) held, \(Self.trials - held) failed")
    }

    @Test func killedTRIPRunsLeaveNoHalfResult() throws {
        var random = TestRandom(seed: 19)
        let catalog = try DeadRunTests.catalogWithRuns()          // run 1 profile, run 2 TRIP (reference)
        let trip = ["trip", "--run", "1", "--response", "gefitinib", "--repeats", "1", "--folds", "2", "--epochs", "5", "--hidden", "0", "--no-controls", "--catalog", catalog]
        let reference = try Self.timed(trip)                       // run 3
        #expect(reference.result.status == 0)
        let expected = try samplenet("subnetworks", "--trip", "3", "--catalog", catalog).stdout
        var held = 0, interrupted = 0, nextID = 4
        for trial in 0..<Self.trials {
            let scratch = Scratch()
            let delay = Double(random.next() % 1000) / 1000 * reference.seconds
            let signal = Self.signals[trial % 3]
            let status = try Self.run(trip, killAfter: delay, with: signal, scratch: scratch)
            var ok = Self.integrityOK(catalog)
            let c = try Catalog(path: catalog, mustExist: true)
            if let record = try c.run(nextID) {
                nextID += 1
                switch record.effectiveStatus {
                case .finished:
                    let subnetworks = try samplenet("subnetworks", "--trip", String(record.id), "--catalog", catalog).stdout
                    ok = ok && subnetworks == expected
                case .cancelled, .failed:
                    // Nothing of a stopped TRIP run reads as a result.
                    let scores = try c.tripScores(runID: record.id)
                    let listed = try samplenet("subnetworks", "--trip", String(record.id), "--catalog", catalog)
                    ok = ok && scores.isEmpty && listed.status == 64
                    ok = ok && record.recoveryAdvice.map { $0.contains("trip --run 1") } ?? (record.status == .cancelled)
                default:
                    ok = false
                }
            }
            #expect(ok, "trial \(trial): signal \(signal) after \(delay) s, exit \(status)")
            if ok { held += 1 }
            if status != 0 { interrupted += 1 }
        }
        // A rerun after all that gives the reference's subnetworks.
        let rerun = try samplenet(trip)
        #expect(rerun.status == 0)
        let id = rerun.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try samplenet("subnetworks", "--trip", id, "--catalog", catalog).stdout == expected)
        print("fault injection, TRIP: \(Self.trials) trials (\(interrupted) stopped before the end), \(held) held, \(Self.trials - held) failed")
    }

    /// Issue 18 item 6: a TRIP run whose final save fails (here a trigger makes the last
    /// table's insert abort, as a full disk would mid-transaction) is marked failed with the
    /// reason and keeps no half result.
    @Test func aTRIPWhoseFinalSaveFailsIsMarkedFailed() throws {
        let catalog = try copyOfSampleCatalog()
        let profile = try samplenet(["profile", "--modulator", "emt", "--targets", "CDH1,VIM", "--regulators", ProfileCommandTests.regulators,
                                     "--catalog", catalog] + ProfileCommandTests.fixed)
        #expect(profile.status == 0, "\(profile.stderr)")
        let trip = ["trip", "--run", "1", "--response", "gefitinib", "--repeats", "1", "--folds", "2", "--epochs", "5", "--hidden", "0", "--no-controls", "--catalog", catalog]
        let injected = "CREATE TRIGGER injected_fault BEFORE INSERT ON trip_axis BEGIN SELECT RAISE(ABORT, 'injected: disk full'); END"
        try Catalog(path: catalog, mustExist: true).connection.execute(injected)
        let failed = try samplenet(trip)
        #expect(failed.status != 0 && failed.stderr.contains("injected: disk full"), "\(failed.stderr)")
        let c = try Catalog(path: catalog, mustExist: true)
        let record = try #require(try c.run(2))
        #expect(record.status == .failed && record.message.contains("saving the results failed"), "\(record.status) \(record.message)")
        #expect(try c.tripScores(runID: 2).isEmpty)
        #expect(try samplenet("subnetworks", "--trip", "2", "--catalog", catalog).status == 64)
        #expect(Self.integrityOK(catalog))
    }

    @Test func killedImportsLeaveTheOldOrTheNewCatalog() throws {
        var random = TestRandom(seed: 20)
        let scratch = Scratch()
        // A replacement matrix: the sample's values plus one, same genes and lines.
        let original = try Catalog(path: try sampleCatalog.get(), mustExist: true, readOnly: true).expression()
        var text = "GENE\t" + original.cells.map(\.name).joined(separator: "\t") + "\n"
        for (g, gene) in original.genes.enumerated() {
            text += gene + "\t" + original.cells.indices.map { String(original.value(gene: g, cell: $0) + 1) }.joined(separator: "\t") + "\n"
        }
        let file = scratch.write("shifted.tsv", text)
        let tables: Set<String> = ["expression", "gene", "cell_line"]
        var catalog = try copyOfSampleCatalog()
        let old = try fingerprint(catalog, tables: tables)
        let newCatalog = try copyOfSampleCatalog()
        let reference = try Self.timed(["import", "expression", file, "--catalog", newCatalog])
        #expect(reference.result.status == 0, "\(reference.result.stderr)")
        let new = try fingerprint(newCatalog, tables: tables)
        var held = 0, interrupted = 0
        for trial in 0..<Self.trials {
            let delay = Double(random.next() % 1000) / 1000 * reference.seconds
            let signal = Self.signals[trial % 3]
            let status = try Self.run(["import", "expression", file, "--catalog", catalog], killAfter: delay, with: signal, scratch: scratch)
            let now = try fingerprint(catalog, tables: tables)
            let ok = Self.integrityOK(catalog) && (now == old || now == new) && (status != 0 || now == new)
            #expect(ok, "trial \(trial): signal \(signal) after \(delay) s, exit \(status), \(now == old ? "old" : now == new ? "new" : "neither")")
            if ok { held += 1 }
            if status != 0 { interrupted += 1 }
            if now == new { catalog = try copyOfSampleCatalog() }          // start the next trial from the old matrix
        }
        print("fault injection, import: \(Self.trials) trials (\(interrupted) stopped before the end), \(held) held, \(Self.trials - held) failed")
    }
}
