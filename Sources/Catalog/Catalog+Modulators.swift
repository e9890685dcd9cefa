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

    /// Public entry for computed modulators (e.g. the EMT score), in one transaction, with the
    /// genes it was computed from (gene id -> role, e.g. "Epi"/"Mes").
    public func saveModulator(name: String, kind: ModulatorKind, unit: String, provenance: String,
                              values: [Int: Double], replace: Bool, signature: [Int: String] = [:]) throws {
        try write {
            try storeModulator(name: name, kind: kind, unit: unit, provenance: provenance, values: values, replace: replace)
            let insert = try connection.prepare("INSERT INTO modulator_gene (modulator_id, gene_id, role) VALUES ((SELECT id FROM modulator WHERE name = ?), ?, ?)")
            for (gene, role) in signature.sorted(by: { $0.key < $1.key }) { try insert.run([.text(name), .integer(Int64(gene)), .text(role)]) }
            try logImport(kind: "modulator", source: name, sha256: "", summary: "\(values.count) values; \(provenance)")
        }
    }
}

extension Catalog {
    /// The signature genes a modulator was computed from (gene id -> role); empty for
    /// imported modulators (drug responses) and for EMT scores made before v10.
    public func modulatorSignature(name: String) throws -> [Int: String] {
        var out: [Int: String] = [:]
        for row in try connection.rows("""
            SELECT g.gene_id, g.role FROM modulator_gene g JOIN modulator m ON m.id = g.modulator_id WHERE m.name = ?
            """, [.text(name)]) {
            if let gene = row[0].int { out[gene] = row[1].string ?? "" }
        }
        return out
    }
}
