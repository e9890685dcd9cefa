import Foundation
import TestSupport
import Testing
@testable import Catalog
@testable import samplenet
import Jobs
import TUI

/// The explorer's RE column against METHOD.md 1.6 written out by hand:
/// RE_jk = (beta_jk + sum_l beta_jl beta_lk) r_j over the cell's own network.
@Suite(.serialized) struct CellEffectsTests {
    @Test func effectsMatchTheDefinition() throws {
        // ZEB1 and GRHL2 are regulators and targets, so j -> ZEB1 -> CDH1 paths exist.
        let path = try copyOfSampleCatalog()
        let fixture = repositoryRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/regulators30.txt").path
        let regulators = path + ".regulators.txt"
        try (try String(contentsOfFile: fixture, encoding: .utf8) + "ZEB1\nGRHL2\n").write(toFile: regulators, atomically: true, encoding: .utf8)
        let run = try samplenet("profile", "--modulator", "gefitinib", "--targets", "CDH1,ZEB1,GRHL2", "--regulators", "@" + regulators,
                                "--catalog", path, "--bandwidth", "0.5", "--lambda", "0.02", "--gamma", "0.1", "--no-recursion")
        #expect(run.status == 0, "\(run.stderr)")
        let catalog = try Catalog(path: path, mustExist: true)
        // A cell line whose network has a two-step path j -> l -> k (l a target and a regulator).
        func hasTwoStep(_ rows: [EdgeRow]) -> Bool {
            let targets = Set(rows.map(\.targetID))
            return rows.contains { jl in targets.contains(jl.targetID) && rows.contains { $0.regulatorID == jl.targetID && $0.targetID != jl.regulatorID } }
        }
        let cellID = try #require(try catalog.runCells(1).first { hasTwoStep(try catalog.cellEdgeRows(runID: 1, cellID: $0)) })
        let cell = try #require(try catalog.cellLines().first { $0.id == cellID })
        let rows = try catalog.cellEdgeRows(runID: 1, cellID: cell.id)
        let computed = try CellRegulatoryEffects().effects(catalog: catalog, cellID: cell.id, edges: rows)
        let symbols = Dictionary(uniqueKeysWithValues: try catalog.genes().map { ($0.id, $0.symbol) })
        let expression = try catalog.expression(genes: nil)
        let column = try #require(expression.cells.firstIndex { $0.id == cell.id })
        let row = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        var beta: [String: Double] = [:]
        for r in rows { beta["\(r.regulatorID) \(r.targetID)"] = r.beta }
        var twoStepSeen = false
        for (i, r) in rows.enumerated() {
            var total = r.beta
            for l in Set(rows.map(\.targetID)) where l != r.targetID && l != r.regulatorID {
                if let jl = beta["\(r.regulatorID) \(l)"], let lk = beta["\(l) \(r.targetID)"] { total += jl * lk; twoStepSeen = true }
            }
            let expected = total * expression.value(gene: try #require(row[symbols[r.regulatorID]!]), cell: column)
            #expect(abs(computed[i] - expected) <= 1e-12 * max(1, abs(expected)), "\(symbols[r.regulatorID]!) -> \(symbols[r.targetID]!)")
        }
        #expect(twoStepSeen, "the fixture has two-step paths through ZEB1 or VIM")

        // The interactive explorer computes the same RE on its background worker: the edges
        // appear first without it, then the column fills in with these values.
        var session = try HeadlessSession(catalog: catalog, modulator: "gefitinib", regulatoryEffects: true,
                                          backgroundEffects: true)
        defer { session.stop() }
        _ = session.press(.char(":"))
        for c in "cell \(cell.key)" { _ = session.press(.char(c)) }
        _ = session.press(.enter)
        let shown = try #require(session.state.cellEdges)
        #expect(shown.cellID == cell.id && shown.edges.count == rows.count)
        if session.state.cellEdges?.edges.first?.effect == nil { #expect(session.settle() != nil, "the worker answered") }
        let filled = try #require(session.state.cellEdges).edges.map(\.effect)
        #expect(filled.count == computed.count)
        for (value, expected) in zip(filled, computed) { #expect(value == expected) }

        // So does the gene view's REC ranking: the same as `samplenet effects` computes inline.
        let cdh1 = try #require(try catalog.genes().first { $0.symbol == "CDH1" })
        _ = session.press(.char(":"))
        for c in "gene CDH1" { _ = session.press(.char(c)) }
        _ = session.press(.enter)
        if session.state.geneView?.rankingPending == true { #expect(session.settle() != nil, "the ranking arrived") }
        let shownRanking = try #require(session.state.geneView?.ranking)
        let inline = try #require(try RegulatorRanking.rank(catalog: catalog, runID: 1, targetID: cdh1.id))
        #expect(shownRanking.map(\.regulatorID) == inline.map(\.regulator))
        #expect(shownRanking.map(\.rec) == inline.map(\.change))
        #expect(!shownRanking.isEmpty)
    }
}

/// The RE column reads the expression matrix through a cache; an import run from the explorer
/// (`:import expression`) replaces the matrix, and the reload that follows drops the cache, so
/// the column shows RE from the new values, not the old ones.
@Suite(.serialized) struct RegulatoryEffectCacheTests {
    @Test func anImportFromTheExplorerRefreshesTheRECache() throws {
        let path = try copyOfSampleCatalog()
        let run = try samplenet("profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM", "--regulators",
                                ProfileCommandTests.regulators, "--catalog", path, "--bandwidth", "0.5", "--lambda", "0.02",
                                "--gamma", "0.1", "--no-recursion")
        #expect(run.status == 0, "\(run.stderr)")
        let catalog = try Catalog(path: path, mustExist: true)
        let cell = try #require(try catalog.cellLines().first { try !catalog.cellEdgeRows(runID: 1, cellID: $0.id).isEmpty })
        var session = try HeadlessSession(catalog: catalog, modulator: "gefitinib", regulatoryEffects: true)
        func openCell() -> [Double?] {
            _ = session.press(.char(":"))
            for c in "cell \(cell.key)" { _ = session.press(.char(c)) }
            _ = session.press(.enter)
            return session.state.cellEdges?.edges.map(\.effect) ?? []
        }
        let before = openCell()
        #expect(!before.isEmpty && before.allSatisfy { $0 != nil })

        // Every expression value doubled (exact in floating point), imported as the explorer's job would.
        let expression = try catalog.expression(genes: nil)
        var text = "GENE\t" + expression.cells.map(\.key).joined(separator: "\t") + "\n"
        for (g, gene) in expression.genes.enumerated() {
            text += gene + "\t" + expression.cells.indices.map { "\(2 * expression.value(gene: g, cell: $0))" }.joined(separator: "\t") + "\n"
        }
        let doubled = path + ".doubled.tsv"
        try text.write(toFile: doubled, atomically: true, encoding: .utf8)
        let imported = try samplenet("import", "expression", doubled, "--catalog", path)
        #expect(imported.status == 0, "\(imported.stderr)")

        // Still the old values until the explorer hears that its import finished.
        _ = session.press(.escape)
        #expect(openCell() == before)
        _ = session.press(.escape)
        session.receive(.jobStarted(LaunchedJob(pid: 999_999, log: "/dev/null", command: "import")))
        session.receive(.jobExited(pid: 999_999, status: 0, tail: [], summary: "imported"))
        let after = openCell()
        #expect(after.count == before.count)
        for (new, old) in zip(after, before) { #expect(new == old.map { 2 * $0 }) }
    }
}
