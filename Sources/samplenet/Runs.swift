import ArgumentParser
import Catalog
import Jobs
import Foundation

/// `samplenet runs`: list runs; abandon or delete one.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List runs with status, progress and counts; a run's targets and bandwidth CV; abandon or delete a run.",
        subcommands: [RunsList.self, RunsTargets.self, RunsShards.self, RunsLabel.self, RunsAbandon.self, RunsDelete.self],
        defaultSubcommand: RunsList.self)
}

/// `samplenet runs [list]`.
struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List runs with status, progress and counts (the default).",
        discussion: """
            'fallback' counts the (target, cell) fits that fell back to the intercept-only model
            (no valid candidate; METHOD.md 1.2). A run marked running whose process is gone
            (killed, out of disk, power cut; checked by process id, host and the process's
            start time) is shown as 'dead' with what to do: `samplenet profile --resume ID` for
            a profile run, a new `samplenet trip` for a TRIP run, or `samplenet runs abandon ID`
            / `samplenet runs delete ID`.
            Example: samplenet runs --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "text or json.") var format: Format = .text

    func run() throws {
        try ExitStatus.guarded {
            let records = try catalog.openForReading().runs()
            switch format {
            case .text:
                print("id  kind     modulator   status      done       cells (skipped)  edges      fallback  created")
                for r in records {
                    func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
                    print(pad(String(r.id), 3) + " " + pad(r.kind.rawValue, 8) + " " + pad(r.modulator ?? "-", 11) + " " + pad(r.shownStatus, 11) + " "
                          + pad("\(r.progressDone)/\(r.progressTotal)", 10) + " " + pad("\(r.cells) (\(r.cellsSkipped))", 16) + " "
                          + pad(String(r.edges), 10) + " " + pad(String(r.fallbackFits), 9) + " " + r.createdAt)
                    if let label = r.label { print("    label: \(label)") }
                    if case let .dead(reason) = r.liveness { print("    \(reason)") } else if !r.message.isEmpty { print("    " + r.message) }
                    if let advice = r.recoveryAdvice { print("    " + advice) }
                }
            case .json:
                let objects: [[String: Any]] = records.map { r in
                    ["id": r.id, "kind": r.kind.rawValue, "modulator": r.modulator ?? NSNull(), "status": r.shownStatus,
                     "recorded_status": r.status.rawValue, "liveness": r.liveness.description, "advice": r.recoveryAdvice ?? NSNull(),
                     "targets_done": r.progressDone, "targets_total": r.progressTotal, "cells": r.cells, "cells_skipped": r.cellsSkipped,
                     "edges": r.edges, "fallback_fits": r.fallbackFits, "created_at": r.createdAt, "started_at": r.startedAt ?? NSNull(),
                     "finished_at": r.finishedAt ?? NSNull(), "data_hash": r.dataHash, "message": r.message, "label": r.label ?? NSNull(),
                     "parameters": (try? JSONSerialization.jsonObject(with: Data(r.parametersJSON.utf8))) ?? r.parametersJSON]
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// `samplenet runs label ID TEXT`.
struct RunsLabel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Name a run (shown by runs and in the explorer's Jobs view); an empty text clears it.",
        discussion: "Example: samplenet runs label 4 \"gefitinib, lung only, fixed h\"")
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The run id.") var id: Int
    @Argument(help: "The label.") var label: String

    func run() throws {
        try ExitStatus.guarded {
            try catalog.open().setRunLabel(id, label)
            printNote(label.isEmpty ? "run \(id): label cleared" : "run \(id) labelled \"\(label)\"")
        }
    }
}

/// `samplenet runs abandon ID`.
struct RunsAbandon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abandon",
        abstract: "Mark a dead run as stopped: a profile run becomes incomplete (resumable here), a TRIP run failed; an incomplete run becomes failed.",
        discussion: "For a run whose process died, or whose host is gone. Refused while the run's process is alive on this host. Example: samplenet runs abandon 4")
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The run id.") var id: Int

    func run() throws {
        try ExitStatus.guarded {
            let record = try catalog.open().abandonRun(id)
            printNote("run \(record.id) marked \(record.status.rawValue)" + (record.status == .incomplete ? ": resume it with samplenet profile --resume \(record.id)" : ""))
        }
    }
}

/// `samplenet runs delete ID`.
struct RunsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a run and everything stored with it (and TRIP runs on it), in one transaction.",
        discussion: "Refused while the run (or a TRIP run on it) is running. Example: samplenet runs delete 4")
    @OptionGroup var catalog: CatalogOptions
    @Argument(help: "The run id.") var id: Int

    func run() throws {
        try ExitStatus.guarded {
            let deleted = try catalog.open().deleteRun(id)
            printNote("deleted run\(deleted.count == 1 ? "" : "s") " + deleted.map(String.init).joined(separator: ", "))
        }
    }
}
