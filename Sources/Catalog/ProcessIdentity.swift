import Foundation

/// Who runs a run: the host, the process id, and when that process started. A PID alone
/// names a process only while it lives; once it exits the kernel may give the number to any
/// other process. The start time (clock ticks since boot, field 22 of /proc/PID/stat) and the
/// boot id together tell the job that wrote a run from whatever now holds its PID.
public struct ProcessIdentity: Sendable, Equatable {
    public var host: String
    public var pid: Int
    /// "BOOT_ID/TICKS", or nil where /proc is not readable (then only the PID is known).
    public var start: String?

    public init(host: String, pid: Int, start: String?) {
        self.host = host
        self.pid = pid
        self.start = start
    }

    /// This process.
    public static var current: ProcessIdentity {
        let pid = Int(getpid())
        return ProcessIdentity(host: ProcessInfo.processInfo.hostName, pid: pid, start: startStamp(of: pid))
    }

    /// True when `pid` has exited but its parent has not reaped it yet (state Z in
    /// /proc/PID/stat): kill(pid, 0) still succeeds, yet nothing runs.
    public static func isZombie(_ pid: Int) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first == "Z"
    }

    /// The start stamp of process `pid` as it is now (nil: no such process, or no /proc).
    public static func startStamp(of pid: Int) -> String? {
        guard let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces and parentheses): state is
        // field 3, so starttime (field 22) is the 20th after the closing parenthesis.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return boot.trimmingCharacters(in: .whitespacesAndNewlines) + "/" + fields[19]
    }
}

/// Whether the process that wrote a `running` run is still at it. Read from the system each
/// time a run is loaded: the catalog's status column says what the job last wrote, and a job
/// killed with SIGKILL, by a full disk or a power cut writes nothing more.
public enum RunLiveness: Sendable, Equatable {
    /// The run is not marked running.
    case notRunning
    /// Its process is alive on this host and is the one that started the run.
    case alive
    /// Marked running, but its process is gone (or its PID now belongs to another process).
    case dead(reason: String)
    /// Marked running on another host: this machine cannot check it.
    case elsewhere(host: String)

    /// Judges a run marked running from its recorded process.
    public static func of(status: RunStatus, host: String?, pid: Int?, start: String?,
                          thisHost: String = ProcessInfo.processInfo.hostName) -> RunLiveness {
        guard status == .running else { return .notRunning }
        guard let pid, pid > 0 else { return .dead(reason: "no process recorded") }
        if let host, host != thisHost { return .elsewhere(host: host) }
        if kill(pid_t(pid), 0) != 0 && errno == ESRCH { return .dead(reason: "process \(pid) is gone") }
        if ProcessIdentity.isZombie(pid) { return .dead(reason: "process \(pid) has exited (a zombie its parent has not reaped)") }
        if let start {
            guard let now = ProcessIdentity.startStamp(of: pid) else { return .dead(reason: "process \(pid) is gone") }
            return now == start ? .alive : .dead(reason: "process \(pid) is gone (the number now belongs to another process)")
        }
        // Recorded before start stamps existed: accept the PID only if it still runs samplenet.
        guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")) else { return .alive }
        let program = command.split(separator: 0).first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (program as NSString).lastPathComponent.hasPrefix("samplenet") ? .alive
            : .dead(reason: "process \(pid) is gone (the number now belongs to another program)")
    }

    public var isDead: Bool { if case .dead = self { return true } else { return false } }
}
