import Catalog
import Foundation

/// The explorer without a terminal: the same state, update, load effects and render as the
/// interactive loop, driven by a list of keys. For the keystroke-latency benchmark and for
/// scripted checks on real catalogs.
public struct HeadlessSession {
    public private(set) var state: AppState
    private let loader: Loader

    public init(catalog: Catalog, modulator: String?, width: Int = 120, height: Int = 40, ranker: RegulatorRanker? = nil,
                cellEffects: CellEffects? = nil) throws {
        state = try Explorer.loadState(catalog: catalog, initialModulator: modulator, width: width, height: height)
        loader = Loader(catalog: catalog, symbols: state.geneSymbols, launcher: JobLauncher(catalogPath: catalog.path), ranker: ranker,
                        cellEffects: cellEffects)
    }

    /// Applies one key (with every load it triggers) and renders the frame; returns the
    /// frame and the wall time from key to frame, in seconds.
    public mutating func press(_ key: Key) -> (frame: ScreenBuffer, seconds: Double) {
        let clock = ContinuousClock()
        var frame = ScreenBuffer(width: 0, height: 0)
        let elapsed = clock.measure {
            var messages: [Message] = [.key(key)]
            while !messages.isEmpty {
                let effects = update(&state, messages.removeFirst())
                messages += effects.filter { if case .startJob = $0 { return false } else { return true } }.compactMap(loader.perform)
            }
            frame = render(state)
        }
        return (frame, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
