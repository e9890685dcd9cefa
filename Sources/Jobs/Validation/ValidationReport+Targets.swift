import Catalog
import Compute

/// Enrichment of the targets with the most evidence of modulation (METHOD.md 1.7): which
/// pathways do the targets whose networks vary along the modulator belong to?
extension ValidationReport {
    /// q at or below which an edge (with the call's minimum effect) counts as a discovery in
    /// the target ranking.
    public static let discoveryQ = ModulationCall.level

    /// The run's targets, most evidence of modulation first: varying calls (q <= 0.1 and
    /// effect >= 0.1, `ModulationCall`) in the latest
    /// finished permutation test, then the smallest p among the target's edges, then the
    /// bandwidth CV's gain over the static fit (a target without a test or CV sorts last on
    /// that key), then the symbol.
    static func targetsByModulation(catalog: Catalog, runID: Int, targets: [String], targetIDs: [Int]) throws -> (ranked: [String], ranking: String) {
        var discoveries = [String: Int](), smallestP = [String: Double]()
        var ranking = "bandwidth CV gain over the static fit"
        if let test = try catalog.latestFinishedModulationTest(runID: runID, kind: .permutation) {
            ranking = "varying calls (q <= \(discoveryQ), effect >= \(ModulationCall.minimumEffect)) in test \(test.id), then smallest p, then the CV gain over the static fit"
            let symbol = Dictionary(uniqueKeysWithValues: zip(targetIDs, targets))
            for e in try catalog.modulationTestEdges(test.id) {
                guard let t = symbol[e.targetID] else { continue }
                if ModulationCall.varies(q: e.q, effect: e.effect, maxQ: discoveryQ, minEffect: ModulationCall.minimumEffect) { discoveries[t, default: 0] += 1 }
                if let p = e.p { smallestP[t] = min(smallestP[t] ?? 1, p) }
            }
        }
        var gain = [String: Double]()
        for t in try catalog.targetBandwidths(runID: runID) { gain[t.symbol] = t.gainOverStatic }
        let ranked = targets.sorted { a, b in
            let ka = (discoveries[a] ?? 0, -(smallestP[a] ?? 1), gain[a] ?? -.infinity)
            let kb = (discoveries[b] ?? 0, -(smallestP[b] ?? 1), gain[b] ?? -.infinity)
            return ka != kb ? ka > kb : a < b
        }
        return (ranked, ranking)
    }

    /// Fisher (one-sided) and BH q of the top min(top, half the targets) targets by modulation
    /// evidence against each gene set, within the run's targets. Fewer than 4 targets: none.
    static func enrichTargets(_ report: inout ValidationReport, catalog: Catalog, runID: Int, targets: [String], targetIDs: [Int],
                              geneSets: [(name: String, genes: Set<String>)]) throws {
        guard targets.count >= 4 else { return }
        let (ranked, ranking) = try targetsByModulation(catalog: catalog, runID: runID, targets: targets, targetIDs: targetIDs)
        let drawn = Set(ranked.prefix(min(report.top, targets.count / 2)))
        let universe = Set(targets)
        report.targetRanking = ranking
        report.topTargets = ranked.filter(drawn.contains)
        report.targetEnrichment = adjusted(geneSets.map { set in
            let marked = set.genes.intersection(universe)
            let overlap = marked.intersection(drawn).count
            return Enrichment(set: set.name, overlap: overlap, size: marked.count,
                              p: Validation.fisherGreater(overlap: overlap, drawn: drawn.count, marked: marked.count, universe: universe.count), q: 1)
        })
    }
}
