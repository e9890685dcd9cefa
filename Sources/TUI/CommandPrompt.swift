import Foundation
import Catalog

/// `:cell NAME`, `:gene SYMBOL`, `:edge REGULATOR TARGET`, `:explain [CELL]`, `:trip`, `:jobs`, `:q`.
func updateCommand(_ state: inout AppState, key: Key, field: TextField) -> [Effect] {
    switch key {
    case .escape:
        state.mode = .browse
    case .backspace where field.text.isEmpty:
        state.mode = .browse
    case .enter:
        state.mode = .browse
        return runCommand(&state, field.text)
    default:
        var edited = field
        if edited.apply(key) { state.mode = .command(edited) }
    }
    return []
}

private func runCommand(_ state: inout AppState, _ text: String) -> [Effect] {
    let words = text.split(separator: " ").map(String.init)
    guard let verb = words.first else { return [] }
    let argument = words.dropFirst().joined(separator: " ")
    switch verb {
    case "q", "quit":
        return [.quit]
    case "cell":
        let key = CellKey.normalise(argument)
        guard let position = state.order.firstIndex(where: {
            let cell = state.cells[$0]
            return cell.key == key || CellKey.normalise(cell.name) == key
        }) else {
            state.message = "no cell line \(argument)"
            return []
        }
        state.screens = [.cells]
        state.cursor = position
        state.clampCursor()
        return openEdges(&state)
    case "gene":
        guard !argument.isEmpty else { state.message = "usage: :gene SYMBOL"; return [] }
        guard let gene = state.geneSymbols.first(where: { $0.value.uppercased() == argument.uppercased() })?.key else {
            state.message = "unknown gene \(argument)"
            return []
        }
        return openGene(&state, geneID: gene)
    case "edge":
        guard words.count == 3 else { state.message = "usage: :edge REGULATOR TARGET"; return [] }
        guard let run = state.profileRun else { state.message = "no run for this modulator"; return [] }
        let symbols = state.geneSymbols
        guard let regulator = symbols.first(where: { $0.value.uppercased() == words[1].uppercased() })?.key,
              let target = symbols.first(where: { $0.value.uppercased() == words[2].uppercased() })?.key else {
            state.message = "unknown gene in \(words[1]) \(words[2])"
            return []
        }
        state.screens = state.screen == .edges ? state.screens + [.edgeProfile] : [.cells, .edgeProfile]
        state.edgeProfile = nil
        return [.loadEdgeProfile(runID: run.id, regulatorID: regulator, targetID: target)]
    case "export":
        var format: ViewTable.Format?, path: String?
        for word in words.dropFirst() {
            if let f = ViewTable.Format(rawValue: word.lowercased()) { format = f } else { path = word }
        }
        if format == nil, let path, let f = ViewTable.Format(rawValue: (path as NSString).pathExtension.lowercased()) { format = f }
        return exportView(&state, format: format, path: path)
    case "trip":
        // `:trip` shows the view; `:trip OPTIONS` starts `samplenet trip` on the shown run as a
        // job (options as on the command line), instead of ignoring them.
        guard words.count > 1 else { return show(&state, [.trip]) }
        guard let run = state.profileRun, run.status == .finished else {
            state.message = "TRIP needs a finished NetworkProfiler run for \(state.modulator?.name ?? "this modulator")"
            return []
        }
        let options = Array(words.dropFirst())
        return [.startJob(arguments: ["trip", "--catalog", state.catalogName] + (options.contains("--run") ? [] : ["--run", String(run.id)]) + options)]
    case "import":
        // `samplenet import KIND FILE [options]` as a job: the catalog is written by that
        // process in one transaction; the explorer reads it again when it finishes.
        let kinds = ["expression", "modulator", "response", "regulators", "annotation", "network"]
        guard words.count >= 3, kinds.contains(words[1]) else {
            state.message = "usage: :import \(kinds.joined(separator: "|")) FILE [options, e.g. --dry-run, --drug gefitinib]"
            return []
        }
        return [.startJob(arguments: ["import"] + words.dropFirst() + ["--catalog", state.catalogName])]
    case "explain":
        if !argument.isEmpty {
            let key = CellKey.normalise(argument)
            guard let position = state.order.firstIndex(where: { state.cells[$0].key == key || CellKey.normalise(state.cells[$0].name) == key }) else {
                state.message = "no cell line \(argument)"
                return []
            }
            state.cursor = position
            state.clampCursor()
        }
        state.screens = [.trip]
        return (state.tripRun.map { [.loadTrip(runID: $0.id)] } ?? []) + openContributions(&state)
    case "modulators": return show(&state, [.cells, .modulators])
    case "jobs": return show(&state, [.jobs])
    case "cells": return show(&state, [.cells])
    default:
        state.message = "unknown command :\(verb) (try :cell, :gene, :edge, :explain, :import, :export, :trip, :jobs, :q)"
        return []
    }
}
