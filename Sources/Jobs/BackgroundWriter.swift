import Foundation
import Synchronization

/// Runs catalog commits on one background thread, in submission order, while the caller
/// computes the next batch. At most one batch waits behind the one being committed, so
/// memory stays bounded by two batches of results. The first error stops later commits and
/// is rethrown by `submit` or `finish`.
///
/// The catalog connection is used only by this thread between `submit` and `finish`; the
/// caller must not touch it meanwhile (hence `@unchecked Sendable` on the closure).
public final class BackgroundWriter: Sendable {
    public init() {}
    private let queue = DispatchQueue(label: "samplenet.catalog-writer")
    private let slots = DispatchSemaphore(value: 2)
    private let failure = Mutex<Error?>(nil)

    /// Enqueues `commit`; blocks while two commits are already queued or running.
    public func submit(_ commit: @escaping () throws -> Void) throws {
        try rethrowFailure()
        slots.wait()
        let work = UncheckedSendable(commit)
        queue.async { [self] in
            defer { slots.signal() }
            guard failure.withLock({ $0 == nil }) else { return }
            do { try work.value() } catch { failure.withLock { $0 = error } }
        }
    }

    /// Waits until every submitted commit has run; rethrows the first failure.
    public func finish() throws {
        queue.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// Carries a non-Sendable value to the writer thread, which is its only user.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
