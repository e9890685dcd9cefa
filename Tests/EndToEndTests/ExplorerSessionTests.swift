import Foundation
import Testing

/// A biologist's session on the sample catalog, in tmux (issues 6 and 22): pick gefitinib, sort
/// by sensitivity, open the most resistant lung line, drill into its strongest edge, look at a
/// gene's REC ranking, compare with the most sensitive lung line, compare the resistant and
/// sensitive quartiles of lung lines edge by edge (with the control), draw the top edge for both
/// groups, export the groups, open TRIP with its flag, a module's edges and that line's own
/// contributions, export, quit.
@Suite(.serialized) struct ExplorerSessionTests {
    @Test func gefitinibSessionFromResistantToSensitiveLungLine() throws {
        let catalog = try copyOfSampleCatalog()
        // A small gefitinib run and a TRIP run on it (fixed hyperparameters: seconds).
        let profile = try samplenet("profile", "--modulator", "gefitinib", "--targets", "CDH1,VIM,ZEB1,EPCAM,SPARC", "--regulators", ProfileCommandTests.regulators,
                                    "--catalog", catalog, "--bandwidth", "0.5", "--lambda", "0.05", "--gamma", "0.1", "--no-recursion")
        #expect(profile.status == 0, "\(profile.stderr)")
        let trip = try samplenet("trip", "--run", "1", "--response", "emt", "--repeats", "1", "--folds", "2", "--epochs", "40", "--hidden", "0", "--no-controls", "--catalog", catalog)
        #expect(trip.status == 0, "\(trip.stderr)")
        let exportPath = testScratchFolder.appendingPathComponent("session-\(UUID().uuidString).tsv").path
        let groupsPath = testScratchFolder.appendingPathComponent("groups-\(UUID().uuidString).tsv").path
        defer { try? FileManager.default.removeItem(atPath: exportPath); try? FileManager.default.removeItem(atPath: groupsPath) }

        let session = ExplorerTmuxTests.Session()
        try session.start("'\(samplenetBinary)' explore --catalog '\(catalog)' --modulator gefitinib", width: 110, height: 32)
        var screen = try session.waitFor("gefitinib cell lines") { $0.contains("gefitinib") && $0.contains("run 1") }
        try session.keys("s")                                              // value descending: resistant first
        screen = try session.waitFor("descending sort") { $0.contains("sort: value ↓") }
        try session.keys("f")
        try session.literal("lung")
        try session.keys("Enter", "g")
        screen = try session.waitFor("lung lines only") { $0.contains("tissue: lung") }
        let rows = screen.split(separator: "\n").map(String.init)
        let selected = try #require(rows.first { $0.hasPrefix(">") }, "a selected row")
        #expect(selected.contains("lung"))
        let cellRows = rows.filter { $0.hasPrefix(">") || $0.hasPrefix("  ") }.filter { $0.contains("lung") }
        #expect(cellRows.count > 5)

        try session.keys("Enter")                                          // its network
        screen = try session.waitFor("the resistant line's edges") { $0.contains("Regulator") && $0.contains("→") }
        let resistant = try #require(screen.split(separator: "\n").first.flatMap { $0.components(separatedBy: "› ").dropFirst().first }?
            .components(separatedBy: "  ").first, "cell name in the breadcrumb")
        try session.keys("Enter")                                          // the strongest edge across all lines
        screen = try session.waitFor("the edge's curve") { $0.contains("strongest:") }
        #expect(screen.contains("→"))
        try session.keys("Escape")
        try session.keys("T")                                              // the edge's target: its regulators by REC
        screen = try session.waitFor("the gene view") { $0.contains("across cell lines by REC") }
        try session.keys("Escape", "Escape")
        _ = try session.waitFor("the cell list again") { $0.contains("tissue: lung") && !$0.contains("Regulator") }

        try session.keys("c")                                              // mark the resistant line as A
        _ = try session.waitFor("A marked") { $0.contains("marked as A") }
        try session.keys("s", "s")                                         // by name, then value ascending
        _ = try session.waitFor("ascending sort") { $0.contains("sort: value ↑") }
        try session.keys("g", "c")                                         // the most sensitive lung line: compare
        screen = try session.waitFor("the comparison") { $0.contains("only A:") && $0.contains("both:") && $0.contains("status") }
        #expect(screen.contains(resistant.trimmingCharacters(in: .whitespaces)))

        // The question itself (issue 22 item 7): which edges differ between the gefitinib-
        // resistant and -sensitive lung lines? Bottom against top quartile within the filter,
        // with the shuffled-groups control beside the calls; the top edge drawn for both groups.
        try session.keys("Escape", "v")
        screen = try session.waitFor("the group comparison") { $0.contains("q<=0.1:") && $0.contains("shuffled groups:") }
        #expect(screen.contains("gefitinib bottom quartile in \"lung\"") && screen.contains("B - A"), "\(screen)")
        try session.keys("Enter")
        screen = try session.waitFor("the top edge, both groups") { $0.contains("A mean") && $0.contains("B mean") }
        #expect(screen.contains("of \"lung\""), "the plot follows the tissue filter: \(screen)")
        try session.keys("Escape", ":")
        try session.literal("export \(groupsPath)")
        try session.keys("Enter")
        _ = try session.waitFor("the groups' export") { $0.contains("exported") }
        let groupsTable = try String(contentsOfFile: groupsPath, encoding: .utf8)
        #expect(groupsTable.hasPrefix("regulator\ttarget\tmean_a\tmean_b") && groupsTable.contains("gefitinib top quartile in \"lung\""))
        try session.keys("Escape")
        _ = try session.waitFor("the cell list again") { $0.contains("tissue: lung") && !$0.contains("B - A") }

        try session.keys("Tab")                                            // explain (TRIP)
        screen = try session.waitFor("the TRIP view") { $0.contains("Explain (TRIP)") && $0.contains("#1") }
        // Run without controls, so never presented as an explanation without the flag.
        #expect(screen.contains("not an explanation") || screen.contains("NO VERDICT"), "\(screen)")
        try session.keys("Enter")                                          // the first module's edges, as a sheet
        screen = try session.waitFor("the module sheet") { $0.contains("module #1") && $0.contains("importance") }
        try session.keys("Escape")
        _ = try session.waitFor("the module list") { $0.contains("#1") && !$0.contains("module #1") }
        try session.keys("c")                                              // the sensitive line's own contributions
        screen = try session.waitFor("the line's contributions") { $0.contains("edges by |contribution|") }
        let header = try #require(screen.split(separator: "\n").first { $0.contains("edges by |contribution|") })
        let shown = try #require(header.components(separatedBy: " · ").last?.components(separatedBy: ": edges by").first)
        let explained = try samplenet("explain", "--trip", "2", "--cell", shown, "--top", "1", "--catalog", catalog)
        let top = try #require(explained.stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t"), "\(explained.stderr)")
        #expect(screen.contains("> \(top[0]) → \(top[1])"), "the explorer's first edge is explain's first")
        try session.keys("Escape")
        screen = try session.waitFor("back on TRIP") { $0.contains("#1") && !$0.contains("edges by |contribution|") }
        try session.keys(":")
        try session.literal("export \(exportPath)")
        try session.keys("Enter")
        screen = try session.waitFor("the export") { $0.contains("exported") }
        let exported = try String(contentsOfFile: exportPath, encoding: .utf8)
        #expect(exported.hasPrefix("rank\tscore\tregulator\ttarget\timportance\tsign\n"))
        #expect(exported.split(separator: "\n").count > 1)
        try session.keys("q")
        for _ in 0..<100 where (try session.tmux(["has-session", "-t", session.name])).status == 0 { usleep(50_000) }
        #expect(try session.tmux(["has-session", "-t", session.name]).status != 0, "the explorer quit")
    }
}
