import Foundation
import Synchronization

/// Progress of a long job on stderr: a bar with rate and ETA redrawn in place when stderr is
/// a terminal, otherwise one plain line every `interval` seconds (for batch logs).
public final class ProgressReporter: Sendable {
    private let done = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)
    private let total: Int
    private let label: String
    private let start = Date()
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let detail = Mutex<String>("")
    private let unit: String
    /// Called with (done, total, seconds elapsed) at every report and at the end (a shard's
    /// status file follows the job this way).
    private let observer: (@Sendable (Int, Int, Double) -> Void)?

    public init(total: Int, label: String, unit: String = "fits", observer: (@Sendable (Int, Int, Double) -> Void)? = nil) {
        self.total = max(1, total)
        self.label = label
        self.unit = unit
        self.observer = observer
    }

    public func advance(by n: Int = 1) { done.wrappingAdd(n, ordering: .relaxed) }
    public func set(_ n: Int) { done.store(n, ordering: .relaxed) }
    public func setDetail(_ text: String) { detail.withLock { $0 = text } }

    /// Starts the reporting thread. `interval` is the period of the plain lines written to a
    /// log; nil writes none (a short job, e.g. an import: its log gets the final line or the
    /// one-line error alone, never progress lines followed by an error).
    public func start(interval: Double? = 10) {
        guard isTerminal || interval != nil || observer != nil else { return }
        let period = isTerminal ? 0.25 : interval ?? 10
        let thread = Thread { [self] in
            while !finished.load(ordering: .acquiring) {
                Thread.sleep(forTimeInterval: period)
                if finished.load(ordering: .acquiring) { break }
                emit()
            }
        }
        thread.start()
    }

    /// Stops without a last report, for a job that failed: its one-line error follows
    /// alone (a terminal's bar is erased; a log keeps only the periodic lines already written).
    public func abandon() {
        finished.store(true, ordering: .releasing)
        if isTerminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    public func stop() {
        finished.store(true, ordering: .releasing)
        emit()
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func emit() {
        let n = done.load(ordering: .relaxed)
        let elapsed = Date().timeIntervalSince(start)
        let fraction = min(1, Double(n) / Double(total))
        let rate = elapsed > 0 ? Double(n) / elapsed : 0
        let eta = rate > 0 ? Double(total - n) / rate : .infinity
        observer?(n, total, elapsed)
        let text = "\(label) \(n)/\(total) \(unit) (\(String(format: "%.1f", fraction * 100))%) \(String(format: "%.0f", rate))/s ETA \(format(eta)) \(detail.withLock { $0 })"
        if isTerminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    private func format(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--:--" }
        let s = Int(seconds)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
