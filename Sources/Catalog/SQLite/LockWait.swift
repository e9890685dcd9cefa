import CSQLite3
import Foundation
import Synchronization

/// How every writing connection waits for another process's lock: as long as it takes. A
/// catalog write that gives up after a timeout would throw away work (a profile's finished
/// target, a long import), and nothing in SampleNet holds a lock for long except a writer that
/// will let go. Read-only connections (WAL readers rarely wait at all) give up after
/// `readerLimit` seconds, so a reader or the explorer never hangs. After `LockWait.noteAfter` seconds a note on stderr says what we are waiting for;
/// a job that is told to stop (SIGINT/SIGTERM) calls `LockWait.giveUp()` so its waits end
/// and it can exit instead of hanging on the lock.
public enum LockWait {
    /// Seconds of waiting before the note.
    public static let noteAfter = 5.0
    /// Seconds a wait may still take after `giveUp()`.
    public static let grace = 2.0
    /// How long a read-only connection waits before it reports the lock (writers: forever).
    public static let readerLimit = 10.0
    private static let stopped = Atomic<Bool>(false)
    private static let noted = Atomic<Bool>(false)

    /// Ends every current and future wait (the waiting statement fails with SQLITE_BUSY).
    /// Safe to call from a signal handler: it only stores an atomic.
    public static func giveUp() { stopped.store(true, ordering: .releasing) }

    static var givenUp: Bool { stopped.load(ordering: .acquiring) }

    /// Prints the note once per process.
    static func noteOnce(_ waited: Double) {
        guard !noted.exchange(true, ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data(String(format: "samplenet: waiting for the catalog lock (another process is writing; %.0f s so far); Ctrl-C stops waiting\n", waited).utf8))
    }

    /// The sleep before retry number `count` (0-based): 1, 2, 4 ... up to 100 ms.
    static func pause(_ count: Int32) -> UInt32 { UInt32(min(100_000, 1_000 << min(Int(count), 7))) }
}

/// sqlite3_busy_handler callback: sleep and retry (return 1) until given up (return 0).
/// `count` is how many times it was called for this lock; the elapsed time is its sum of
/// pauses, so no clock state is kept between calls. The context is the connection's limit
/// in seconds (a boxed Double; infinity for writers): readers and the explorer's UI thread
/// give up after it, so they never hang. After `LockWait.giveUp()` a wait still gets
/// `LockWait.grace` seconds, so a stopping job's last commits survive another job's
/// brief commit.
let lockWaitHandler: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32 = { context, count in
    let doubling = Int(min(count, 7))            // 1 + 2 + ... + 2^(k-1) ms, then 100 ms each
    let waited = (Double((1 << doubling) - 1) + 100 * Double(max(0, Int(count) - 7))) / 1000
    let limit = context.map { $0.load(as: Double.self) } ?? .infinity
    if waited >= limit || (LockWait.givenUp && waited >= LockWait.grace) { return 0 }
    if waited >= LockWait.noteAfter { LockWait.noteOnce(waited) }
    usleep(LockWait.pause(count))
    return 1
}
