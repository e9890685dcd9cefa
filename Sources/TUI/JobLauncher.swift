import Foundation

/// Starts `samplenet` job processes for the explorer: in their own session (setsid), so they
/// outlive it and no terminal signal reaches them, with stdin from /dev/null and stdout and
/// stderr to a log file next to the catalog. Polls the ones it started for their exit.
final class JobLauncher {
    private let catalogPath: String
    private var running: [(pid: Int32, log: String)] = []

    init(catalogPath: String) { self.catalogPath = catalogPath }

    /// This very executable (a job runs the same build as the explorer).
    private static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    func start(_ arguments: [String]) -> Message {
        let folder = catalogPath + ".jobs"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let log = "\(folder)/\(arguments.first ?? "job")-\(stamp).log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK))   // 0x80: POSIX_SPAWN_SETSID (glibc >= 2.26; not imported)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        let argv = ([Self.executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, Self.executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { return .failed("cannot start \(Self.executable): \(String(cString: strerror(rc)))") }
        running.append((pid, log))
        return .jobStarted(LaunchedJob(pid: pid, log: log, command: arguments.first ?? "job"))
    }

    /// Exit messages for the jobs that ended since the last call.
    func reap() -> [Message] {
        var out: [Message] = []
        running.removeAll { job in
            var status: Int32 = 0
            guard waitpid(job.pid, &status, WNOHANG) == job.pid else { return false }
            let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            let lines = (try? String(contentsOfFile: job.log, encoding: .utf8))?
                .split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init) ?? []
            let summary = lines.first { !$0.hasPrefix(" ") && !$0.hasPrefix("[") && !$0.hasPrefix("reading ") }
            out.append(.jobExited(pid: job.pid, status: code, tail: Array(lines.suffix(3)), summary: summary))
            return true
        }
        return out
    }
}
