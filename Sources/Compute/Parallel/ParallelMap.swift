import Foundation
import Synchronization

/// Maps `body` over 0..<count on `threads` threads. Items are handed out one at a time from
/// an atomic counter, results are stored by index, so the output does not depend on the
/// number of threads or on scheduling as long as `body(i)` depends only on i. Returns nil
/// when `stop` was raised before every item finished.
public enum ParallelMap {
    public static func run<T: Sendable>(count: Int, threads: Int, stop: StopFlag,
                                        body: @escaping @Sendable (Int) -> T) -> [T]? {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        let shared = Shared<T>(count: count)
        let work: @Sendable () -> Void = {
            while !stop.isStopped {
                let i = shared.next.wrappingAdd(1, ordering: .relaxed).oldValue
                if i >= count { return }
                let value = body(i)
                shared.results.withLock { $0[i] = value }
            }
        }
        if workers == 1 {
            work()
        } else {
            let group = DispatchGroup()
            for _ in 0..<workers {
                group.enter()
                let thread = Thread { work(); group.leave() }
                thread.stackSize = 8 << 20
                thread.start()
            }
            group.wait()
        }
        let collected = shared.results.withLock { $0 }
        guard collected.allSatisfy({ $0 != nil }) else { return nil }
        return collected.map { $0! }
    }
}

/// The work counter and the result slots, shared by the workers (the lock travels with
/// the data it guards).
private final class Shared<T: Sendable>: Sendable {
    let next = Atomic<Int>(0)
    let results: Mutex<[T?]>
    init(count: Int) { results = Mutex(Array(repeating: nil, count: count)) }
}
