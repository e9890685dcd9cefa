import Catalog
import Foundation
import Synchronization

/// Computes a cell line's regulatory effects off the UI thread, so opening a line with tens
/// of thousands of edges shows them at once and the RE column fills in a moment later
/// (`Message.cellEffectsLoaded`). One thread with its own read-only connection (the UI's is
/// not shared); only the latest request is kept, so moving quickly through lines does not
/// queue up work for lines already left.
final class EffectsWorker: Sendable {
    private struct Request: Sendable { var runID: Int, cellID: Int, rows: [EdgeRow] }
    private let pending = Mutex<Request?>(nil)
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = Atomic<Bool>(false)

    init(catalogPath: String, compute: @escaping CellEffects, post: @escaping @Sendable (Message) -> Void) {
        let thread = Thread { [self] in        // holds the worker until `stop`
            var catalog: Catalog? = nil
            while true {
                wake.wait()
                if stopped.load(ordering: .acquiring) { return }
                guard let request = pending.withLock({ r -> Request? in defer { r = nil }; return r }) else { continue }
                do {
                    if catalog == nil { catalog = try Catalog(path: catalogPath, mustExist: true, readOnly: true) }
                    let effects = try compute(catalog!, request.runID, request.cellID, request.rows)
                    post(.cellEffectsLoaded(runID: request.runID, cellID: request.cellID, effects: effects))
                } catch {
                    post(.failed("regulatory effects: \(error)"))
                }
            }
        }
        thread.start()
    }

    /// Replaces any request not yet started.
    func request(runID: Int, cellID: Int, rows: [EdgeRow]) {
        pending.withLock { $0 = Request(runID: runID, cellID: cellID, rows: rows) }
        wake.signal()
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
        wake.signal()
    }
}
