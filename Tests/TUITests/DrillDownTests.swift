import Catalog
import Testing
@testable import TUI

/// A finished emt run (1), a TRIP run explaining it (2) and a gefitinib run still working (3).
func runs(tripStatus: RunStatus = .finished, profileDone: Int = 50) -> [RunRecord] {
    [RunRecord(id: 1, kind: .profile, modulator: "emt", status: .finished, createdAt: "2026-11-25T10:00:00Z",
               progressDone: 100, progressTotal: 100, edges: 5_120),
     RunRecord(id: 2, kind: .trip, modulator: "emt", status: tripStatus, createdAt: "2026-11-25T10:30:00Z",
               progressDone: 3, progressTotal: 11, parentRunID: 1),
     RunRecord(id: 3, kind: .profile, modulator: "gefitinib", status: .running, createdAt: "2026-11-25T11:00:00Z",
               progressDone: profileDone, progressTotal: 200, edges: 812)]
}

/// Made-up but fixed edges of one cell line, with real gene names.
func edges(cellID: Int, runID: Int = 1) -> CellEdges {
    let list: [(Int, String, Int, String, Double)] = [
        (10, "ZEB1", 20, "CDH1", -0.412), (11, "GRHL2", 20, "CDH1", 0.388), (11, "GRHL2", 21, "ESRP1", 0.295),
        (12, "SNAI2", 22, "VIM", 0.201), (10, "ZEB1", 22, "VIM", 0.154), (13, "OVOL1", 21, "ESRP1", 0.12),
        (14, "KLF5", 23, "CLDN4", -0.033), (15, "FOXA1", 20, "CDH1", 0.0071),
    ]
    return CellEdges(runID: runID, cellID: cellID, edges: list.map {
        EdgeItem(regulatorID: $0.0, targetID: $0.2, regulator: $0.1, target: $0.3, beta: $0.4)
    })
}

func profile(cells: [CellRow]) -> EdgeProfile {
    EdgeProfile(runID: 1, regulatorID: 10, targetID: 20, regulator: "ZEB1", target: "CDH1", points: cells.enumerated().map { i, cell in
        let x = Double(i) / Double(cells.count - 1)
        return EdgeProfile.Point(cellID: cell.id, modulator: 2 * x - 1, beta: i % 4 == 3 ? 0 : -0.5 * x + 0.1)
    })
}

func subnetwork(_ rank: Int, _ score: Double, _ pairs: [(String, String)]) -> NamedSubnetwork {
    NamedSubnetwork(rank: rank, score: score, genes: Array(Set(pairs.flatMap { [$0.0, $0.1] })).sorted(),
                    edges: pairs.enumerated().map { .init(regulator: $1.0, target: $1.1, importance: score / Double($0 + 2), sign: $0 % 2 == 0 ? 1 : -1) })
}

@Suite struct DrillDownTests {
    /// Cell lines -> edges -> one edge across cells -> back, with the effects each step asks for.
    @Test func drillDownPathAndEffects() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let cell = state.selectedCell!
        #expect(send(&state, .enter) == [.loadCellEdges(runID: 1, cellID: cell.id)])
        #expect(state.screens == [.cells, .edges])
        _ = update(&state, .cellEdgesLoaded(edges(cellID: cell.id)))
        #expect(state.edgeOrder.count == 8)
        #expect(state.selectedEdge?.regulator == "ZEB1")            // |beta| descending
        Snapshot.assert(render(state), named: "edges-80x24")
        _ = send(&state, .char("s"))
        #expect(state.selectedEdge?.regulator == "ZEB1")            // the selection is kept across sorts
        #expect(state.cellEdges!.edges[state.edgeOrder[0]].regulator == "FOXA1")
        _ = send(&state, .char("/"), .char("z"), .char("e"), .char("b"), .enter)
        #expect(state.edgeOrder.count == 2 && state.edgeFilter == "zeb")
        #expect(send(&state, .enter) == [.loadEdgeProfile(runID: 1, regulatorID: 10, targetID: 20)])
        #expect(state.screen == .edgeProfile)
        _ = update(&state, .edgeProfileLoaded(profile(cells: state.order.map { state.cells[$0] })))
        Snapshot.assert(render(state), named: "edge-profile-80x24")
        #expect(render(state).text(row: 0).contains("Cell lines › \(cell.name) › ZEB1 → CDH1"))
        _ = send(&state, .char("T"))                                // the target's other edges
        #expect(state.screens == [.cells, .edges] && state.edgeFilter == "CDH1")
        #expect(state.edgeOrder.map { state.cellEdges!.edges[$0].target }.allSatisfy { $0 == "CDH1" })
        _ = send(&state, .escape)
        #expect(state.screens == [.cells])
        _ = send(&state, .escape)
        #expect(state.screens == [.cells])                          // nothing above the top
    }

    @Test func edgeProfileAsciiFallbackIsPureASCII() {
        var state = sampleState(glyphs: .ascii)
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.selectedCell!.id)))
        _ = send(&state, .enter)
        _ = update(&state, .edgeProfileLoaded(profile(cells: state.order.map { state.cells[$0] })))
        let screen = render(state).snapshot
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(screen.contains("*"))
    }

    /// An answer for a cell that is no longer selected is dropped.
    @Test func staleEdgesAreIgnored() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .enter)
        _ = update(&state, .cellEdgesLoaded(edges(cellID: 9_999)))
        #expect(state.cellEdges == nil)
    }

    @Test func noRunExplainsHowToStartOne() {
        var state = sampleState()
        #expect(send(&state, .enter).isEmpty)
        #expect(state.screens == [.cells])
        #expect(render(state).snapshot.contains("samplenet profile --modulator emt"))
    }

    @Test func commandLine() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        let effects = send(&state, .char(":"), .char("c"), .char("e"), .char("l"), .char("l"), .char(" "),
                           .char("h"), .char("c"), .char("c"), .char("8"), .char("2"), .char("7"), .enter)
        #expect(state.selectedCell?.name == "HCC827")
        #expect(effects == [.loadCellEdges(runID: 1, cellID: state.selectedCell!.id)])
        state.geneSymbols = [10: "ZEB1", 20: "CDH1"]
        let edge = send(&state, .char(":"), .char("e"), .char("d"), .char("g"), .char("e"), .char(" "), .char("Z"), .char("E"),
                        .char("B"), .char("1"), .char(" "), .char("c"), .char("d"), .char("h"), .char("1"), .enter)
        #expect(edge == [.loadEdgeProfile(runID: 1, regulatorID: 10, targetID: 20)])
        #expect(state.screen == .edgeProfile)
        _ = send(&state, .char(":"), .char("x"), .enter)
        #expect(state.message?.contains("unknown command") == true)
        #expect(send(&state, .char(":"), .char("q"), .enter) == [.quit])
    }

    /// A scripted session: the TRIP run trains while the user watches. Snapshots before,
    /// during (two live updates that re-rank subnetworks) and after; the selection stays on
    /// the subnetwork it was on.
    @Test func tripStreamsInPlace() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs(tripStatus: .running)))
        #expect(send(&state, .tab) == [.loadTrip(runID: 2)])
        #expect(state.screen == .trip)
        Snapshot.assert(render(state), named: "trip-loading-80x24")
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .running, scoreLines: [], epoch: 12, subnetworks: [
            subnetwork(1, 0.9, [("GRHL2", "ESRP1"), ("OVOL1", "ESRP1")]), subnetwork(2, 0.5, [("ZEB1", "CDH1"), ("ZEB1", "VIM")]),
            subnetwork(3, 0.2, [("KLF5", "CLDN4")]),
        ])))
        _ = send(&state, .down)                                      // on ZEB1's subnetwork
        Snapshot.assert(render(state), named: "trip-live-epoch12-80x24")
        _ = update(&state, .tripLoaded(TripView(runID: 2, status: .running, scoreLines: [], epoch: 40, subnetworks: [
            subnetwork(1, 1.1, [("ZEB1", "CDH1"), ("ZEB1", "VIM"), ("SNAI2", "VIM")]), subnetwork(2, 0.8, [("GRHL2", "ESRP1")]),
            subnetwork(3, 0.2, [("KLF5", "CLDN4")]),
        ])))
        #expect(state.tripList.cursor == 0)
        #expect(state.trip!.subnetworks[state.tripList.cursor].genes.contains("ZEB1"))
        Snapshot.assert(render(state), named: "trip-live-epoch40-80x24")
        _ = send(&state, .enter)
        #expect(state.openSubnetwork == 1 && state.screen == .module)
        _ = send(&state, .escape)
        _ = update(&state, .runsLoaded(runs(tripStatus: .finished)))
        // A finished run is never shown bare: no verdict, or one that is not `signal`, is flagged.
        let finished = TripView(runID: 2, status: .finished, scoreLines: ["r2: TRIP 0.876 | projection 0.861 | ridge 0.968"],
                                epoch: nil, subnetworks: [subnetwork(1, 1.2, [("ZEB1", "CDH1"), ("ZEB1", "VIM")])])
        _ = update(&state, .tripLoaded(finished))
        #expect(render(state).snapshot.contains("! NO VERDICT"))
        var unproven = finished
        unproven.verdict = TRIPVerdictRecord(verdict: "no evidence beyond controls", reason: "TRIP r2 0.020 does not exceed control-noise 0.010 by 0.050")
        _ = update(&state, .tripLoaded(unproven))
        #expect(render(state).snapshot.contains("! NO EVIDENCE BEYOND CONTROLS: not an explanation"))
        Snapshot.assert(render(state), named: "trip-finished-80x24")
        var proven = finished
        proven.verdict = TRIPVerdictRecord(verdict: "signal", reason: "TRIP r2 0.876 exceeds both controls")
        _ = update(&state, .tripLoaded(proven))
        #expect(render(state).snapshot.contains("verdict: signal"))
    }

    /// The poller's runs move progress bars and reload what is on screen when its run moved.
    @Test func jobsFollowCommittedProgress() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        _ = send(&state, .tab, .tab)
        #expect(state.screen == .jobs)
        Snapshot.assert(render(state), named: "jobs-80x24")
        _ = update(&state, .runsLoaded(runs(profileDone: 150)))
        #expect(render(state).snapshot.contains(" 75%"))
        // On a running run's edges, a new commit reloads them.
        _ = send(&state, .tab)
        _ = send(&state, .char("m"))
        let cell = state.order.first { state.modulator!.values[state.cells[$0].id] != nil }!
        state.cursor = state.order.firstIndex(of: cell)!
        #expect(send(&state, .enter) == [.loadCellEdges(runID: 3, cellID: state.cells[cell].id)])
        _ = update(&state, .cellEdgesLoaded(edges(cellID: state.cells[cell].id, runID: 3)))
        #expect(update(&state, .runsLoaded(runs(profileDone: 160))) == [.loadCellEdges(runID: 3, cellID: state.cells[cell].id)])
        #expect(update(&state, .runsLoaded(runs(profileDone: 160))).isEmpty)        // nothing moved
    }

    /// Every screen renders at every size without trapping and fills exactly the size.
    @Test func everyScreenAtEverySize() {
        var base = sampleState()
        _ = update(&base, .runsLoaded(runs()))
        _ = send(&base, .enter)
        _ = update(&base, .cellEdgesLoaded(edges(cellID: base.selectedCell!.id)))
        _ = send(&base, .enter)
        _ = update(&base, .edgeProfileLoaded(profile(cells: base.order.map { base.cells[$0] })))
        base.trip = TripView(runID: 2, status: .finished, scoreLines: ["r2: TRIP 0.8"], epoch: nil,
                             subnetworks: [subnetwork(1, 1, [("ZEB1", "CDH1")])])
        for screens in [[Screen.cells], [.cells, .edges], [.cells, .edges, .edgeProfile], [.trip], [.jobs]] {
            for width in stride(from: 1, through: 130, by: 9) {
                for height in stride(from: 1, through: 45, by: 6) {
                    var state = base
                    state.screens = screens
                    _ = update(&state, .resize(width: width, height: height))
                    let buffer = render(state)
                    #expect(buffer.width == width && buffer.height == height)
                }
            }
        }
    }
}

@Suite struct CompareTests {
    /// c marks A, c on another line compares: edges in both (by |change|), only in A, only in B.
    @Test func compareTwoCellLines() {
        var state = sampleState()
        _ = update(&state, .runsLoaded(runs()))
        #expect(send(&state, .char("c")).isEmpty)
        let a = state.selectedCell!
        #expect(state.compareMark == a.id)
        _ = send(&state, .char("j"))
        let b = state.selectedCell!
        #expect(send(&state, .char("c")) == [.loadCompare(runID: 1, cellA: a.id, cellB: b.id)])
        #expect(state.screen == .compare)
        var second = edges(cellID: b.id).edges
        second.removeFirst()                                       // ZEB1 -> CDH1 only in A
        second[0].beta = -0.1                                      // GRHL2 -> CDH1 changes sign
        second.append(EdgeItem(regulatorID: 16, targetID: 24, regulator: "TWIST1", target: "FN1", beta: 0.25))
        let view = CompareView(runID: 1, cellA: a.id, cellB: b.id, a: edges(cellID: a.id).edges, b: second)
        _ = update(&state, .compareLoaded(view))
        #expect(view.counts == (both: 7, onlyA: 1, onlyB: 1))
        // One ranking by |B - A| with absent = 0: ZEB1 -> CDH1 (only in A, 0.412) and GRHL2 ->
        // CDH1 (0.488) lead; TWIST1 -> FN1 (only in B, 0.25) is third, not buried below the
        // edges in both lines that barely changed.
        #expect(view.rows.prefix(3).map { $0.regulator + ">" + $0.target } == ["GRHL2>CDH1", "ZEB1>CDH1", "TWIST1>FN1"])
        #expect(view.rows[1].status == "only A" && abs(view.rows[1].difference - 0.412) < 1e-12 && view.rows[2].status == "only B")
        #expect(state.compareOrder == Array(0..<9))
        Snapshot.assert(render(state), named: "compare-80x24")
        #expect(render(state).text(row: 0).contains("Compare") == false)
        #expect(render(state).text(row: 0).contains("\(a.name) vs \(b.name)"))

        // A sheet: sort by status groups, filter by gene, export both values, B - A and status.
        _ = send(&state, .char("s"), .char("s"), .char("s"))
        #expect(state.compareSort == .status && view.rows[state.compareOrder[7]].status == "only A" && view.rows[state.compareOrder[8]].status == "only B")
        _ = send(&state, [.char("/")] + "fn1".map { Key.char($0) } + [.enter])
        #expect(state.compareOrder.map { view.rows[$0].regulator } == ["TWIST1"])
        #expect(render(state).snapshot.contains("filter \"fn1\": 1 shown"))
        let table = ViewTable.of(state)
        #expect(table.columns.suffix(2) == ["difference_b_minus_a", "status"] && table.rows == [["TWIST1", "FN1", "0", "0.25", "0.25", "only B"]])
        _ = send(&state, .char("/"), .enter)
        #expect(state.compareOrder.count == 9)
    }
}
