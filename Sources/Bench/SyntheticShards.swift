import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs

/// `samplenet-bench synthetic-shards --plan DIR`: fills a shard plan's folder with shard files
/// of the plan's real shape (its targets, every line of the run, regulator indices of the
/// run) but random coefficients, so that `merge` and the catalog can be measured at a scale
/// nobody would fit on one machine (issue 21 item 7, bench/scale_bench.py). Each fit has
/// `--edges` regulators on average (uniform between half and one and a half times it).
struct SyntheticShards: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "synthetic-shards", abstract: "Write random shard files for a plan.")
    @Option(help: "The catalog the plan was made from.") var catalog: String
    @Option(help: "The shard folder holding plan.json.") var plan: String
    @Option(help: "Mean edges per (target, line) network.") var edges = 73
    @Option(help: "Seed (SplitMix64).") var seed: UInt64 = 1

    func run() throws {
        let plan = try ShardJob.readPlan(folder: self.plan)
        let parameters = try ProfileParameters.decode(plan.parameters)
        let data = try ProfileData.load(catalog: try Catalog(path: catalog, mustExist: true), parameters: parameters)
        guard data.dataHash == plan.dataHash else { throw ValidationError("the catalog's data do not match the plan") }
        let cells = data.cells.count, regulators = data.regulatorIDs.count
        var random = SplitMix64(seed: seed)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
        let started = Date()
        var bytes = 0
        for shard in 1...plan.shards {
            let mine = ShardJob.targets(of: shard, shards: plan.shards, count: data.targetIDs.count)
            var body = ShardFile.headerLine(ShardFile.Header(runID: plan.runID, dataHash: plan.dataHash, shard: shard, shards: plan.shards,
                                                             targets: mine.count))
            for t in mine {
                let fits = (0..<cells).map { cell -> CellFit in
                    let k = min(regulators, max(1, Int(Double(edges) * (0.5 + uniform()))))
                    var chosen = Set<Int>()
                    while chosen.count < k { chosen.insert(Int(random.next() % UInt64(regulators))) }
                    let betas = chosen.sorted().map { RegulatorBeta(regulator: $0, beta: (uniform() - 0.5) * 0.4) }
                    return CellFit(cell: cell, intercept: uniform() * 8, edges: betas, lambda: 0.05, gamma: 0.1, mWAICc: 1000 * uniform(),
                                   degreesOfFreedom: Double(k), fallback: false, kktViolation: 0)
                }
                let cv = TargetCVRow(selectedError: 7 + uniform(), bestFiniteBandwidth: 0.2, bestFiniteError: 7 + uniform(), staticError: 8 + uniform(),
                                     differenceSE: uniform(), gridBoundary: false)
                body += ShardFile.lines(ShardFile.Target(index: t, bandwidth: 0.2, cv: cv, fits: fits), symbol: parameters.targets[t])
            }
            try ShardFile.writeAtomically(body + ShardFile.trailer(digestOf: body), to: self.plan + "/" + ShardFile.name(shard: shard, of: plan.shards))
            bytes += body.utf8.count
            writeLine(String(format: "shard %d/%d written (%.0f MB so far, %.0f s)", shard, plan.shards, Double(bytes) / 1e6, Date().timeIntervalSince(started)))
        }
    }
}
