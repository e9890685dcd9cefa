import Foundation
import TestSupport
import Testing
@testable import Catalog

@Suite struct CatalogTests {
    @Test func newCatalogIsWALWithForeignKeysAndCurrentSchema() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        #expect(try catalog.connection.scalar("PRAGMA journal_mode")?.string == "wal")
        #expect(try catalog.connection.scalar("PRAGMA foreign_keys")?.int == 1)
        #expect(try catalog.storedSchemaVersion() == Catalog.schemaVersion)
        for table in ["cell_line", "gene", "expression", "modulator", "modulator_value", "run", "edge_block", "fit", "run_target"] {
            #expect(try catalog.connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = ?", [.text(table)])?.int == 1)
        }
    }

    /// Nested writes are savepoints: an inner failure caught inside rolls back only the inner
    /// part; an outer failure rolls back everything, inner commits included.
    @Test func nestedWritesComposeIntoOneTransaction() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        func count() throws -> Int { try catalog.connection.scalar("SELECT count(*) FROM meta WHERE key LIKE 'nest%'")?.int ?? -1 }
        struct Failure: Error {}
        try catalog.write {
            try catalog.connection.run("INSERT INTO meta (key, value) VALUES ('nest1', 'a')")
            try? catalog.write {
                try catalog.connection.run("INSERT INTO meta (key, value) VALUES ('nest2', 'b')")
                throw Failure()
            }
            try catalog.write { try catalog.connection.run("INSERT INTO meta (key, value) VALUES ('nest3', 'c')") }
        }
        #expect(try count() == 2)                                  // nest1 and nest3; nest2 rolled back
        #expect(throws: Failure.self) {
            try catalog.write {
                try catalog.write { try catalog.connection.run("INSERT INTO meta (key, value) VALUES ('nest4', 'd')") }
                throw Failure()
            }
        }
        #expect(try count() == 2)                                  // the committed inner write went with the outer
    }

    @Test func reopeningKeepsDataAndDoesNotRemigrate() throws {
        let scratch = Scratch()
        _ = try fixtureCatalog(scratch)
        let again = try scratch.catalog()
        #expect(try again.cellLines().count == 5)
        #expect(try again.storedSchemaVersion() == Catalog.schemaVersion)
    }

    @Test func catalogFromANewerVersionIsRefusedUnchanged() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        try catalog.connection.execute("PRAGMA user_version = 999")
        #expect {
            _ = try scratch.catalog()
        } throws: { error in
            (error as? InputError)?.problem.contains("newer") == true
        }
        #expect(try catalog.storedSchemaVersion() == 999)
    }

    /// A version-1 catalog (edges keyed by cell first) migrates through every version with its
    /// edges intact: re-keyed by target (v2), packed into one block per (target, cell) (v4),
    /// with the per-target edge counts filled in.
    @Test func version1EdgesMigrate() throws {
        let scratch = Scratch()
        do {
            let old = try Connection(path: scratch.path("catalog.sqlite"))
            try old.execute(Schema.migrations[0])
            try old.execute("""
                PRAGMA user_version = 1;
                INSERT INTO cell_line (id, key, name) VALUES (1, 'A', 'A'), (2, 'B', 'B');
                INSERT INTO gene (id, symbol, is_regulator) VALUES (1, 'R1', 1), (2, 'R2', 1), (3, 'T', 0);
                INSERT INTO run (id, kind, params_json, data_hash, status, created_at) VALUES (1, 'profile', '{}', 'x', 'finished', 'now');
                INSERT INTO run_target (run_id, target_id, finished_at) VALUES (1, 3, 'now'), (1, 1, 'now');
                INSERT INTO edge (run_id, cell_id, regulator_id, target_id, beta) VALUES
                    (1, 2, 1, 3, 0.5), (1, 1, 2, 3, -0.25), (1, 1, 1, 3, 1.5), (1, 1, 2, 1, 2.0);
                """)
        }
        let catalog = try scratch.catalog()
        #expect(try catalog.storedSchemaVersion() == Catalog.schemaVersion)
        let rows = try catalog.edgeRows(runID: 1, targetIDs: [1, 3]).map { [Double($0.targetID), Double($0.cellID), Double($0.regulatorID), $0.beta] }
        #expect(rows == [[1, 1, 2, 2.0], [3, 1, 1, 1.5], [3, 1, 2, -0.25], [3, 2, 1, 0.5]])
        #expect(try catalog.connection.rows("SELECT count(*) FROM edge_block")[0][0].int == 3)     // (1,1), (3,1), (3,2)
        #expect(try catalog.connection.rows("SELECT name FROM sqlite_master WHERE name = 'edge'").isEmpty)
        let counts = try catalog.connection.rows("SELECT target_id, edges FROM run_target ORDER BY target_id").map { $0.map { $0.int ?? -1 } }
        #expect(counts == [[1, 1], [3, 3]])
        #expect(try catalog.run(1)?.edges == 4)
    }

    @Test func missingCatalogIsReportedWhenItMustExist() {
        #expect(throws: InputError.self) { _ = try Catalog(path: "/nonexistent/dir/x.sqlite", mustExist: true) }
    }

    @Test func foreignKeysAreEnforced() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        #expect(throws: SQLiteError.self) {
            try catalog.connection.run("INSERT INTO modulator_value (modulator_id, cell_id, value) VALUES (42, 42, 1.0)")
        }
    }

    @Test func resolvePathPrefersOptionThenEnvironment() {
        #expect(Catalog.resolvePath("a.sqlite", environment: ["SAMPLENET_CATALOG": "b.sqlite"]) == "a.sqlite")
        #expect(Catalog.resolvePath(nil, environment: ["SAMPLENET_CATALOG": "b.sqlite"]) == "b.sqlite")
        #expect(Catalog.resolvePath(nil, environment: [:]) == "samplenet.sqlite")
    }

    /// Expression goes in and comes back bit for bit, NaN for missing.
    @Test func expressionRoundTripIsExact() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let m = try catalog.expression(genes: ["VIM", "CDH1", "ZEB1"])
        #expect(m.genes == ["VIM", "CDH1", "ZEB1"])
        #expect(m.cells.map(\.key) == ["MDAMB231", "MCF7", "HS578T", "T47D", "A549"])
        #expect(m.cells.map(\.name) == ["MDA-MB-231", "MCF7", "Hs 578T", "T-47D", "A549"])
        #expect(Array(m.row(0)) == [2.0, -1.25, 1.5, -1.0, 0.25])
        #expect(Array(m.row(1)) == [-1.5, 2.25, -1.0, 1.75, 0.5])
        #expect(m.value(gene: 2, cell: 2).isNaN)
        #expect(try catalog.genes().map(\.symbol) == ["CDH1", "EGFR", "GRHL2", "VIM", "ZEB1"])
        let all = try catalog.expression()
        #expect(all.genes.count == 5 && all.values.count == 25)
    }

    @Test func reimportingExpressionReplacesTheMatrix() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let smaller = scratch.write("small.tsv", "GENE\tMCF7\tA549\nCDH1\t9\t8\n")
        _ = try ExpressionImporter.run(path: smaller, into: catalog)
        let m = try catalog.expression()
        #expect(m.genes == ["CDH1"])
        #expect(m.cells.map(\.key) == ["MCF7", "A549"])
        #expect(m.values == [9, 8])
        #expect(try catalog.cellLines().filter(\.hasExpression).count == 2)
    }

    @Test func gzippedInputReadsLikePlain() throws {
        let scratch = Scratch()
        let plain = scratch.write("expr.tsv", expressionFixture)
        let zipped = try scratch.gzip(plain)
        let a = try ExpressionImporter.parse(path: plain), b = try ExpressionImporter.parse(path: zipped)
        #expect(a.genes == b.genes && a.cellNames == b.cellNames)
        #expect(zip(a.values, b.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    @Test func dryRunChangesNothing() throws {
        let scratch = Scratch()
        let catalog = try scratch.catalog()
        let before = try dump(catalog)
        let report = try ExpressionImporter.run(path: scratch.write("e.tsv", expressionFixture), into: catalog, dryRun: true)
        #expect(report.summary.contains("would import 5 genes x 5 cell lines"))
        #expect(try dump(catalog) == before)
    }

    @Test func sha256KnownVectors() {
        var empty = SHA256()
        empty.update([UInt8]())
        #expect(empty.hexDigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var abc = SHA256()
        abc.update("abc")
        #expect(abc.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var long = SHA256()
        long.update("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(long.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func cellKeysNormalise() {
        #expect(CellKey.normalise("MDA-MB-231") == "MDAMB231")
        #expect(CellKey.normalise("Hs 578T") == "HS578T")
        #expect(CellKey.normalise("cal-120") == "CAL120")
    }

    @Test func csvSplitterHonoursQuotes() {
        #expect(Delimiter.comma.split("a,\"b, c\",\"d \"\"q\"\"\",") == ["a", "b, c", "d \"q\"", ""])
        #expect(Delimiter.comma.split("a,\"open") == nil)
        #expect(Delimiter.tab.split("a\t\tb") == ["a", "", "b"])
    }
}
