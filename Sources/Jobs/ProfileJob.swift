import Catalog
import Compute
import Foundation
import Synchronization

/// Raised by SIGINT/SIGTERM while a job runs; workers stop at the next fit.
public let jobStopFlag = StopFlag()

/// Routes SIGINT and SIGTERM to `jobStopFlag` (profile and TRIP jobs), and ends any wait
/// for another process's catalog lock so the job can save what it has and exit.
public func installJobStopHandlers() {
    signal(SIGINT) { _ in jobStopFlag.stop(); LockWait.giveUp() }
    signal(SIGTERM) { _ in jobStopFlag.stop(); LockWait.giveUp() }
}

/// Runs NetworkProfiler from the catalog and back: creates (or resumes) the run, fits the
/// remaining targets in batches, and commits each finished target in its own transaction
/// (on a writer thread, overlapping the next batch's fits),
/// so an interrupted run keeps everything it finished and `--resume` redoes nothing.
public struct ProfileJob {
    public let catalog: Catalog
    public let threads: Int
    /// Targets fitted together on shared designs (METHOD.md 1.5); each is still committed
    /// in its own transaction once its batch is done.
    public var batchSize = ProfileJob.defaultBatchSize
    /// Targets per batch unless --batch says otherwise (our choice: memory grows with it, and
    /// results do not depend on it).
    public static let defaultBatchSize = 32
    /// The straightforward per-fit path (the reference the batched path is tested against).
    public var perFit = false

    public init(catalog: Catalog, threads: Int) {
        self.catalog = catalog
        self.threads = threads
    }

    /// Refuses parameters that cannot work on this data (a constant modulator, a held-out
    /// set or k that does not fit the cells) before a run is created, so a refused command
    /// leaves nothing behind.
    public static func check(parameters: ProfileParameters, data: ProfileData) throws {
        do {
            _ = try NetworkProfiler(modulator: data.modulatorValues, regulators: data.regulators, targets: data.targets,
                                    targetSelfIndex: data.targetSelfIndex, options: parameters.options)
        } catch let failure as NetworkProfiler.Failure {
            throw InputError.usage(failure.description)
        }
    }

    /// Profiles `pending` targets of run `runID`. Returns normally when all are done;
    /// throws `JobInterrupted` after an interrupt (the run is left 'incomplete').
    public func run(runID: Int, parameters: ProfileParameters, data: ProfileData, pending: [Int]) throws {
        BLASThreads.set(1)     // app-level parallelism; never oversubscribe the cores
        installJobStopHandlers()
        let profiler: NetworkProfiler
        do {
            profiler = try NetworkProfiler(modulator: data.modulatorValues, regulators: data.regulators, targets: data.targets,
                                           targetSelfIndex: data.targetSelfIndex, options: parameters.options)
        } catch let failure as NetworkProfiler.Failure {
            try catalog.setRunStatus(runID, status: .failed, message: failure.description)
            throw InputError.usage(failure.description)
        }
        printNote("run \(runID): NetworkProfiler on \(data.cells.count) cell lines (modulator \(parameters.modulator); "
                  + "\(data.skippedCells) cell lines without a value left out), \(data.regulatorIDs.count) regulators, "
                  + "\(pending.count) of \(data.targetIDs.count) targets to do, \(threads) threads")
        if let overlap = try Self.signatureOverlap(catalog: catalog, parameters: parameters, data: data) { printNote(overlap) }
        let reporter = ProgressReporter(total: profiler.fitsPerTarget * pending.count, label: "run \(runID)")
        reporter.start()
        let completed = Atomic<Int>(0)
        let writer = BackgroundWriter()
        do {
            batches: for start in stride(from: 0, to: pending.count, by: max(1, batchSize)) {
                let batch = Array(pending[start..<min(pending.count, start + max(1, batchSize))])
                reporter.setDetail("targets \(parameters.targets[batch[0]])\(batch.count > 1 ? "..\(parameters.targets[batch.last!])" : "")")
                let results: [TargetResult]
                if perFit {
                    var single: [TargetResult] = []
                    for k in batch {
                        guard let r = try profiler.profile(target: k, threads: threads, stop: jobStopFlag, progress: { reporter.advance() }) else {
                            break batches
                        }
                        single.append(r)
                    }
                    results = single
                } else {
                    guard let batched = try profiler.profile(batch: batch, threads: threads, stop: jobStopFlag,
                                                             progress: { reporter.advance(by: $0) }) else { break batches }
                    results = batched
                }
                // Committed on the writer thread while the next batch computes.
                try writer.submit {
                    for result in results {
                        try store(result, runID: runID, data: data)
                        completed.add(1, ordering: .relaxed)
                    }
                }
            }
            try writer.finish()
        } catch where !jobStopFlag.isStopped {
            try? writer.finish()
            reporter.stop()
            try? catalog.setRunStatus(runID, status: .failed, message: "\(error)")
            throw error
        } catch {
            // Stopped while a commit waited for another process's lock (LockWait gave up):
            // an interruption like any other; what was committed stays.
            try? writer.finish()
        }
        reporter.stop()
        let committed = completed.load(ordering: .relaxed)
        if committed < pending.count {
            let done = data.targetIDs.count - pending.count + committed
            // If the lock is still held the status cannot be written: the run then shows as
            // dead (its process gone), which `--resume` finishes all the same.
            try? catalog.setRunStatus(runID, status: .incomplete,
                                      message: "interrupted after \(done) of \(data.targetIDs.count) targets; resume with samplenet profile --resume \(runID)")
            printNote("run \(runID) interrupted: \(done) of \(data.targetIDs.count) targets committed; resume with `samplenet profile --resume \(runID)`")
            throw JobInterrupted()
        }
        try catalog.setRunStatus(runID, status: .finished)
        printNote("run \(runID) finished")
    }

    private func store(_ result: TargetResult, runID: Int, data: ProfileData) throws {
        try Self.save(ShardFile.Target(index: result.target, bandwidth: result.bandwidth, cv: Self.cvRow(result.cv), fits: result.fits),
                      runID: runID, data: data, catalog: catalog)
    }

    /// What the catalog stores of a target's bandwidth CV.
    public static func cvRow(_ cv: BandwidthCV?) -> TargetCVRow? {
        cv.map {
            TargetCVRow(selectedError: $0.selectedError, bestFiniteBandwidth: $0.bestFinite, bestFiniteError: $0.bestFiniteError,
                        staticError: $0.staticError, differenceSE: $0.differenceSE, gridBoundary: $0.onBoundary)
        }
    }

    /// Saves one target's result (from a profile or a shard file) in its own transaction, or
    /// within the caller's.
    public static func save(_ t: ShardFile.Target, runID: Int, data: ProfileData, catalog: Catalog) throws {
        let target = data.targetIDs[t.index]
        let fits = t.fits.map { f in
            FitRow(cellID: data.cells[f.cell].id, lambda: f.lambda, gamma: f.gamma, intercept: f.intercept,
                   mWAICc: f.mWAICc, degreesOfFreedom: f.degreesOfFreedom, fallback: f.fallback)
        }
        let edges = t.fits.flatMap { f in
            f.edges.map { EdgeRow(cellID: data.cells[f.cell].id, regulatorID: data.regulatorIDs[$0.regulator], targetID: target, beta: $0.beta) }
        }
        try catalog.saveTarget(runID: runID, targetID: target, bandwidth: t.bandwidth, cv: t.cv, fits: fits, edges: edges)
    }

    /// METHOD.md 1.7's signature overlap, said before the work: which targets and regulators
    /// are genes of the signature that defines the modulator (nil when none, or the modulator
    /// has no recorded signature).
    public static func signatureOverlap(catalog: Catalog, parameters: ProfileParameters, data: ProfileData) throws -> String? {
        let signature = try catalog.modulatorSignature(name: parameters.modulator)
        let targets = data.targetIDs.indices.filter { signature[data.targetIDs[$0]] != nil }.map { parameters.targets[$0] }
        let regulators = data.regulatorIDs.indices.filter { signature[data.regulatorIDs[$0]] != nil }.map { parameters.regulators[$0] }
        guard !targets.isEmpty || !regulators.isEmpty else { return nil }
        func some(_ xs: [String]) -> String { xs.prefix(8).joined(separator: ", ") + (xs.count > 8 ? ", ..." : "") }
        return "signature overlap: \(targets.count) of \(data.targetIDs.count) targets" + (targets.isEmpty ? "" : " (\(some(targets)))")
            + " and \(regulators.count) of \(data.regulatorIDs.count) regulators" + (regulators.isEmpty ? "" : " (\(some(regulators)))")
            + " are genes of the signature that defines \(parameters.modulator): their variation along it is expected by construction; "
            + "`samplenet modulator emt --exclude GENES --name NEW` scores without them (METHOD.md 1.7)"
    }
}
