import Foundation
import TestSupport
import Testing
@testable import Compute
@testable import Jobs

/// The shard reader's byte-level fit-line parser reads back exactly what ShardFile writes
/// (every double bit for bit, NA, no edges, fallback), agrees with parsing the same fields by
/// Swift's own `Double(String)`, and refuses malformed lines.
@Suite struct ShardFitLineTests {
    @Test func fitLinesRoundTripBitForBit() throws {
        var random = TestRandom(seed: 2121)
        let specials: [Double] = [0, -0.0, 1e-310, -2.5e-300, 1.7976931348623157e308, 5e-324, 0.1, -1 / 3]
        for k in 0..<400 {
            func value() -> Double {
                k < specials.count ? specials[k] : random.standardNormal() * pow(10, Double(Int(random.next() % 40)) - 20)
            }
            let edges = (0..<Int(random.next() % 6)).map { _ in RegulatorBeta(regulator: Int(random.next() % 600), beta: value()) }
            let fit = CellFit(cell: Int(random.next() % 1000), intercept: value(), edges: edges, lambda: k % 7 == 0 ? nil : abs(value()),
                              gamma: k % 5 == 0 ? nil : 0.1, mWAICc: k % 3 == 0 ? nil : value(), degreesOfFreedom: value(),
                              fallback: k % 11 == 0, kktViolation: 0)
            let text = ShardFile.lines(ShardFile.Target(index: 0, bandwidth: 0.2, cv: nil, fits: [fit]), symbol: "G")
            let line = String(text.split(separator: "\n")[1])
            let parsed = try #require(FitLineParser.parse(line), "\(line)")
            #expect(parsed.cell == fit.cell && parsed.fallback == fit.fallback && parsed.edges.map(\.regulator) == fit.edges.map(\.regulator))
            #expect(parsed.intercept.bitPattern == fit.intercept.bitPattern && parsed.degreesOfFreedom?.bitPattern == fit.degreesOfFreedom?.bitPattern)
            #expect(parsed.lambda?.bitPattern == fit.lambda?.bitPattern && parsed.gamma == fit.gamma && parsed.mWAICc?.bitPattern == fit.mWAICc?.bitPattern)
            #expect(parsed.edges.map(\.beta.bitPattern) == fit.edges.map(\.beta.bitPattern))
            // The same fields read by Swift's parser.
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            #expect(Double(String(fields[4]))?.bitPattern == parsed.intercept.bitPattern)
        }
        for bad in ["fit\t1\tNA\tNA\t0.5\tNA\tNA\t0", "fit\tx\tNA\tNA\t0.5\tNA\tNA\t0\t", "fit\t1\tNA\tNA\t0.5x\tNA\tNA\t0\t",
                    "fix\t1\tNA\tNA\t0.5\tNA\tNA\t0\t", "fit\t1\tNA\tNA\t0.5\tNA\tNA\t0\t3:", "fit\t1\tNA\tNA\t0.5\tNA\tNA\t0\t:1.5",
                    "fit\t1\tNA\tNA\t0.5\tNA\tNA\t0\t2:1.5\textra"] {
            #expect(FitLineParser.parse(bad) == nil, "\(bad)")
        }
    }
}
