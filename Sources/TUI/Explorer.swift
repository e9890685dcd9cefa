import Catalog
import Foundation
import Jobs

/// Runs the explorer on a catalog until the user quits or a signal arrives.
public enum Explorer {
    /// Loads the state from the catalog: every cell line with expression, every modulator.
    public static func loadState(catalog: Catalog, initialModulator: String?, initialRun: Int? = nil, glyphs: Glyphs = .unicode,
                                 width: Int = 80, height: Int = 24) throws -> AppState {
        let (cells, modulators, symbols) = try catalogLists(catalog)
        var index: Int? = nil
        if let initialModulator {
            guard let found = modulators.firstIndex(where: { $0.name == initialModulator }) else {
                throw InputError.usage("no modulator named \(initialModulator); have: \(modulators.map(\.name).joined(separator: ", "))")
            }
            index = found
        }
        var state = AppState(catalogName: catalog.path, cells: cells, modulators: modulators, modulatorIndex: index,
                             width: width, height: height, glyphs: glyphs)
        state.geneSymbols = symbols
        state.runs = try catalog.runs()
        if let initialRun {
            guard let run = state.runs.first(where: { $0.id == initialRun }) else { throw InputError.usage("no run \(initialRun) in \(catalog.path)") }
            guard state.choose(run) else { throw InputError.usage("run \(initialRun) has no networks to show (a profile run, or a TRIP run of one, is needed)") }
            if run.kind == .trip { state.screens = [.trip] }
        }
        return state
    }

    /// What an import can change: the cell lines with expression, the modulators with their
    /// values, and the gene symbols (read at start and again after `:import`).
    static func catalogLists(_ catalog: Catalog) throws -> (cells: [CellRow], modulators: [ModulatorColumn], symbols: [Int: String]) {
        let cells = try catalog.cellLines().filter(\.hasExpression).map {
            CellRow(id: $0.id, key: $0.key, name: $0.name, tissue: $0.tissue ?? "", cancerType: $0.cancerType ?? "")
        }
        let modulators = try catalog.modulators().map { m in
            ModulatorColumn(name: m.name, unit: m.unit, values: try catalog.modulatorValues(m).values)
        }
        return (cells, modulators, Dictionary(try catalog.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Opens the terminal and runs the loop; returns the exit status (130 after SIGINT).
    /// Keys are read with a 50 ms timeout; between keys the loop folds in what the poller
    /// posted and performs load effects, so the screen follows runs written by any process.
    public static func run(catalog: Catalog, initialModulator: String?, initialRun: Int? = nil, firstLook: Bool = false) throws -> Int32 {
        var state = try loadState(catalog: catalog, initialModulator: initialModulator, initialRun: initialRun)
        let launcher = JobLauncher(catalogPath: catalog.path)
        let inbox = Inbox()
        let workers = (effects: BackgroundWorker(catalogPath: catalog.path, post: inbox.post),
                       ranking: BackgroundWorker(catalogPath: catalog.path, post: inbox.post),
                       groups: BackgroundWorker(catalogPath: catalog.path, post: inbox.post))
        defer { workers.effects.stop(); workers.ranking.stop(); workers.groups.stop() }
        let effects = CellRegulatoryEffects()
        effects.prefetch(catalogPath: catalog.path)
        let loader = Loader(catalog: catalog, symbols: state.geneSymbols, launcher: launcher, cellEffects: effects, ranksRegulators: true,
                            effectsWorker: workers.effects, rankingWorker: workers.ranking, groupsWorker: workers.groups)
        let poller = CatalogPoller(path: catalog.path, inbox: inbox)
        let terminal = try Terminal()
        defer { poller.stop(); terminal.stop() }
        poller.start()
        let size = terminal.size
        state.glyphs = terminal.glyphs
        _ = update(&state, .resize(width: size.width, height: size.height))
        var dirty = true
        var lastTick = 0.0
        var first: [Message] = firstLook ? [.welcome] : []     // an empty catalog starts its first-minute jobs
        while !terminalStopFlag.isStopped {
            if dirty { terminal.draw(render(state)); dirty = false }
            var messages = first + inbox.drain() + launcher.reap()
            first = []
            let now = Date().timeIntervalSince1970
            if now - lastTick >= 1 {
                lastTick = now
                messages.append(.tick(now: now))
            }
            if let key = terminal.readMessage() { messages.append(key) }
            while !messages.isEmpty {
                let message = messages.removeFirst()
                let effects = update(&state, message)
                dirty = true
                if effects.contains(.quit) { return 0 }
                messages += effects.compactMap(loader.perform)
            }
        }
        return 130
    }
}
