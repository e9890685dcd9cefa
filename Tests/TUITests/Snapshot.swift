import Catalog
import Foundation
import Testing
@testable import TUI

/// Golden text snapshots of rendered screens, stored in Tests/TUITests/Snapshots.
/// Record (or re-record) with SNAPSHOT_RECORD=1 swift test --filter TUITests; review the diff.
/// A recording run fails every snapshot test it records, so a run with recording left on can
/// never pass as a check.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func assert(_ buffer: ScreenBuffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent("\(name).txt")
        let actual = buffer.snapshot
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded snapshot \(name).txt (SNAPSHOT_RECORD=1): review the diff, then run again without it",
                         sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing snapshot \(name).txt; record it with SNAPSHOT_RECORD=1", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "snapshot \(name) differs:\n\(actual)", sourceLocation: sourceLocation)
    }
}

/// A fixed state with real cell-line names and made-up but fixed modulator values.
func sampleState(width: Int = 80, height: Int = 24, glyphs: Glyphs = .unicode) -> AppState {
    let names: [(String, String, String)] = [
        ("MDA-MB-231", "breast", "BRCA"), ("MCF7", "breast", "BRCA"), ("Hs-578-T", "breast", "BRCA"),
        ("T47D", "breast", "BRCA"), ("A549", "lung", "LUAD"), ("HCC827", "lung", "LUAD"),
        ("PC-14", "lung", "LUAD"), ("NCI-H1975", "lung", "LUAD"), ("NCI-H1650", "lung", "LUAD"),
        ("HT-29", "large_intestine", "COREAD"), ("SW480", "large_intestine", "COREAD"),
        ("A375", "skin", "SKCM"), ("U-87-MG", "nervous_system", "GBM"), ("K-562", "leukemia", "LAML"),
        ("PC-3", "prostate", "PRAD"), ("OVCAR-8", "ovary", "OV"), ("HeLa", "cervix", "CESC"),
        ("Calu-3", "lung", "LUAD"), ("SK-MEL-28", "skin", "SKCM"), ("22RV1", "prostate", "PRAD"),
        ("786-0", "kidney", "KIRC"), ("A-431", "skin", "CESC"), ("BT-474", "breast", "BRCA"),
        ("Capan-1", "pancreas", "PAAD"), ("DU-145", "prostate", "PRAD"),
    ]
    let cells = names.enumerated().map { i, n in
        CellRow(id: i + 1, key: CellKey.normalise(n.0), name: n.0, tissue: n.1, cancerType: n.2)
    }
    var emt: [Int: Double] = [:], gefitinib: [Int: Double] = [:]
    for cell in cells {
        emt[cell.id] = Double((cell.id * 37) % 100) / 50 - 1
        if cell.id % 6 != 0 { gefitinib[cell.id] = Double((cell.id * 53) % 90) / 10 - 3 }
    }
    return AppState(catalogName: "var/sample.sqlite", cells: cells,
                    modulators: [ModulatorColumn(name: "emt", unit: "KS score", values: emt),
                                 ModulatorColumn(name: "gefitinib", unit: "ln(IC50/uM)", values: gefitinib)],
                    width: width, height: height, glyphs: glyphs)
}

func send(_ state: inout AppState, _ keys: Key...) -> [Effect] {
    keys.flatMap { update(&state, .key($0)) }
}

/// `send` for a key sequence built as an array (a typed command line).
@discardableResult
func send(_ state: inout AppState, _ keys: [Key]) -> [Effect] {
    var effects: [Effect] = []
    for key in keys { effects += update(&state, .key(key)) }
    return effects
}
