import Catalog
import Compute
import Foundation

/// `samplenet validate` (METHOD.md 1.7): a profile run against prior knowledge, each figure
/// beside the static comparators the tool computes on the same genes and lines and beside
/// what chance gives.
public struct ValidationReport: Sendable {
    public struct Ranking: Sendable { public var name: String; public var averagePrecision: Double }
    public struct Recall: Sendable { public var ranking: String; public var found: [String]; public var recall: Double }
    public struct Enrichment: Sendable {
        public var set: String
        public var overlap: Int
        public var size: Int
        public var p: Double
        public var q: Double
    }

    /// Candidate (regulator, target) pairs of the run, and how many the prior holds.
    public var candidates = 0
    public var positives = 0
    /// Average precision of each edge ranking; chance is the positive rate.
    public var rankings: [Ranking] = []
    /// Recall of the known list in the top `top` regulators of `knownTarget`, per ranking.
    public var knownTarget: String?
    public var knownInRun: [String] = []
    public var top = 25
    public var recalls: [Recall] = []
    public var regulatorsOfTarget = 0
    /// Gene-set enrichment of the top regulators (by summed max |beta|) among the run's regulators.
    public var enrichment: [Enrichment] = []
    /// Gene-set enrichment of the modules of the run's latest finished TRIP run (set named
    /// "module R: SET") among the run's genes, with that TRIP run and its verdict.
    public var moduleEnrichment: [Enrichment] = []
    /// Gene-set enrichment of the top targets by evidence of modulation among the run's targets
    /// (ValidationReport+Targets), the ranking used and the targets drawn.
    public var targetEnrichment: [Enrichment] = []
    public var targetRanking: String?
    public var topTargets: [String] = []
    public var tripRun: Int?
    public var tripVerdict: String?

    public var positiveRate: Double { candidates == 0 ? 0 : Double(positives) / Double(candidates) }
    /// Expected recall of a random ranking in the top `top`.
    public var recallByChance: Double { regulatorsOfTarget == 0 ? 0 : min(1, Double(top) / Double(regulatorsOfTarget)) }
}

extension ValidationReport {
    /// Builds the report. `targets`: each target's fixed lambda and gamma (ModulationTestJob.plan)
    /// for the static elastic net; `known` and `knownTarget` for the recall; `geneSets` for the
    /// enrichment (empty: none).
    public static func build(catalog: Catalog, runID: Int, parameters: ProfileParameters, data: ProfileData,
                             prior: Set<[String]>, geneSets: [(name: String, genes: Set<String>)], known: [String], knownTarget: String?,
                             top: Int, threads: Int) throws -> ValidationReport {
        var report = ValidationReport()
        report.top = top
        let q = data.regulatorIDs.count, p = data.targetIDs.count
        // Ranking scores per (target, regulator column): max |beta| over lines.
        var maxBeta = [[Double]](repeating: [Double](repeating: 0, count: q), count: p)
        let column = Dictionary(uniqueKeysWithValues: data.regulatorIDs.enumerated().map { ($1, $0) })
        for (k, target) in data.targetIDs.enumerated() {
            for e in try catalog.edgeRows(runID: runID, targetIDs: [target]) {
                if let j = column[e.regulatorID] { maxBeta[k][j] = max(maxBeta[k][j], abs(e.beta)) }
            }
        }
        let correlation = (0..<p).map { k in
            let t = data.targets.column(k)
            return (0..<q).map { j in abs(Metrics.pearson(data.regulators.column(j), t)).nanToZero }
        }
        let staticBeta = try staticNetworks(catalog: catalog, runID: runID, parameters: parameters, data: data)
        var scores: [(String, [[Double]])] = [("max |beta| over lines (this run)", maxBeta), ("static elastic net |beta|", staticBeta),
                                              ("|corr(regulator, target)|", correlation)]
        // The latest finished test of each kind as a further ranking (untested pairs score 0).
        let row = Dictionary(uniqueKeysWithValues: data.targetIDs.enumerated().map { ($1, $0) })
        let fromTests: [(EdgeTestKind, String, (TestedEdge) -> Double?)] = [
            (.permutation, "modulation -log10 p", { $0.p.map { -log10($0) } }), (.stability, "stability selection frequency", { $0.statistic }),
        ]
        for (kind, name, value) in fromTests {
            guard let test = try catalog.latestFinishedModulationTest(runID: runID, kind: kind) else { continue }
            var s = [[Double]](repeating: [Double](repeating: 0, count: q), count: p)
            for e in try catalog.modulationTestEdges(test.id) {
                if let k = row[e.targetID], let j = column[e.regulatorID], let v = value(e) { s[k][j] = v }
            }
            scores.append(("\(name) (test \(test.id))", s))
        }
        // Candidates: every (regulator, target) pair of the run but a gene with itself.
        let symbols = parameters.regulators, targets = parameters.targets
        var labels: [Bool] = [], index: [(Int, Int)] = []
        for k in 0..<p { for j in 0..<q where data.targetSelfIndex[k] != j {
            labels.append(prior.contains([symbols[j], targets[k]]))
            index.append((k, j))
        } }
        report.candidates = labels.count
        report.positives = labels.filter { $0 }.count
        for (name, s) in scores {
            if let ap = Validation.averagePrecision(scores: index.map { s[$0.0][$0.1] }, labels: labels) {
                report.rankings.append(Ranking(name: name, averagePrecision: ap))
            }
        }
        // Known regulators of one target in the top K of each ranking.
        if let knownTarget, let k = targets.firstIndex(of: knownTarget) {
            report.knownTarget = knownTarget
            report.knownInRun = known.filter { symbols.contains($0) && $0 != knownTarget }
            report.regulatorsOfTarget = q - (data.targetSelfIndex[k] == nil ? 0 : 1)
            let knownSet = Set(report.knownInRun)
            func ranked(_ s: [Double]) -> [String] {
                (0..<q).filter { data.targetSelfIndex[k] != $0 }.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : symbols[$0] < symbols[$1] }.map { symbols[$0] }
            }
            var rec = [Double](repeating: 0, count: q)
            for e in try RegulatorRanking.rank(catalog: catalog, runID: runID, targetID: data.targetIDs[k]) ?? [] {
                if let j = column[e.regulator] { rec[j] = e.change }
            }
            for (name, s) in [("REC (this run)", rec), ("static elastic net |beta|", staticBeta[k]), ("|corr(regulator, target)|", correlation[k])] {
                let list = ranked(s)
                report.recalls.append(Recall(ranking: name, found: list.prefix(top).filter(knownSet.contains),
                                             recall: Validation.recall(ranked: list, known: knownSet, top: top)))
            }
        }
        // Enrichment of the top regulators by summed max |beta| among the run's regulators.
        if !geneSets.isEmpty {
            let strength = (0..<q).map { j in (0..<p).reduce(0.0) { $0 + maxBeta[$1][j] } }
            let topSet = Set((0..<q).sorted { strength[$0] != strength[$1] ? strength[$0] > strength[$1] : symbols[$0] < symbols[$1] }
                .prefix(top).map { symbols[$0] })
            let universe = Set(symbols)
            let rows: [Enrichment] = geneSets.map { set in
                let marked = set.genes.intersection(universe)
                let overlap = marked.intersection(topSet).count
                return Enrichment(set: set.name, overlap: overlap, size: marked.count,
                                  p: Validation.fisherGreater(overlap: overlap, drawn: topSet.count, marked: marked.count, universe: universe.count), q: 1)
            }
            report.enrichment = adjusted(rows)
            try enrichTargets(&report, catalog: catalog, runID: runID, targets: targets, targetIDs: data.targetIDs, geneSets: geneSets)
            try enrichModules(&report, catalog: catalog, runID: runID, universe: universe.union(targets), geneSets: geneSets)
        }
        return report
    }

    /// BH q over the rows, sorted by p.
    static func adjusted(_ rows: [Enrichment]) -> [Enrichment] {
        var out = rows
        let qs = ModulationTest.benjaminiHochberg(rows.map(\.p))
        for i in out.indices { out[i].q = qs[i] }
        return out.sorted { ($0.p, $0.set) < ($1.p, $1.set) }
    }

    /// Each of the top 10 modules of the run's latest finished TRIP run against each gene set,
    /// within the run's genes (Fisher, one-sided; BH over all module x set tests).
    static func enrichModules(_ report: inout ValidationReport, catalog: Catalog, runID: Int, universe: Set<String>,
                              geneSets: [(name: String, genes: Set<String>)]) throws {
        guard let trip = try catalog.runs().last(where: { $0.kind == .trip && $0.parentRunID == runID && $0.status == .finished }) else { return }
        report.tripRun = trip.id
        report.tripVerdict = try catalog.tripVerdict(runID: trip.id)?.verdict
        var rows: [Enrichment] = []
        for module in try catalog.tripSubnetworks(runID: trip.id, limit: 10) {
            let genes = Set(module.genes).intersection(universe)
            for set in geneSets {
                let marked = set.genes.intersection(universe)
                let overlap = marked.intersection(genes).count
                rows.append(Enrichment(set: "module \(module.rank): \(set.name)", overlap: overlap, size: genes.count,
                                       p: Validation.fisherGreater(overlap: overlap, drawn: genes.count, marked: marked.count, universe: universe.count),
                                       q: 1))
            }
        }
        report.moduleEnrichment = adjusted(rows)
    }

    /// |beta| of one static adaptive elastic net per target (uniform weights over the run's
    /// lines), with each target's fixed lambda and gamma as the modulation test uses them.
    static func staticNetworks(catalog: Catalog, runID: Int, parameters: ProfileParameters, data: ProfileData) throws -> [[Double]] {
        // At h = infinity, one design serves every target of a batch sharing lambda and gamma.
        let plan = try ModulationTestJob.plan(catalog: catalog, runID: runID, options: parameters.options).map { t -> ModulationTestTarget in
            var flat = t
            flat.bandwidth = .infinity
            return flat
        }
        let row = Dictionary(uniqueKeysWithValues: data.targetIDs.enumerated().map { ($1, $0) })
        var out = [[Double]](repeating: [Double](repeating: 0, count: data.regulatorIDs.count), count: data.targetIDs.count)
        for members in ModulationTestJob.batches(plan, size: .max) {    // targets without a selected fit have no edges
            let batch = ModulationTestJob.batch(members, data: data, options: parameters.options, strata: nil)
            for (c, fits) in try batch.ownModulatorFits().enumerated() {
                for e in fits.first?.edges ?? [] { out[row[members[c].targetID]!][e.regulator] = abs(e.beta) }
            }
        }
        return out
    }
}

extension Double {
    var nanToZero: Double { isNaN ? 0 : self }
}
