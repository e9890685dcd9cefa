import ArgumentParser
import Catalog
import Jobs
import Foundation

/// Documented exit statuses (sysexits.h): every command reports a user-caused error as one
/// line on stderr and exits with one of these.
enum ExitStatus {
    static let internalError: Int32 = 1
    static let usage: Int32 = 64
    static let badData: Int32 = 65
    static let missingInput: Int32 = 66
    static let interrupted: Int32 = 130

    /// Runs a command body; maps errors to a one-line message and an exit status.
    static func guarded(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as InputError {
            printError(error.description)
            switch error.kind {
            case .badData: throw ExitCode(badData)
            case .missingInput: throw ExitCode(missingInput)
            case .usage: throw ExitCode(usage)
            }
        } catch let error as SQLiteError {
            printError(explain(error))
            // A damaged catalog is bad input data, like any other damaged file.
            throw ExitCode(error.isDamaged ? badData : internalError)
        } catch let error as ValidationError {
            printError(error.message)
            throw ExitCode(usage)
        } catch is JobInterrupted {
            throw ExitCode(interrupted)
        } catch let error as ExitCode {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            printError("internal error: \(error)")
            throw ExitCode(internalError)
        }
    }
}

/// What an SQLite failure in the middle of a command means for the user. The transaction
/// it happened in was rolled back, so the catalog is as it was before that write.
private func explain(_ error: SQLiteError) -> String {
    switch error.primaryCode {
    case SQLiteError.busy, SQLiteError.locked: return "the catalog stayed locked by another process and the wait was stopped; nothing was written (\(error.message))"
    case SQLiteError.full: return "the disk is full: the last write was rolled back and the catalog is as it was; free space and rerun (or resume)"
    case SQLiteError.readOnly: return "the catalog became read-only: the last write was rolled back (\(error.message))"
    case SQLiteError.corrupt, SQLiteError.notADatabase: return "the catalog is damaged (\(error.message)); run `samplenet doctor` to see what SQLite's integrity check finds"
    case SQLiteError.ioError: return "an I/O error on the catalog (\(error.message)): the last write was rolled back"
    default: return error.description
    }
}

/// Messages go to stderr; stdout carries only results.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("samplenet: " + message + "\n").utf8))
}


/// Prints an import report to stderr and writes its unmatched keys on request.
func emit(_ report: ImportReport, unmatchedFile: String?) throws {
    printNote(report.summary)
    for note in report.notes { printNote("  " + note) }
    if let unmatchedFile {
        let text = report.unmatched.joined(separator: "\n") + (report.unmatched.isEmpty ? "" : "\n")
        do { try text.write(toFile: unmatchedFile, atomically: true, encoding: .utf8) } catch {
            throw InputError.missing(file: unmatchedFile, problem: "cannot write unmatched keys: \(error.localizedDescription)")
        }
        printNote("  \(report.unmatched.count) unmatched keys written to \(unmatchedFile)")
    }
}

/// Writes one line to stdout at once (unbuffered), e.g. a run id that a script waits for.
func writeLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
