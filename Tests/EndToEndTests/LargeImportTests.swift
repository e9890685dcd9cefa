import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Issue 7: a GDSC-sized expression file (~300 MB in the `Cell_line_RMA_proc_basalExp.txt`
/// layout, generated here and deleted afterwards) imports in bounded memory: the import
/// process never holds the matrix, which as doubles alone would take ~150 MiB. Uses the
/// release binary (`make test` builds it): the debug build parses ~20x slower.
@Suite(.serialized) struct LargeImportTests {
    static let cells = 1_018, rows = 19_600

    /// 64 row bodies of `cells` values printed with 12 decimals; body b spreads over b + 1
    /// units, so its variance grows with b.
    static func bodies() -> (text: [String], values: [[Double]]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var text: [String] = [], values: [[Double]] = []
        for b in 0..<64 {
            let printed = (0..<cells).map { _ in String(format: "%.12f", 4 + Double(b + 1) * uniform()) }
            text.append(printed.joined(separator: "\t"))
            values.append(printed.map { Double($0)! })
        }
        return (text, values)
    }

    /// Row g: no symbol every 65th row (dropped), and every 500th row repeats the previous
    /// row's symbol with another body (the larger variance must win).
    static func symbol(_ g: Int) -> String { g % 65 == 64 ? "" : "G\(g % 500 == 499 ? g - 1 : g)" }
    static func body(_ g: Int) -> Int { (g * 37) % 64 }

    @Test func gdscSizedFileImportsInBoundedMemory() throws {
        let release = repositoryRoot.appendingPathComponent(".build/release/samplenet").path
        try #require(FileManager.default.isExecutableFile(atPath: release),
                     "needs the release binary: make test builds it (swift build -c release --product samplenet)")
        let (text, values) = Self.bodies()
        let path = testScratchFolder.appendingPathComponent("Cell_line_RMA_proc_basalExp.txt").path
        defer { unlink(path) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let file = try #require(FileHandle(forWritingAtPath: path))
        file.write(Data(("GENE_SYMBOLS\tGENE_title\t" + (0..<Self.cells).map { "DATA.\(900_000 + $0)" }.joined(separator: "\t") + "\n").utf8))
        for g in 0..<Self.rows {
            file.write(Data((Self.symbol(g) + "\tgene \(g) title\t" + text[Self.body(g)] + "\n").utf8))
        }
        try file.close()
        let size = try #require((try FileManager.default.attributesOfItem(atPath: path))[.size] as? NSNumber).intValue
        #expect(size > 280_000_000, "generated \(size) bytes")

        let catalog = testScratchFolder.appendingPathComponent("large-\(UUID().uuidString).sqlite").path
        let started = Date()
        let result = try runProgram(release, ["import", "expression", path, "--catalog", catalog])
        #expect(result.status == 0, "\(result.stderr)")
        print("imported \(size >> 20) MiB in \(String(format: "%.1f", Date().timeIntervalSince(started))) s, peak RSS \(result.peakRSSKiB >> 10) MiB")
        // Bounded: well under the ~150 MiB the matrix alone would need as doubles.
        let matrixMiB = Self.rows * Self.cells * 8 >> 20
        #expect(result.peakRSSKiB < 100 << 10, "peak RSS \(result.peakRSSKiB >> 10) MiB; the matrix is \(matrixMiB) MiB")

        // What was kept: every symbol once, the larger-variance row of each duplicate pair.
        var expected: [String: Int] = [:]
        for g in 0..<Self.rows where !Self.symbol(g).isEmpty {
            let s = Self.symbol(g), b = Self.body(g)
            if let kept = expected[s], ExpressionReader.variance(values[kept]) >= ExpressionReader.variance(values[b]) { continue }
            expected[s] = b
        }
        #expect(result.stderr.contains("imported \(expected.count) genes x \(Self.cells) cell lines"), "\(result.stderr)")
        #expect(result.stderr.contains("\(Self.rows / 65) rows without a gene symbol dropped"))
        let opened = try Catalog(path: catalog, mustExist: true)
        let probes = ["G0", "G498", "G1000", "G9998", "G19599"].filter { expected[$0] != nil }
        let matrix = try opened.expression(genes: probes)
        for (g, gene) in matrix.genes.enumerated() {
            let cosmic = matrix.cells.map { $0.cosmicID }
            #expect(cosmic.first == 900_000 && cosmic.last == 900_000 + Self.cells - 1)
            #expect(Array(matrix.row(g)) == values[expected[gene]!], "gene \(gene)")
        }
        #expect(matrix.genes.sorted() == probes.sorted())

        // Issue 18 item 11: the same file with a bad last row fails after a long read, and a
        // log (stderr not a terminal) gets the one-line error alone, no progress lines before it.
        let append = try #require(FileHandle(forWritingAtPath: path))
        try append.seekToEnd()
        append.write(Data(("GBAD\tbad row\t" + Array(repeating: "x", count: Self.cells).joined(separator: "\t") + "\n").utf8))
        try append.close()
        let failed = try runProgram(release, ["import", "expression", path, "--catalog", catalog])
        let lines = failed.stderr.split(separator: "\n")
        #expect(failed.status == 65 && lines.count == 1, "\(failed.stderr)")
        #expect(lines.first?.contains(":\(Self.rows + 2):") == true, "\(failed.stderr)")
    }
}
