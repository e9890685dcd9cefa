import ArgumentParser
import Catalog
import Foundation
import Jobs

/// `samplenet validate`: a profile run against prior knowledge (METHOD.md 1.7).
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a run against prior knowledge: edge recovery (AUPRC), known regulators in the top K, gene-set enrichment.",
        discussion: """
            Every figure stands beside static comparators the tool computes on the same genes and
            lines (a static elastic net per target with the target's fixed lambda and gamma, and
            |corr(regulator, target)|) and beside chance:
            - Edge recovery: average precision of edge rankings against the pairs of --prior (a
              TF -> target table with source and target columns, e.g. CollecTRI), over every
              (regulator, target) pair of the run; chance = the share of pairs in the prior.
              Rankings: max |beta| over lines, the static elastic net, |corr|, and -log10 p of
              the run's latest modulation test when there is one.
            - With --known FILE --target G: the known list's recall in the top --top regulators
              of G by REC, by the static elastic net and by |corr|; chance = top / regulators.
            - With --gene-sets GMT: Fisher exact test (one-sided) and BH q of the top --top
              regulators by summed max |beta| against each set, within the run's regulators;
              of the top --top targets (at most half of them) by evidence of modulation (edges
              at q <= 0.1 of the latest test, then smallest p, then the CV gain over the static
              fit), within the run's targets; and of the top 10 modules of the run's latest finished TRIP run, within the run's
              genes, printed with that TRIP run's verdict.
            Rankings also include the latest stability selection's frequencies when there is one.
            The prior files are the user's; nothing is shipped with the product.
            Examples:
              samplenet validate --run 1 --prior collectri_human.tsv
              samplenet validate --run 1 --prior collectri_human.tsv --known emt_tfs.tsv --target CDH1 --gene-sets hallmark.gmt
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), help: "The finished profile run.") var runID: Int
    @Option(help: ArgumentHelp("TF -> target pairs (tab-separated, header with source and target).", valueName: "file")) var prior: String
    @Option(help: ArgumentHelp("Gene sets (GMT).", valueName: "file")) var geneSets: String?
    @Option(help: ArgumentHelp("Known regulators, one per line (first column).", valueName: "file")) var known: String?
    @Option(help: "The target whose regulators --known is about.") var target: String?
    @Option(parsing: .unconditional, help: "K of the top-K recall and enrichment.") var top = 25
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "text or json.") var format: Format = .text

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard (known == nil) == (target == nil) else { throw ValidationError("--known and --target go together") }
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            guard let run = try cat.run(runID), run.kind == .profile, run.status == .finished else {
                throw InputError.usage("no finished profile run \(runID) in \(cat.path)")
            }
            let pairs = try PriorFiles.pairs(path: prior)
            let sets = try geneSets.map { try PriorFiles.geneSets(path: $0) } ?? []
            let knownGenes = try known.map { try PriorFiles.genes(path: $0) } ?? []
            let (parameters, data) = try ModulationTestCommand.load(cat, runID: runID)
            if let target, !parameters.targets.contains(target) { throw InputError.usage("\(target) is not a target of run \(runID)") }
            let report = try ValidationReport.build(catalog: cat, runID: runID, parameters: parameters, data: data, prior: pairs, geneSets: sets,
                                                    known: knownGenes, knownTarget: target, top: top, threads: threads)
            switch format {
            case .text: print(Self.text(report))
            case .json:
                let data = try JSONSerialization.data(withJSONObject: Self.json(report), options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    static func text(_ r: ValidationReport) -> String {
        var lines = [String(format: "edge recovery: %d of %d candidate pairs are in the prior (chance AUPRC %.4f)", r.positives, r.candidates, r.positiveRate)]
        for x in r.rankings { lines.append(String(format: "  AUPRC %.4f (%.2fx chance)  %@", x.averagePrecision,
                                                  r.positiveRate > 0 ? x.averagePrecision / r.positiveRate : 0, x.name)) }
        if let target = r.knownTarget {
            lines.append(String(format: "known regulators of %@ in the top %d (%d of the list among the run's %d regulators; chance recall %.3f):",
                                target, r.top, r.knownInRun.count, r.regulatorsOfTarget, r.recallByChance))
            for x in r.recalls { lines.append(String(format: "  recall %.2f  %@: %@", x.recall, x.ranking, x.found.joined(separator: ", "))) }
        }
        if !r.enrichment.isEmpty {
            lines.append("gene sets among the top \(r.top) regulators by summed max |beta| (Fisher, one-sided; BH q over \(r.enrichment.count) sets):")
            for e in r.enrichment.prefix(10) { lines.append(String(format: "  %@: %d of %d, p %.3g, q %.3g", e.set, e.overlap, e.size, e.p, e.q)) }
        }
        if let ranking = r.targetRanking {
            lines.append("gene sets among the top \(r.topTargets.count) targets by modulation evidence (\(ranking)), within the run's targets "
                         + "(Fisher, one-sided; BH q over \(r.targetEnrichment.count) sets): \(r.topTargets.joined(separator: ", "))")
            for e in r.targetEnrichment.prefix(10) { lines.append(String(format: "  %@: %d of %d, p %.3g, q %.3g", e.set, e.overlap, e.size, e.p, e.q)) }
        }
        if let trip = r.tripRun {
            lines.append("gene sets in the modules of TRIP run \(trip) (verdict: \(r.tripVerdict ?? "none stored")), within the run's genes "
                         + "(Fisher, one-sided; BH q over \(r.moduleEnrichment.count) module x set tests):")
            for e in r.moduleEnrichment.prefix(10) {
                lines.append(String(format: "  %@: %d of the module's %d genes, p %.3g, q %.3g", e.set, e.overlap, e.size, e.p, e.q))
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: ValidationReport) -> [String: Any] {
        var out: [String: Any] = ["candidates": r.candidates, "positives": r.positives, "chance_auprc": r.positiveRate,
                                  "auprc": r.rankings.map { ["ranking": $0.name, "auprc": $0.averagePrecision] }]
        if let target = r.knownTarget {
            out["known"] = ["target": target, "top": r.top, "known_in_run": r.knownInRun, "chance_recall": r.recallByChance,
                            "recall": r.recalls.map { ["ranking": $0.ranking, "recall": $0.recall, "found": $0.found] }]
        }
        func rows(_ xs: [ValidationReport.Enrichment]) -> [[String: Any]] {
            xs.map { ["set": $0.set, "overlap": $0.overlap, "size": $0.size, "p": $0.p, "q": $0.q] }
        }
        if !r.enrichment.isEmpty { out["enrichment"] = rows(r.enrichment) }
        if let ranking = r.targetRanking {
            out["target_enrichment"] = ["ranking": ranking, "top_targets": r.topTargets, "enrichment": rows(r.targetEnrichment)] as [String: Any]
        }
        if let trip = r.tripRun {
            out["modules"] = ["trip_run": trip, "verdict": r.tripVerdict ?? NSNull(), "enrichment": rows(r.moduleEnrichment)] as [String: Any]
        }
        return out
    }
}
