import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The built `samplenet` binary (`swift build --build-tests` builds it next to the tests;
/// SAMPLENET_BIN overrides).
let samplenetBinary: String = {
    if let override = ProcessInfo.processInfo.environment["SAMPLENET_BIN"] { return override }
    let testBundle = Bundle.main.bundleURL.deletingLastPathComponent()   // .build/<triple>/debug
    let candidates = [testBundle.appendingPathComponent("samplenet").path,
                      repositoryRoot.appendingPathComponent(".build/debug/samplenet").path]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
}()

func samplenet(_ arguments: String...) throws -> RunResult {
    try runProgram(samplenetBinary, arguments)
}

func samplenet(_ arguments: [String]) throws -> RunResult {
    try runProgram(samplenetBinary, arguments)
}

/// This test process's scratch folder (the sample catalog and its copies, with their job
/// folders), removed when the process exits so repeated runs do not fill /tmp.
let testScratchFolder: URL = {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samplenet-e2e-\(getpid())")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratchFolder) }
    return folder
}()

/// The sample catalog, built once per test run from sample-data/ with the same script
/// `make run` uses.
let sampleCatalog: Result<String, Error> = {
    let path = testScratchFolder.appendingPathComponent("sample.sqlite").path
    do {
        let result = try runProgram("/bin/bash", [repositoryRoot.appendingPathComponent("scripts/build-sample-catalog.sh").path,
                                                  samplenetBinary, path, repositoryRoot.appendingPathComponent("sample-data").path])
        guard result.status == 0 else {
            return .failure(InputError.badData(file: path, line: nil, problem: "sample catalog build failed: \(result.stderr)"))
        }
        return .success(path)
    } catch { return .failure(error) }
}()

/// A private copy of the sample catalog for tests that write.
func copyOfSampleCatalog() throws -> String {
    let source = try sampleCatalog.get()
    let copy = testScratchFolder.appendingPathComponent("copy-\(UUID().uuidString).sqlite").path
    try FileManager.default.copyItem(atPath: source, toPath: copy)
    return copy
}
