import Foundation
import Testing
@testable import Catalog

/// The repository root and the built `samplenet` binary (`swift build --build-tests` builds
/// it next to the tests; SAMPLENET_BIN overrides).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let samplenetBinary: String = {
    if let override = ProcessInfo.processInfo.environment["SAMPLENET_BIN"] { return override }
    let testBundle = Bundle.main.bundleURL.deletingLastPathComponent()   // .build/<triple>/debug
    let candidates = [testBundle.appendingPathComponent("samplenet").path,
                      repositoryRoot.appendingPathComponent(".build/debug/samplenet").path]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// The child's own peak resident set size (VmHWM of its /proc status, polled while it
    /// runs), KiB. Not getrusage's ru_maxrss: posix_spawn vforks, and Linux then counts the
    /// parent's (this test process's) peak as the child's.
    var peakRSSKiB = 0
}

/// Runs a program to completion with posix_spawn + waitpid, capturing both streams in
/// temporary files. (Foundation's Process waits on descriptors that a daemon the program
/// starts, such as the tmux server, inherits and keeps open, so it would never return.)
@discardableResult
func runProgram(_ executable: String, _ arguments: [String]) throws -> RunResult {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer { unlink(outPath); unlink(errPath) }
    let pid = try spawn(executable, arguments, stdout: outPath, stderr: errPath)
    var status: Int32 = 0
    var peak = 0
    while true {
        peak = max(peak, highWaterMark(pid))
        let done = waitpid(pid, &status, WNOHANG)
        if done == pid || (done == -1 && errno != EINTR) { break }
        usleep(20_000)
    }
    // WIFEXITED / WEXITSTATUS, spelled out (the macros do not import).
    let exited = (status & 0x7f) == 0
    return RunResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
                     stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                     stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                     peakRSSKiB: peak)
}

/// VmHWM of a live process, KiB (0 once it has exited).
func highWaterMark(_ pid: pid_t) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

/// Starts a program in the background and returns its pid. Test threads run with signals
/// blocked; the child starts with none blocked and default handlers, or the explorer under
/// tmux would never see SIGWINCH and a job would ignore SIGINT.
func spawn(_ executable: String, _ arguments: [String], stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t(), all = sigset_t()
    sigemptyset(&empty)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    return pid
}

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

/// Every row of every table, as text.
func dump(_ path: String) throws -> String {
    let catalog = try Catalog(path: path, mustExist: true)
    let tables = try catalog.connection.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap { $0.first?.string }
    var out = ""
    for table in tables {
        out += "## \(table)\n"
        for row in try catalog.connection.rows("SELECT * FROM \(table) ORDER BY 1, 2") { out += row.map { "\($0)" }.joined(separator: "|") + "\n" }
    }
    return out
}
