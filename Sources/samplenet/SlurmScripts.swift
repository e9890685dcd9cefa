import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `profile --shards N --out DIR --slurm`: a Slurm job array (one task per shard) and a merge
/// job that runs after all of them succeed (issue 21 item 3).
struct SlurmOptions: ParsableArguments {
    @Flag(help: "With --shards N --out DIR: also write DIR/shards.sbatch (a job array, one task per shard) and DIR/merge.sbatch (runs after every task succeeds), print the sbatch commands and a per-shard time and memory estimate from one target measured here.")
    var slurm = false
    @Option(help: ArgumentHelp("Slurm partition.", valueName: "name")) var partition: String?
    @Option(help: ArgumentHelp("Time limit per shard task (Slurm format, e.g. 2:00:00; default: 1.5 x the estimate + 10 min).", valueName: "time"))
    var time: String?
    @Option(help: ArgumentHelp("Memory per shard task (e.g. 4G; default: 2 x the memory measured here, at least 1G).", valueName: "mem"))
    var mem: String?
    @Option(help: ArgumentHelp("CPUs per shard task (its --threads).", valueName: "n")) var cpus = 1
    @Flag(help: "Submit the array and the merge job with sbatch instead of only printing the commands.") var submit = false
}

/// The two sbatch scripts and their estimate.
struct SlurmScripts {
    let runID: Int
    let shards: Int
    let folder: String
    let catalog: String
    let options: SlurmOptions

    static var binary: String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    static func clock(_ seconds: Double) -> String {
        let s = max(60, Int(seconds.rounded(.up)))
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }

    func header(name: String, time: String, mem: String, cpus: Int, output: String) -> String {
        var lines = ["#!/bin/bash", "#SBATCH --job-name=\(name)", "#SBATCH --cpus-per-task=\(cpus)", "#SBATCH --time=\(time)",
                     "#SBATCH --mem=\(mem)", "#SBATCH --output=\(output)"]
        if let p = options.partition { lines.append("#SBATCH --partition=\(p)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes both scripts; returns (array script, merge script).
    func write(time: String, mem: String) throws -> (String, String) {
        let dir = Self.absolute(folder), cat = Self.absolute(catalog), bin = Self.binary
        let array = header(name: "samplenet-run\(runID)", time: time, mem: mem, cpus: options.cpus, output: "\(dir)/slurm-%A_%a.out")
            + "#SBATCH --array=1-\(shards)\nset -euo pipefail\n"
            + "exec '\(bin)' profile --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\" --out '\(dir)' --threads \(options.cpus) --catalog '\(cat)'\n"
        let merge = header(name: "samplenet-merge\(runID)", time: time, mem: mem, cpus: 1, output: "\(dir)/slurm-merge-%j.out")
            + "#SBATCH --kill-on-invalid-dep=yes\nset -euo pipefail\n"
            + "exec '\(bin)' merge --run \(runID) '\(dir)' --catalog '\(cat)'\n"
        let arrayPath = dir + "/shards.sbatch", mergePath = dir + "/merge.sbatch"
        try ShardFile.writeAtomically(array, to: arrayPath)
        try ShardFile.writeAtomically(merge, to: mergePath)
        return (arrayPath, mergePath)
    }

    /// `sbatch --parsable ARGS`; the job id.
    static func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw InputError.usage("cannot run sbatch: \(error.localizedDescription)") }
        process.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !text.isEmpty else {
            throw InputError.usage("sbatch failed: " + String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        return String(text.split(separator: ";")[0])
    }
}
