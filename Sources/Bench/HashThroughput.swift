import ArgumentParser
import Catalog
import Compute
import Foundation

/// `samplenet-bench sha256 FILE`: the throughput of the catalog's file digest (the provenance
/// hash of every import), against the system's sha256sum on the same file in the same run.
struct HashThroughput: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sha256", abstract: "Time the import digest on a file.")
    @Argument(help: "A file to hash.") var file: String

    func run() throws {
        let mebibytes = Double((try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0) / 1_048_576
        let clock = ContinuousClock()
        var digest = ""
        let ours = try clock.measure { digest = try SHA256.file(file) }.inSeconds
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        let pipe = Pipe()
        process.standardOutput = pipe
        let system = try clock.measure {
            try process.run()
            process.waitUntilExit()
        }.inSeconds
        let reference = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        writeLine(String(format: "samplenet %.0f MiB/s, sha256sum %.0f MiB/s, ratio %.2f; digests %@", mebibytes / ours, mebibytes / system,
                         system / ours, digest == reference ? "equal" : "DIFFER"))
    }
}
