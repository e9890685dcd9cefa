/// The catalog schema as an ordered list of migrations. `PRAGMA user_version` holds the
/// number of migrations applied; a catalog from a newer SampleNet is refused, not altered.
enum Schema {
    /// Migration i (0-based) brings the schema from version i to i + 1.
    static let migrations: [String] = [
        // v1: cell lines, genes, expression, modulators, runs, per-cell edges (Schema+Version1).
        version1,
        // v2: edges keyed by (run, target, cell, regulator), the order a run writes them, so
        // committing a target appends one contiguous key range instead of touching pages
        // all over two B-trees (measured 3-4x faster commits). Per-cell and per-pair reads
        // seek the key with the run's target list. Only run_id keeps a foreign key (for the
        // cascade); cells and genes are checked by `samplenet doctor` instead of per row.
        // run_target.edges counts a target's rows so listing runs never scans the edges.
        """
        CREATE TABLE edge_v2 (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL,
            cell_id INTEGER NOT NULL,
            regulator_id INTEGER NOT NULL,
            beta REAL NOT NULL,
            PRIMARY KEY (run_id, target_id, cell_id, regulator_id)
        ) WITHOUT ROWID;
        INSERT INTO edge_v2 (run_id, target_id, cell_id, regulator_id, beta)
            SELECT run_id, target_id, cell_id, regulator_id, beta FROM edge ORDER BY run_id, target_id, cell_id, regulator_id;
        DROP TABLE edge;
        ALTER TABLE edge_v2 RENAME TO edge;
        ALTER TABLE run_target ADD COLUMN edges INTEGER NOT NULL DEFAULT 0;
        UPDATE run_target SET edges = (SELECT count(*) FROM edge e WHERE e.run_id = run_target.run_id AND e.target_id = run_target.target_id);
        """,
        // v3: TRIP results (METHOD.md 2). A TRIP run is a `run` row with kind 'trip' whose
        // parent is the NetworkProfiler run it explains. fold 0 = pooled over all folds.
        """
        CREATE TABLE trip_score (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            model TEXT NOT NULL,          -- trip | hosvd (unsupervised projection) | ridge
            fold INTEGER NOT NULL,
            metric TEXT NOT NULL,         -- r2, pearson | auroc, accuracy
            value REAL,
            PRIMARY KEY (run_id, model, fold, metric)
        ) WITHOUT ROWID;
        -- Out-of-fold predictions (response units: modulator, or logit / ridge score).
        CREATE TABLE trip_prediction (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            fold INTEGER NOT NULL,
            truth REAL NOT NULL,
            trip REAL, hosvd REAL, ridge REAL,
            PRIMARY KEY (run_id, cell_id)
        ) WITHOUT ROWID;
        -- Every edge of the stack: importance mean_i |E_i|, mean signed contribution, and
        -- the fraction of folds whose top-N contains it.
        CREATE TABLE trip_edge (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            regulator_id INTEGER NOT NULL REFERENCES gene(id),
            target_id INTEGER NOT NULL REFERENCES gene(id),
            importance REAL NOT NULL,
            mean_contribution REAL NOT NULL,
            frequency REAL NOT NULL,
            PRIMARY KEY (run_id, regulator_id, target_id)
        ) WITHOUT ROWID;
        CREATE TABLE trip_subnetwork (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            score REAL NOT NULL,
            PRIMARY KEY (run_id, rank)
        ) WITHOUT ROWID;
        CREATE TABLE trip_subnetwork_edge (
            run_id INTEGER NOT NULL,
            rank INTEGER NOT NULL,
            regulator_id INTEGER NOT NULL REFERENCES gene(id),
            target_id INTEGER NOT NULL REFERENCES gene(id),
            importance REAL NOT NULL,
            sign INTEGER NOT NULL,
            PRIMARY KEY (run_id, rank, regulator_id, target_id),
            FOREIGN KEY (run_id, rank) REFERENCES trip_subnetwork(run_id, rank) ON DELETE CASCADE
        ) WITHOUT ROWID;
        CREATE TABLE trip_subnetwork_cell (
            run_id INTEGER NOT NULL,
            rank INTEGER NOT NULL,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            contribution REAL NOT NULL,
            PRIMARY KEY (run_id, rank, cell_id),
            FOREIGN KEY (run_id, rank) REFERENCES trip_subnetwork(run_id, rank) ON DELETE CASCADE
        ) WITHOUT ROWID;
        -- Each cell's largest contributions E_i (top 100 by |value|).
        CREATE TABLE trip_contribution (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            cell_id INTEGER NOT NULL REFERENCES cell_line(id),
            regulator_id INTEGER NOT NULL REFERENCES gene(id),
            target_id INTEGER NOT NULL REFERENCES gene(id),
            contribution REAL NOT NULL,
            PRIMARY KEY (run_id, cell_id, regulator_id, target_id)
        ) WITHOUT ROWID;
        -- Top-loading genes of each projection axis (mode 1: C1 regulators, 2: C2 targets).
        CREATE TABLE trip_axis (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            mode INTEGER NOT NULL,
            axis INTEGER NOT NULL,
            position INTEGER NOT NULL,
            gene_id INTEGER NOT NULL REFERENCES gene(id),
            loading REAL NOT NULL,
            PRIMARY KEY (run_id, mode, axis, position)
        ) WITHOUT ROWID;
        -- The latest training snapshot (epoch metrics, top-10 subnetworks) as JSON, for
        -- live views; and the trained model (projections, predictor, scales) as JSON.
        CREATE TABLE trip_snapshot (
            run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
            updated_at TEXT NOT NULL,
            json TEXT NOT NULL
        );
        CREATE TABLE trip_model (
            run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
            json TEXT NOT NULL
        );
        """,
        // v4: one row per (run, target, cell) network instead of one per edge (EdgeBlock):
        // the regulators with a non-zero beta (ascending Int32 ids) and their betas (float64)
        // as two BLOBs. A target's commit writes ~900 rows instead of ~55,000, and every read
        // (a cell's edges, one edge across cells, a target's edges) still seeks the key.
        // The old rows are packed by `Schema.packEdges` right after this script.
        """
        CREATE TABLE edge_block (
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL,
            cell_id INTEGER NOT NULL,
            regulator_ids BLOB NOT NULL,
            betas BLOB NOT NULL,
            PRIMARY KEY (run_id, target_id, cell_id)
        ) WITHOUT ROWID;
        """,
        // v5: the worker threads a run uses (the explorer's Jobs view shows them; NULL for
        // runs recorded before). Added by code, only when missing (see addColumn).
        "",
        // v6: when the run's process started ("BOOT_ID/TICKS", ProcessIdentity), so a dead
        // run is told from a live one even after its PID has been given to another process.
        "",
        // v7: a TRIP run's verdict against its controls (METHOD.md 2.3): `signal` or `no
        // evidence beyond controls`, the one-line reason, and the whole assessment (means and
        // sds over folds, corrected t-tests against every comparator) as JSON.
        """
        CREATE TABLE IF NOT EXISTS trip_assessment (
            run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
            verdict TEXT NOT NULL,
            reason TEXT NOT NULL,
            json TEXT NOT NULL
        );
        """,
        // v8: the static arm of the bandwidth CV (METHOD.md 1.7), per target: the best finite
        // h and its CV error, the static fit's CV error and the standard error of the paired
        // difference (NULL without the arm), and whether the best finite h is a grid boundary. run_target.bandwidth is +Inf when the static fit
        // was selected. Added by code, only when missing (see addColumn).
        "",
        // v9: per-edge tests of a profile run (METHOD.md 1.7, `samplenet test`), of two kinds:
        // 'permutation' (statistic: sd over lines of beta; exceed: permutations reaching it; p;
        // the BH q-value, NULL until every target is done) and 'stability' (statistic:
        // selection frequency; exceed: halves selecting; no p or q; per target the mean number
        // selected per half and the candidate count of the false-selection bound). draws: B
        // permutations or complementary pairs; threshold: the stability threshold tau.
        """
        CREATE TABLE IF NOT EXISTS modulation_test (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('permutation', 'stability')),
            draws INTEGER NOT NULL,
            threshold REAL,
            seed INTEGER NOT NULL,
            strata TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('running', 'incomplete', 'finished', 'failed', 'cancelled')),
            created_at TEXT NOT NULL,
            finished_at TEXT,
            pid INTEGER,
            host TEXT,
            process_start TEXT,
            message TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE IF NOT EXISTS modulation_test_target (
            test_id INTEGER NOT NULL REFERENCES modulation_test(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL,
            bandwidth REAL NOT NULL,
            lambda REAL NOT NULL,
            gamma REAL NOT NULL,
            mean_selected REAL,
            candidates INTEGER,
            seconds REAL,
            finished_at TEXT,
            PRIMARY KEY (test_id, target_id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS modulation_test_edge (
            test_id INTEGER NOT NULL REFERENCES modulation_test(id) ON DELETE CASCADE,
            target_id INTEGER NOT NULL,
            regulator_id INTEGER NOT NULL,
            statistic REAL NOT NULL,
            exceed INTEGER NOT NULL,
            p REAL,
            q REAL,
            PRIMARY KEY (test_id, target_id, regulator_id)
        ) WITHOUT ROWID;
        """,
        // v10: the genes of the signature a computed modulator was scored from (METHOD.md 1.7's
        // signature overlap), with their class ('Epi' or 'Mes').
        """
        CREATE TABLE IF NOT EXISTS modulator_gene (
            modulator_id INTEGER NOT NULL REFERENCES modulator(id) ON DELETE CASCADE,
            gene_id INTEGER NOT NULL REFERENCES gene(id),
            role TEXT NOT NULL,
            PRIMARY KEY (modulator_id, gene_id)
        ) WITHOUT ROWID;
        """,
        // v11: a permutation-tested edge's standardised effect (METHOD.md 1.7's call rule);
        // NULL for tests stored before it and for stability selections. Added in code below.
        "",
        // v12: a run's label (`samplenet runs label`), NULL when none. Added in code below.
        "",
    ]

    static var currentVersion: Int { migrations.count }
}
