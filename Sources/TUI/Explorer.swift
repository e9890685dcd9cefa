import Catalog

/// Runs the explorer on a catalog until the user quits or a signal arrives.
public enum Explorer {
    /// Loads the state from the catalog: every cell line with expression, every modulator.
    public static func loadState(catalog: Catalog, initialModulator: String?, glyphs: Glyphs = .unicode,
                                 width: Int = 80, height: Int = 24) throws -> AppState {
        let cells = try catalog.cellLines().filter(\.hasExpression).map {
            CellRow(id: $0.id, key: $0.key, name: $0.name, tissue: $0.tissue ?? "", cancerType: $0.cancerType ?? "")
        }
        let modulators = try catalog.modulators().map { m in
            ModulatorColumn(name: m.name, unit: m.unit, values: try catalog.modulatorValues(m).values)
        }
        var index: Int? = nil
        if let initialModulator {
            guard let found = modulators.firstIndex(where: { $0.name == initialModulator }) else {
                throw InputError.usage("no modulator named \(initialModulator); have: \(modulators.map(\.name).joined(separator: ", "))")
            }
            index = found
        }
        return AppState(catalogName: catalog.path, cells: cells, modulators: modulators, modulatorIndex: index,
                        width: width, height: height, glyphs: glyphs)
    }

    /// Opens the terminal and runs the loop; returns the exit status (130 after SIGINT).
    public static func run(catalog: Catalog, initialModulator: String?) throws -> Int32 {
        var state = try loadState(catalog: catalog, initialModulator: initialModulator)
        let terminal = try Terminal()
        defer { terminal.stop() }
        let size = terminal.size
        state.glyphs = terminal.glyphs
        _ = update(&state, .resize(width: size.width, height: size.height))
        var dirty = true
        while !terminalStopFlag.isStopped {
            if dirty { terminal.draw(render(state)); dirty = false }
            guard let message = terminal.readMessage() else { continue }
            let effects = update(&state, message)
            dirty = true
            if effects.contains(.quit) { return 0 }
        }
        return 130
    }
}
