import Foundation
import TestSupport
import Testing
@testable import Catalog

/// A TRIP job's live snapshot is one Codable type for the writer and every reader: it round-
/// trips exactly, reads the JSON layout earlier versions stored, and a snapshot that does not
/// decode is an error naming the catalog (not an empty view).
@Suite struct TRIPSnapshotTests {
    static func catalogWithTRIPRun(_ scratch: Scratch) throws -> (Catalog, Int) {
        let catalog = try fixtureCatalog(scratch)
        let cells = try catalog.cellLines().filter(\.hasExpression)
        let gene = try #require(try catalog.genes().first)
        let parent = try catalog.createRun(kind: .profile, modulatorID: nil, parametersJSON: "{}", dataHash: "x",
                                           cells: cells.enumerated().map { ($1.id, Double($0)) }, targetIDs: [gene.id], cellsSkipped: 0)
        let trip = try catalog.createRun(kind: .trip, modulatorID: nil, parentRunID: parent, parametersJSON: "{}", dataHash: "x",
                                         cells: [], targetIDs: [], cellsSkipped: 0)
        return (catalog, trip)
    }

    @Test func roundTripsAndReadsTheStoredLayout() throws {
        let scratch = Scratch()
        let (catalog, run) = try Self.catalogWithTRIPRun(scratch)
        #expect(try catalog.tripSnapshot(runID: run) == nil)
        let snapshot = TRIPLiveSnapshot(epoch: 12, objective: 0.5, validationLoss: 0.25, subnetworks: [
            .init(rank: 1, score: 2.5, genes: [1, 2], edges: [.init(regulatorGene: 1, targetGene: 2, importance: 0.75, sign: -1)]),
        ])
        try catalog.saveTRIPSnapshot(runID: run, snapshot, progressDone: 3)
        #expect(try catalog.tripSnapshot(runID: run) == snapshot)
        #expect(try catalog.run(run)?.progressDone == 3)
        // The layout earlier versions wrote (Compute's snapshot, with per-cell contributions).
        let stored = #"{"epoch":7,"objective":1,"subnetworks":[{"cellContributions":[0.5],"edges":[{"importance":0.1,"regulatorGene":3,"sign":1,"targetGene":4}],"genes":[3,4],"rank":1,"score":0.1}],"validationLoss":2}"#
        try catalog.connection.run("UPDATE trip_snapshot SET json = ? WHERE run_id = ?", [.text(stored), .integer(Int64(run))])
        let old = try #require(try catalog.tripSnapshot(runID: run))
        #expect(old.epoch == 7 && old.subnetworks.first?.edges.first?.targetGene == 4)
    }

    @Test func aSnapshotThatDoesNotDecodeIsAnError() throws {
        let scratch = Scratch()
        let (catalog, run) = try Self.catalogWithTRIPRun(scratch)
        try catalog.saveTRIPSnapshot(runID: run, TRIPLiveSnapshot(epoch: 1, objective: 0, validationLoss: 0, subnetworks: []), progressDone: 0)
        try catalog.connection.run("UPDATE trip_snapshot SET json = ? WHERE run_id = ?", [.text(#"{"epochs":1}"#), .integer(Int64(run))])
        #expect { _ = try catalog.tripSnapshot(runID: run) } throws: { error in
            (error as? InputError)?.problem.contains("does not decode") == true && "\(error)".contains(catalog.path)
        }
    }
}
