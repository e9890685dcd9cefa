/// Writing modulators. Always inside the caller's `write` transaction.
extension Catalog {
    /// Creates modulator `name` with `values` (cell id -> value), replacing an existing
    /// one only when `replace` is true.
    func storeModulator(name: String, kind: ModulatorKind, unit: String, provenance: String,
                        values: [Int: Double], replace: Bool) throws {
        let c = connection
        if let existing = try c.scalar("SELECT id FROM modulator WHERE name = ?", [.text(name)])?.int {
            guard replace else {
                throw InputError.usage("modulator \(name) already exists; pass --replace to overwrite it")
            }
            let runs = try c.scalar("SELECT count(*) FROM run WHERE modulator_id = ?", [.integer(Int64(existing))])?.int ?? 0
            guard runs == 0 else {
                throw InputError.usage("modulator \(name) has \(runs) runs; import under a new name instead of replacing it")
            }
            try c.run("DELETE FROM modulator WHERE id = ?", [.integer(Int64(existing))])
        }
        try c.run("INSERT INTO modulator (name, kind, unit, provenance, created_at) VALUES (?, ?, ?, ?, ?)",
                  [.text(name), .text(kind.rawValue), .text(unit), .text(provenance), .text(Catalog.timestamp())])
        let id = c.lastInsertRowID
        let insert = try c.prepare("INSERT INTO modulator_value (modulator_id, cell_id, value) VALUES (?, ?, ?)")
        for (cell, value) in values.sorted(by: { $0.key < $1.key }) {
            try insert.run([.integer(id), .integer(Int64(cell)), .real(value)])
        }
    }

    /// Public entry for computed modulators (e.g. the EMT score), in one transaction.
    public func saveModulator(name: String, kind: ModulatorKind, unit: String, provenance: String,
                              values: [Int: Double], replace: Bool) throws {
        try write {
            try storeModulator(name: name, kind: kind, unit: unit, provenance: provenance, values: values, replace: replace)
            try logImport(kind: "modulator", source: name, sha256: "", summary: "\(values.count) values; \(provenance)")
        }
    }
}
