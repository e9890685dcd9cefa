import Catalog
import Foundation
import Synchronization

/// Runs the explorer's slow loads off the UI thread: a line's regulatory effects (tens of
/// thousands of edges) and a gene's REC ranking (every line of the run). The view appears at
/// once from what is quick to read and fills in when the answer arrives as a message. One
/// thread with its own read-only connection (the UI's is not shared); only the latest job is
/// kept, so moving quickly past lines or genes does not queue work for ones already left.
final class BackgroundWorker: Sendable {
    typealias Job = @Sendable (Catalog) throws -> Message
    private let pending = Mutex<Job?>(nil)
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)
    private let catalogPath: String
    private let post: @Sendable (Message) -> Void

    init(catalogPath: String, post: @escaping @Sendable (Message) -> Void) {
        self.catalogPath = catalogPath
        self.post = post
        Thread { [self] in run() }.start()          // holds the worker until `stop`
    }

    private func run() {
        var catalog: Catalog? = nil
        while true {
            wake.wait()
            if stopped.load(ordering: .acquiring) { return }
            guard let job = pending.withLock({ j -> Job? in defer { j = nil }; return j }) else { continue }
            do {
                if catalog == nil { catalog = try Catalog(path: catalogPath, mustExist: true, readOnly: true) }
                post(try job(catalog!))
            } catch {
                post(.failed("\(error)"))
            }
        }
    }

    /// Replaces any job not yet started.
    func submit(_ job: @escaping Job) {
        pending.withLock { $0 = job }
        wake.signal()
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
    }
}
