/// Typed reads of cell lines, genes, modulators and counts.
extension Catalog {
    public func cellLines() throws -> [CellLine] { try cellLines(where: "1", []) }

    /// The cell line a user named (any spelling with the same key: `MDA-MB-231`, `mdamb231`).
    public func cellLine(named name: String) throws -> CellLine? {
        try cellLines(where: "key = ?", [.text(CellKey.normalise(name))]).first
    }

    private func cellLines(where condition: String, _ bindings: [SQLValue]) throws -> [CellLine] {
        let s = try connection.prepare("""
            SELECT id, key, name, cosmic_id, tissue, cancer_type, expr_col IS NOT NULL
            FROM cell_line WHERE \(condition) ORDER BY key
            """)
        try s.bind(bindings)
        var out: [CellLine] = []
        while try s.step() {
            out.append(CellLine(id: s.int(0), key: s.string(1) ?? "", name: s.string(2) ?? "",
                                cosmicID: s.isNull(3) ? nil : s.int(3), tissue: s.string(4),
                                cancerType: s.string(5), hasExpression: s.int(6) != 0))
        }
        return out
    }

    public func genes() throws -> [Gene] {
        let s = try connection.prepare("SELECT id, symbol, is_regulator FROM gene ORDER BY symbol")
        var out: [Gene] = []
        while try s.step() { out.append(Gene(id: s.int(0), symbol: s.string(1) ?? "", isRegulator: s.int(2) != 0)) }
        return out
    }

    public func modulators() throws -> [Modulator] {
        let s = try connection.prepare("""
            SELECT m.id, m.name, m.kind, m.unit, m.provenance,
                   (SELECT count(*) FROM modulator_value v WHERE v.modulator_id = m.id)
            FROM modulator m ORDER BY m.name
            """)
        var out: [Modulator] = []
        while try s.step() {
            out.append(Modulator(id: s.int(0), name: s.string(1) ?? "", kind: s.string(2) ?? "",
                                 unit: s.string(3) ?? "", provenance: s.string(4) ?? "", cellCount: s.int(5)))
        }
        return out
    }

    public func modulator(named name: String) throws -> Modulator? {
        try modulators().first { $0.name == name }
    }

    public func modulatorValues(_ modulator: Modulator) throws -> ModulatorValues {
        let s = try connection.prepare("SELECT cell_id, value FROM modulator_value WHERE modulator_id = ?")
        try s.bind([.integer(Int64(modulator.id))])
        var values: [Int: Double] = [:]
        while try s.step() { values[s.int(0)] = s.double(1) }
        return ModulatorValues(modulator: modulator, values: values)
    }

    public func summary() throws -> CatalogSummary {
        func count(_ sql: String) throws -> Int { try connection.scalar(sql)?.int ?? 0 }
        return CatalogSummary(
            cellLines: try count("SELECT count(*) FROM cell_line"),
            cellLinesWithExpression: try count("SELECT count(*) FROM cell_line WHERE expr_col IS NOT NULL"),
            genes: try count("SELECT count(*) FROM gene"),
            genesWithExpression: try count("SELECT count(*) FROM expression"),
            regulators: try count("SELECT count(*) FROM gene WHERE is_regulator = 1"),
            modulators: try modulators(),
            runs: try count("SELECT count(*) FROM run"),
            edges: try count("SELECT coalesce(sum(edges), 0) FROM run_target"),
            schemaVersion: try storedSchemaVersion())
    }

    /// Appends to the import log (inside the caller's transaction).
    public func logImport(kind: String, source: String, sha256: String, summary: String) throws {
        try connection.run("INSERT INTO import_log (kind, source, sha256, imported_at, summary) VALUES (?, ?, ?, ?, ?)",
                           [.text(kind), .text(source), .text(sha256), .text(Catalog.timestamp()), .text(summary)])
    }
}
