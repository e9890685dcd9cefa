import Catalog
import Foundation
import Jobs

/// The explorer without a terminal: the same state, update, load effects and render as the
/// interactive loop, driven by a list of keys. For the keystroke-latency benchmark and for
/// scripted checks on real catalogs.
public struct HeadlessSession {
    public private(set) var state: AppState
    private let loader: Loader
    private let inbox = Inbox()
    private let effectsWorker: BackgroundWorker?
    private let rankingWorker: BackgroundWorker?
    private let groupsWorker: BackgroundWorker?
    /// The RE cache, when computed (the latency benchmark warms it before timing keys).
    public let cellEffects: CellRegulatoryEffects?

    /// `regulatoryEffects`: the RE column and the gene view's REC ranking are computed (by the
    /// job layer, as in the interactive explorer); `backgroundEffects`: on their own threads
    /// (answers are folded in at the next key, or by `settle`); otherwise inline, deterministically.
    public init(catalog: Catalog, modulator: String?, run: Int? = nil, width: Int = 120, height: Int = 40, regulatoryEffects: Bool = false,
                backgroundEffects: Bool = false) throws {
        state = try Explorer.loadState(catalog: catalog, initialModulator: modulator, initialRun: run, width: width, height: height)
        let inbox = self.inbox
        effectsWorker = backgroundEffects ? BackgroundWorker(catalogPath: catalog.path, post: inbox.post) : nil
        rankingWorker = backgroundEffects ? BackgroundWorker(catalogPath: catalog.path, post: inbox.post) : nil
        groupsWorker = backgroundEffects ? BackgroundWorker(catalogPath: catalog.path, post: inbox.post) : nil
        self.cellEffects = regulatoryEffects ? CellRegulatoryEffects() : nil
        loader = Loader(catalog: catalog, symbols: state.geneSymbols, launcher: JobLauncher(catalogPath: catalog.path), cellEffects: cellEffects,
                        ranksRegulators: regulatoryEffects, effectsWorker: effectsWorker, rankingWorker: rankingWorker,
                        groupsWorker: groupsWorker)
    }

    /// Waits (up to `timeout` seconds) for a background answer and folds it in; returns the
    /// seconds waited, or nil when none came.
    public mutating func settle(timeout: Double = 10) -> Double? {
        let clock = ContinuousClock(), start = clock.now
        while true {
            let messages = inbox.drain()
            if !messages.isEmpty {
                for message in messages { _ = update(&state, message) }
                let waited = clock.now - start
                return Double(waited.components.seconds) + Double(waited.components.attoseconds) * 1e-18
            }
            if clock.now - start > .seconds(timeout) { return nil }
            usleep(1_000)
        }
    }

    public func stop() {
        effectsWorker?.stop()
        rankingWorker?.stop()
        groupsWorker?.stop()
    }

    /// Folds in a message from outside the keyboard (a job's exit, a poll) as the interactive
    /// loop would, with every load it triggers.
    public mutating func receive(_ message: Message) {
        var messages = [message]
        while !messages.isEmpty {
            let effects = update(&state, messages.removeFirst())
            messages += effects.filter { if case .startJob = $0 { return false } else { return true } }.compactMap(loader.perform)
        }
    }

    /// Applies one key (with every load it triggers) and renders the frame; returns the
    /// frame and the wall time from key to frame, in seconds.
    public mutating func press(_ key: Key) -> (frame: ScreenBuffer, seconds: Double) {
        let clock = ContinuousClock()
        var frame = ScreenBuffer(width: 0, height: 0)
        let elapsed = clock.measure {
            var messages: [Message] = inbox.drain() + [.key(key)]
            while !messages.isEmpty {
                let effects = update(&state, messages.removeFirst())
                messages += effects.filter { if case .startJob = $0 { return false } else { return true } }.compactMap(loader.perform)
            }
            frame = render(state)
        }
        return (frame, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
