import Foundation

public struct RunResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// The child's own peak resident set size (VmHWM of its /proc status, polled while it
    /// runs), KiB. Not getrusage's ru_maxrss: posix_spawn vforks, and Linux then counts the
    /// parent's (this test process's) peak as the child's.
    public var peakRSSKiB = 0
}

/// Runs a program to completion with posix_spawn + waitpid, capturing both streams in
/// temporary files. (Foundation's Process waits on descriptors that a daemon the program
/// starts, such as the tmux server, inherits and keeps open, so it would never return.)
@discardableResult
public func runProgram(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)").path
    let outPath = base + ".out", errPath = base + ".err"
    defer { unlink(outPath); unlink(errPath) }
    let pid = try spawn(executable, arguments, stdout: outPath, stderr: errPath, environment: environment)
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
public func highWaterMark(_ pid: pid_t) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

/// Starts a program in the background and returns its pid. Test threads run with signals
/// blocked; the child starts with none blocked and default handlers, or the explorer under
/// tmux would never see SIGWINCH and a job would ignore SIGINT. `environment` is added to
/// (and overrides) this process's.
public func spawn(_ executable: String, _ arguments: [String], stdout: String = "/dev/null", stderr: String = "/dev/null",
           environment: [String: String] = [:]) throws -> pid_t {
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
    let rc: Int32
    if environment.isEmpty {
        rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
    } else {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    }
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    return pid
}

