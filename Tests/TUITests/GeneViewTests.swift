import Catalog
import Testing
@testable import TUI

/// The gene view: a gene's regulators and targets in the selected line, and its regulators
/// across lines by REC; opened from an edge (R/T) or `:gene`, drilling into edges.
@Suite struct GeneViewTests {
    static let symbols: [Int: String] = [10: "ZEB1", 11: "GRHL2", 12: "SNAI2", 13: "OVOL1", 14: "KLF5", 15: "FOXA1",
                                         20: "CDH1", 21: "ESRP1", 22: "VIM", 23: "CLDN4", 30: "ZEB2"]

    /// The sample state with the run loaded and the selected line's edges open.
    func onTheSelectedLinesEdges() -> AppState {
        var state = sampleState()
        state.geneSymbols = Self.symbols
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.selectedCell!.id)))
        return state
    }

    func geneView(_ state: AppState, geneID: Int, ranking: [RankedRegulator]?) -> GeneView {
        let e = edges(cellID: state.selectedCell!.id).edges
        return GeneView(runID: 1, cellID: state.selectedCell!.id, geneID: geneID, gene: Self.symbols[geneID]!,
                        regulators: e.filter { $0.targetID == geneID }, targets: e.filter { $0.regulatorID == geneID },
                        ranking: ranking)
    }

    /// In the interactive explorer the REC ranking (every line of the run) is computed in the
    /// background: the view shows the line's edges at once and the ranking when it arrives;
    /// an answer for another gene is dropped, and reopening the same gene keeps its ranking.
    @Test func rankingArrivesLater() {
        var state = onTheSelectedLinesEdges()
        _ = send(&state, .char("T"))
        var pending = geneView(state, geneID: 20, ranking: nil)
        pending.rankingPending = true
        _ = update(&state, .geneLoaded(pending))
        #expect(render(state).snapshot.contains("computing over every cell line"))
        #expect(!render(state).snapshot.contains("not a target"))
        let ranking = [RankedRegulator(regulatorID: 10, regulator: "ZEB1", rec: 0.544, directCells: 830)]
        _ = update(&state, .geneRankingLoaded(runID: 1, geneID: 21, ranking: ranking))     // another gene
        #expect(state.geneView!.rankingPending)
        _ = update(&state, .geneRankingLoaded(runID: 1, geneID: 20, ranking: ranking))
        #expect(!state.geneView!.rankingPending && state.geneView!.ranking == ranking)
        #expect(render(state).snapshot.contains("ZEB1") && !render(state).snapshot.contains("computing"))
        _ = update(&state, .geneLoaded(pending))                                            // reopened
        #expect(state.geneView!.ranking == ranking && !state.geneView!.rankingPending)
        _ = update(&state, .geneRankingLoaded(runID: 1, geneID: 20, ranking: nil))          // not pending: ignored
        #expect(state.geneView!.ranking == ranking)
    }

    @Test func openedFromAnEdgeShowsTheCellAndTheRECRanking() {
        var state = onTheSelectedLinesEdges()
        #expect(state.selectedEdge?.target == "CDH1")
        #expect(send(&state, .char("T")) == [.loadGene(runID: 1, cellID: state.selectedCell!.id, geneID: 20)])
        #expect(state.screens == [.cells, .edges, .gene])
        #expect(render(state).snapshot.contains("loading"))
        let ranking = [RankedRegulator(regulatorID: 30, regulator: "ZEB2", rec: 0.61, directCells: 412),
                       RankedRegulator(regulatorID: 10, regulator: "ZEB1", rec: 0.544, directCells: 830),
                       RankedRegulator(regulatorID: 11, regulator: "GRHL2", rec: 0.512, directCells: 790)]
        _ = update(&state, .geneLoaded(geneView(state, geneID: 20, ranking: ranking)))
        let rows = state.geneView!.rows(cell: state.selectedCell!.name)
        // Three regulators of CDH1 here, strongest first; CDH1 regulates nothing; three ranked.
        #expect(rows.compactMap { if case let .edge(e, true) = $0 { return e.regulator } else { return nil } } == ["ZEB1", "GRHL2", "FOXA1"])
        #expect(rows.filter { if case .ranked = $0 { return true } else { return false } }.count == 3)
        Snapshot.assert(render(state), named: "gene-80x24")
        #expect(render(state).text(row: 0).contains("› CDH1"))
        // Enter on the first ranked regulator (ZEB2, no edge in this line): ZEB2 -> CDH1 across lines.
        let rankedRow = rows.firstIndex { if case .ranked = $0 { return true } else { return false } }!
        for _ in 0..<rankedRow { _ = send(&state, .down) }
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 30, targetID: 20)])
        #expect(state.screens == [.cells, .edges, .gene, .edgeProfile])
        _ = send(&state, .escape)
        #expect(state.screen == .gene)
        // The view exports as a table with every section.
        let table = ViewTable.of(state)
        #expect(table.rows.count == 3 + 0 + 3)
        #expect(table.rows.last == ["rec_rank", "", "GRHL2", "CDH1", "NA", "0.512", "3"])
    }

    /// The bandwidth CV's verdict for the gene (METHOD.md 1.7) is shown above its REC
    /// ranking, and not exported as a row of the table.
    @Test func theStaticArmVerdictIsShown() {
        var state = onTheSelectedLinesEdges()
        _ = send(&state, .char("T"))
        var view = geneView(state, geneID: 20, ranking: [RankedRegulator(regulatorID: 10, regulator: "ZEB1", rec: 0.5, directCells: 9)])
        view.modulation = "static is as good: one network in every line; the best finite h 1 gains 0.0125"
        _ = update(&state, .geneLoaded(view))
        let screen = render(state).snapshot
        #expect(screen.contains("vary along the modulator") && screen.contains("static is as good: one network"))
        let rows = state.geneView!.rows(cell: state.selectedCell!.name)
        let note = rows.firstIndex { $0 == .note(view.modulation!) }, ranked = rows.firstIndex { if case .ranked = $0 { true } else { false } }
        #expect(note != nil && ranked != nil && note! < ranked!)
        #expect(ViewTable.of(state).rows.allSatisfy { !$0.joined().contains("static is as good") })
    }

    @Test func commandLineOpensAGeneThatIsNoTarget() {
        var state = sampleState()
        state.geneSymbols = Self.symbols
        _ = update(&state, .runsLoaded(runs()))
        let effects = send(&state, [.char(":")] + "gene zeb1".map { Key.char($0) } + [.enter])
        #expect(effects == [.loadGene(runID: 1, cellID: state.selectedCell!.id, geneID: 10)])
        _ = update(&state, .geneLoaded(geneView(state, geneID: 10, ranking: nil)))
        let screen = render(state).snapshot
        #expect(screen.contains("Targets of ZEB1") && screen.contains("not a target of this run"))
        _ = send(&state, [.char(":")] + "gene NOPE".map { Key.char($0) } + [.enter])
        #expect(state.message == "unknown gene NOPE")
    }
}

/// The modulators screen: coverage, distribution and runs per modulator; Enter switches.
@Suite struct ModulatorsScreenTests {
    @Test func listsCoverageAndSwitchesTheCurrentModulator() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .char("M"))
        #expect(state.screens == [.cells, .modulators])
        Snapshot.assert(render(state), named: "modulators-80x24")
        let screen = render(state).snapshot
        #expect(screen.contains("25/25") && screen.contains("21/25"))        // every line has emt; 4 lack gefitinib
        _ = send(&state, .down)
        _ = send(&state, .enter)
        #expect(state.modulator?.name == "gefitinib" && state.screen == .cells)
        #expect(state.profileRun?.id == 3)                                    // the gefitinib run
        #expect(state.message?.contains("run 3") == true)
        let table = ViewTable.of({ var s = state; s.screens = [.modulators]; return s }())
        #expect(table.rows.map { $0[2] } == ["25", "21"])
    }
}

/// The edge list's RE column: shown, sortable by |RE| (`s` cycles to it), exported.
@Suite struct EdgeEffectColumnTests {
    @Test func effectsAreShownSortedAndExported() {
        var state = sampleState(width: 100, height: 30)
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        var loaded = edges(cellID: state.selectedCell!.id)
        for i in loaded.edges.indices { loaded.edges[i].effect = Double(i % 3) - 0.5 * Double(i) }   // 0, -0.5, 0, -0.5, ...
        _ = update(&state, .cellEdgesLoaded(loaded))
        let screen = render(state).snapshot
        #expect(screen.contains("RE") && screen.contains("RE: paths <= 2 via this run's targets"))
        _ = send(&state, .char("s"), .char("s"), .char("s"))
        #expect(state.edgeSort == .effect)
        let order = state.edgeOrder.map { abs(state.cellEdges!.edges[$0].effect!) }
        #expect(order == order.sorted(by: >))
        #expect(render(state).snapshot.contains("sort: |RE|"))
        let table = ViewTable.of(state)
        #expect(table.columns.last == "re")
        #expect(table.rows.allSatisfy { Double($0[4]) != nil })
    }
}

extension GeneViewTests {
    /// Issue 22 item 5: the gene view sorts its sections by name and keeps the edges and ranked
    /// regulators whose other gene matches; Enter, export and F follow what is shown.
    @Test func geneViewSortsAndFilters() {
        var state = onTheSelectedLinesEdges()
        _ = send(&state, .char("T"))
        let ranking = [RankedRegulator(regulatorID: 30, regulator: "ZEB2", rec: 0.61, directCells: 412),
                       RankedRegulator(regulatorID: 10, regulator: "ZEB1", rec: 0.544, directCells: 830),
                       RankedRegulator(regulatorID: 11, regulator: "GRHL2", rec: 0.512, directCells: 790)]
        _ = update(&state, .geneLoaded(geneView(state, geneID: 20, ranking: ranking)))
        let regulators = { (rows: [GeneView.Row]) in rows.compactMap { if case let .edge(e, true) = $0 { return e.regulator } else { return nil } } }
        let ranked = { (rows: [GeneView.Row]) in rows.compactMap { if case let .ranked(rank, r, _) = $0 { return "\(rank) \(r.regulator)" } else { return nil } } }
        _ = send(&state, .char("s"))
        #expect(state.geneSort == .name && regulators(state.geneRows) == ["FOXA1", "GRHL2", "ZEB1"])
        #expect(ranked(state.geneRows) == ["3 GRHL2", "2 ZEB1", "1 ZEB2"])               // by name, ranks kept
        _ = send(&state, [.char("/")] + "zeb".map { Key.char($0) } + [.enter])
        #expect(regulators(state.geneRows) == ["ZEB1"] && ranked(state.geneRows) == ["2 ZEB1", "1 ZEB2"])
        #expect(render(state).snapshot.contains("Regulators of CDH1 in \(state.selectedCell!.name): 1 of 3"))
        #expect(ViewTable.of(state).rows.map { $0[2] } == ["ZEB1", "ZEB1", "ZEB2"])
        _ = send(&state, .down)                                          // on ZEB1 -> CDH1 (row 0 is the heading)
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 10, targetID: 20)])
        _ = send(&state, .escape, .char("F"))
        #expect(state.geneFilter.isEmpty && regulators(state.geneRows).count == 3)
    }
}
