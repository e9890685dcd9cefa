import ArgumentParser
import Catalog
import Foundation

/// `samplenet runs`: every run with status and counts.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List runs with status, progress and counts.",
        discussion: """
            'fallback' counts the (target, cell) fits that fell back to the intercept-only model
            (no valid candidate; METHOD.md 1.2). A run whose process is gone is shown as
            incomplete: finish it with `samplenet profile --resume ID`.
            Example: samplenet runs --format json
            """)
    @OptionGroup var catalog: CatalogOptions
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "text or json.") var format: Format = .text

    /// 'running' rows whose process has died on this host are really incomplete.
    static func effectiveStatus(_ r: RunRecord) -> RunStatus {
        if r.status == .running, let pid = r.pid, r.host == ProcessInfo.processInfo.hostName, kill(Int32(pid), 0) != 0, errno == ESRCH {
            return .incomplete
        }
        return r.status
    }

    func run() throws {
        try ExitStatus.guarded {
            let records = try catalog.open().runs()
            switch format {
            case .text:
                print("id  kind     modulator   status      targets    cells (skipped)  edges      fallback  created")
                for r in records {
                    func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
                    print(pad(String(r.id), 3) + " " + pad(r.kind.rawValue, 8) + " " + pad(r.modulator ?? "-", 11) + " " + pad(Runs.effectiveStatus(r).rawValue, 11) + " "
                          + pad("\(r.progressDone)/\(r.progressTotal)", 10) + " " + pad("\(r.cells) (\(r.cellsSkipped))", 16) + " "
                          + pad(String(r.edges), 10) + " " + pad(String(r.fallbackFits), 9) + " " + r.createdAt)
                    if !r.message.isEmpty { print("    " + r.message) }
                }
            case .json:
                let objects: [[String: Any]] = records.map { r in
                    ["id": r.id, "kind": r.kind.rawValue, "modulator": r.modulator ?? NSNull(), "status": Runs.effectiveStatus(r).rawValue,
                     "targets_done": r.progressDone, "targets_total": r.progressTotal, "cells": r.cells, "cells_skipped": r.cellsSkipped,
                     "edges": r.edges, "fallback_fits": r.fallbackFits, "created_at": r.createdAt, "started_at": r.startedAt ?? NSNull(),
                     "finished_at": r.finishedAt ?? NSNull(), "data_hash": r.dataHash, "message": r.message,
                     "parameters": (try? JSONSerialization.jsonObject(with: Data(r.parametersJSON.utf8))) ?? r.parametersJSON]
                }
                let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
