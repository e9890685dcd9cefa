extension Schema {
    /// Migration 0 (to v1): cell lines, genes, expression, modulators, runs, per-cell edges.
    /// Later migrations (Schema.migrations) change and extend these tables; this text never
    /// changes, because catalogs at v1 exist.
    static let version1 =
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- One row per cell line. key: upper-case letters and digits (CAL-120 -> CAL120).
        -- expr_col: the cell's position in every expression BLOB (NULL: no expression).
        CREATE TABLE cell_line (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            cosmic_id INTEGER UNIQUE,
            tissue TEXT,
            cancer_type TEXT,
            expr_col INTEGER UNIQUE
        );
        CREATE TABLE gene (
            id INTEGER PRIMARY KEY,
            symbol TEXT NOT NULL UNIQUE,
            is_regulator INTEGER NOT NULL DEFAULT 0 CHECK (is_regulator IN (0, 1))
        );
        -- One row per gene: float64 values (native little-endian), one per expression
        -- column (cell_line.expr_col); NaN marks a missing value.
        CREATE TABLE expression (
            gene_id INTEGER PRIMARY KEY REFERENCES gene(id) ON DELETE CASCADE,
            vals BLOB NOT NULL
        );
        -- Every import, for provenance: what file, its SHA-256, when, and what it did.
        CREATE TABLE import_log (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            summary TEXT NOT NULL
        );
        CREATE TABLE modulator (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            provenance TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        -- Missing values are absent rows.
        CREATE TABLE modulator_value (
            modulator_id INTEGER NOT NULL REFERENCES modulator(id) ON DELETE CASCADE,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id) ON DELETE CASCADE,
            value REAL NOT NULL,
            PRIMARY KEY (modulator_id, cell_id)
        ) WITHOUT ROWID;
        -- A NetworkProfiler ('profile') or TRIP ('trip') run. params_json records every
        -- option; data_hash is the SHA-256 of the input matrices as the run saw them.
        CREATE TABLE run (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('profile', 'trip')),
            modulator_id INTEGER REFERENCES modulator(id),
            parent_run_id INTEGER REFERENCES run(id),
            params_json TEXT NOT NULL,
            data_hash TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('created', 'running', 'incomplete', 'finished', 'failed', 'cancelled')),
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            n_cells INTEGER NOT NULL DEFAULT 0,
            n_cells_skipped INTEGER NOT NULL DEFAULT 0,
            progress_done INTEGER NOT NULL DEFAULT 0,
            progress_total INTEGER NOT NULL DEFAULT 0,
            pid INTEGER,
            host TEXT,
            message TEXT NOT NULL DEFAULT ''
        );
        -- The cells of a run in modulator order, with the standardised modulator value.
        CREATE TABLE run_cell (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            position INTEGER NOT NULL,
            modulator_std REAL NOT NULL,
            PRIMARY KEY (run_id, cell_id)
        ) WITHOUT ROWID;
        -- Per target: the bandwidth used (chosen by CV or fixed) and when it finished.
        CREATE TABLE run_target (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL REFERENCES gene(id),
            bandwidth REAL,
            cv_error REAL,
            finished_at TEXT,
            PRIMARY KEY (run_id, target_id)
        ) WITHOUT ROWID;
        -- Per (target, cell): the selected hyperparameters; fallback = 1 when no candidate
        -- was valid and the intercept-only model was used (METHOD.md 1.2).
        CREATE TABLE fit (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL REFERENCES gene(id),
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            lambda REAL,
            gamma REAL,
            intercept REAL NOT NULL,
            mwaicc REAL,
            df REAL,
            fallback INTEGER NOT NULL DEFAULT 0 CHECK (fallback IN (0, 1)),
            PRIMARY KEY (run_id, target_id, cell_id)
        ) WITHOUT ROWID;
        -- Every non-zero edge regulator -> target in a cell, on the original scale.
        CREATE TABLE edge (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            regulator_id INTEGER NOT NULL REFERENCES gene(id),
            target_id INTEGER NOT NULL REFERENCES gene(id),
            beta REAL NOT NULL,
            PRIMARY KEY (run_id, cell_id, regulator_id, target_id)
        ) WITHOUT ROWID;
        CREATE INDEX edge_by_pair ON edge (run_id, regulator_id, target_id);
        """
}
