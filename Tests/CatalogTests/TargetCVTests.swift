import Foundation
import TestSupport
import Testing
@testable import Catalog

/// The bandwidth CV record of METHOD.md 1.7 as stored: a static target (+infinity) and a
/// varying one read back exactly with their verdicts, a fixed bandwidth has none, and a
/// catalog from before the static arm reads as "no verdict".
@Suite struct TargetCVTests {
    @Test func recordsRoundTripWithVerdicts() throws {
        let scratch = Scratch()
        let catalog = try fixtureCatalog(scratch)
        let cells = try catalog.cellLines().filter(\.hasExpression)
        let genes = Array(try catalog.genes().prefix(4)).sorted { $0.symbol < $1.symbol }
        let run = try catalog.createRun(kind: .profile, modulatorID: nil, parametersJSON: "{}", dataHash: "x",
                                        cells: cells.enumerated().map { ($1.id, Double($0)) }, targetIDs: genes.map(\.id), cellsSkipped: 0)
        let staticRow = TargetCVRow(selectedError: 8, bestFiniteBandwidth: 1, bestFiniteError: 7.9, staticError: 8, differenceSE: 0.4,
                                    gridBoundary: true)
        let varying = TargetCVRow(selectedError: 5.5, bestFiniteBandwidth: 0.2, bestFiniteError: 5.5, staticError: 8, differenceSE: 1,
                                  gridBoundary: false)
        try catalog.saveTarget(runID: run, targetID: genes[0].id, bandwidth: .infinity, cv: staticRow, fits: [], edges: [])
        try catalog.saveTarget(runID: run, targetID: genes[1].id, bandwidth: 0.2, cv: varying, fits: [], edges: [])
        try catalog.saveTarget(runID: run, targetID: genes[2].id, bandwidth: 0.5, cv: nil, fits: [], edges: [])
        let rows = try catalog.targetBandwidths(runID: run)
        #expect(rows.map(\.symbol) == genes.map(\.symbol))
        #expect(rows[0].bandwidth == .infinity && rows[0].isStatic && rows[0].cv == staticRow && rows[0].verdict == .staticAsGood)
        #expect(abs(rows[0].gainOverStatic! - 0.0125) < 1e-15)
        #expect(rows[1].bandwidth == 0.2 && rows[1].cv == varying && rows[1].verdict == .varies)
        #expect(rows[1].modulationLine?.hasPrefix("varies: h = 0.2, CV error 5.5 against the static fit's 8") == true)
        #expect(rows[0].modulationLine?.contains("on the grid's edge") == true)
        #expect(rows[2].cv == nil && rows[2].verdict == nil && rows[2].modulationLine?.hasPrefix("bandwidth fixed") == true)
        #expect(!rows[3].finished && rows[3].bandwidth == nil && rows[3].modulationLine == nil)
        #expect(try catalog.targetBandwidths(runID: run, targetID: genes[1].id) == [rows[1]])
        let summary = TargetBandwidthSummary(rows)
        #expect(summary.finished == 3 && summary.varies == 1 && summary.staticAsGood == 1 && summary.onBoundary == 1
                && summary.withoutVerdict == 1)
    }

    /// A run_target table of schema v7 (no CV columns) gains them on opening; its finished
    /// targets keep their bandwidth and have no verdict.
    @Test func olderCatalogsGainTheColumns() throws {
        let scratch = Scratch()
        var run = 0
        do {
            let catalog = try fixtureCatalog(scratch)
            let gene = try #require(try catalog.genes().first)
            run = try catalog.createRun(kind: .profile, modulatorID: nil, parametersJSON: "{}", dataHash: "x", cells: [],
                                            targetIDs: [gene.id], cellsSkipped: 0)
            try catalog.connection.execute("""
                ALTER TABLE run_target DROP COLUMN best_finite_bandwidth; ALTER TABLE run_target DROP COLUMN best_finite_cv_error;
                ALTER TABLE run_target DROP COLUMN static_cv_error; ALTER TABLE run_target DROP COLUMN cv_difference_se;
                ALTER TABLE run_target DROP COLUMN grid_boundary; PRAGMA user_version = 7;
                UPDATE run_target SET bandwidth = 0.5, cv_error = 3, finished_at = 'now' WHERE run_id = \(run);
                """)
        }
        let catalog = try Catalog(path: scratch.path("catalog.sqlite"))
        #expect(try catalog.storedSchemaVersion() == Catalog.schemaVersion)
        let rows = try catalog.targetBandwidths(runID: run)
        #expect(rows.count == 1 && rows[0].bandwidth == 0.5 && rows[0].cv == nil && rows[0].verdict == nil)
    }
}
