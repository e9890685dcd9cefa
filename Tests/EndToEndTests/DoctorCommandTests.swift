import Foundation
import TestSupport
import Testing
@testable import Catalog

/// `samplenet doctor` finds planted damage, exits 65 for it, and changes nothing.
@Suite(.serialized) struct DoctorCommandTests {
    func levels(_ json: String) throws -> [String: String] {
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["check"] ?? "", $0["level"] ?? "") })
    }

    @Test func healthyCatalogPassesAndDamageIsReported() throws {
        let catalog = try ExportCommandTests.profiledCatalog()
        let healthy = try samplenet("doctor", "--format", "json", "--catalog", catalog)
        #expect(healthy.status == 0, "\(healthy.stdout)")
        let ok = try levels(healthy.stdout)
        for check in ["integrity", "foreign keys", "schema", "orphan edge blocks", "edge block shapes", "edge counts", "orphan fits", "expression rows", "dead runs"] {
            #expect(ok[check] == "ok", "\(check)")
        }

        // Plant: a block for a target the run does not have, a block with mismatched lists,
        // and a run marked running by a process that no longer exists.
        let damaged = try Catalog(path: catalog, mustExist: true)
        try damaged.connection.execute("""
            INSERT INTO edge_block (run_id, target_id, cell_id, regulator_ids, betas)
                SELECT 1, (SELECT id FROM gene WHERE symbol = 'GRHL2'), cell_id, x'01000000', x'000000000000F03F' FROM run_cell WHERE run_id = 1 LIMIT 1;
            INSERT INTO run (id, kind, modulator_id, params_json, data_hash, status, created_at, pid, host)
                VALUES (99, 'profile', NULL, '{}', 'x', 'running', 'now', 999999, '\(ProcessInfo.processInfo.hostName)');
            """)
        try damaged.connection.execute("""
            UPDATE edge_block SET betas = x'0000' WHERE run_id = 1 AND target_id = (SELECT id FROM gene WHERE symbol = 'CDH1')
                AND cell_id = (SELECT min(cell_id) FROM edge_block WHERE run_id = 1 AND target_id = (SELECT id FROM gene WHERE symbol = 'CDH1'))
            """)
        let before = try dump(catalog)
        let report = try samplenet("doctor", "--format", "json", "--catalog", catalog)
        #expect(report.status == 65)
        let found = try levels(report.stdout)
        #expect(found["orphan edge blocks"] == "error")
        #expect(found["edge block shapes"] == "error")
        #expect(found["dead runs"] == "warning")
        #expect(found["integrity"] == "ok")
        #expect(try dump(catalog) == before, "doctor is read-only")

        let missing = try samplenet("doctor", "--catalog", "/nonexistent/x.sqlite")
        #expect(missing.status == 65)
        #expect(missing.stdout.contains("catalog\terror"))
    }
}

/// The completion scripts `make install` writes know every command and the formats.
@Suite struct CompletionScriptTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheCommands(_ shell: String) throws {
        let result = try samplenet("--generate-completion-script", shell)
        #expect(result.status == 0)
        for word in ["doctor", "export", "network", "wide", "profile", "graphml"] {
            #expect(result.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }
}
