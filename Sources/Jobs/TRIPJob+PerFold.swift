import Catalog
import Compute
import Foundation

/// Per-fold profiling from the catalog (METHOD.md 2.1-2.2): when TRIP's response is the
/// modulator the parent run's networks were built along, or derived from it, every CV split
/// profiles its training lines again with the parent's own options, and held-out lines get
/// the network at the modulator inferred from their expression.
extension TRIPJob {
    /// The parent run's data and options in TRIP's line order (`cells`), for per-fold
    /// profiles along `modulator` (the networks' modulator of each line), or for the static
    /// perturbation input. `why` opens a refusal: why the run's data are needed.
    static func perFoldProfiling(catalog: Catalog, parent: RunRecord, cells: [Int], modulator: [Double], input: TRIPOptions.Input,
                                 why: String) throws -> PerFoldProfiling {
        guard let parameters = try? ProfileParameters.decode(parent.parametersJSON) else {
            throw InputError.usage("\(why), and run \(parent.id) was imported, not profiled, so its folds "
                                   + "cannot be profiled again (METHOD.md 2.1-2.2); predict another variable or use another input")
        }
        let data = try ProfileData.load(catalog: catalog, parameters: parameters)
        guard data.dataHash == parent.dataHash else {
            throw InputError.usage("\(why), and the catalog's expression or modulator values changed since run "
                                   + "\(parent.id) was profiled, so per-fold profiles would not redo that run; profile again")
        }
        let row = Dictionary(uniqueKeysWithValues: data.cells.enumerated().map { ($1.id, $0) })
        let lines = try cells.map { id -> Int in
            guard let r = row[id] else { throw InputError.usage("cell line \(id) of run \(parent.id) has no expression for its genes") }
            return r
        }
        let fold = FoldProfileData(regulators: data.regulators.rows(lines), targets: data.targets.rows(lines),
                                   targetSelfIndex: data.targetSelfIndex, regulatorGenes: data.regulatorIDs, targetGenes: data.targetIDs,
                                   options: parameters.options)
        // A tissue-adjusted run was profiled along the adjusted modulator: its folds are too.
        let along = parameters.adjust == nil ? modulator : lines.map { data.modulatorValues[$0] }
        return PerFoldProfiling(data: fold, modulator: along, input: input)
    }

    /// One line of what per-fold profiling will cost, printed before it starts.
    public static func perFoldCost(_ perFold: PerFoldProfiling, options: TRIPOptions, cells: Int) -> String {
        let test = cells / max(1, options.folds)
        if perFold.input == .perturbation {
            let fits = StaticPerturbation.fitsPerSplit(lines: cells, targets: perFold.data.targets.columns)
            let splits = options.repeats * options.folds
            return "static-network perturbation (METHOD.md 2.2): \(splits + 1) sets of static fits (all lines, then each of \(splits) splits' "
                + "training lines; the controls share them), each ~\(fits) solves of \(perFold.data.targets.columns) targets on "
                + "\(perFold.data.regulators.columns) regulators; \((splits + 1) * fits) solves in all"
        }
        let fits = perFold.data.fitsPerSplit(train: cells - test, test: test)
        let profiles = PerFoldProfiling.profileCount(options)
        return "per-fold profiling (METHOD.md 2.2): \(profiles) profiles (\(options.repeats) x \(options.folds) splits"
            + (options.controls ? " x response and 2 controls" : "") + "), each ~\(fits) fits of \(perFold.data.targets.columns) targets "
            + "on \(perFold.data.regulators.columns) regulators; \(profiles * fits) fits in all"
    }
}

/// Per-fold profiles kept in a folder (`--fold-dir`) and profiled shard by shard on a cluster
/// (`--fold-shard I/N`, issue 21); the TRIP run itself then reads them from the folder.
extension TRIPJob {
    /// `inputs` with its per-fold profiles kept in and read from `folder`.
    public static func keepingFolds(_ inputs: Inputs, parent: RunRecord, options: TRIPOptions, folder: String) throws -> Inputs {
        guard var perFold = inputs.perFold, perFold.invertsNetworks else {
            throw InputError.usage("--fold-dir keeps per-fold profiles, and this TRIP run has none: its response is not the networks' modulator "
                                   + "(or derived from it)" + (options.input == .perturbation ? ", and --input perturbation profiles nothing" : ""))
        }
        let fingerprint = FoldFileStore.fingerprint(parent: parent, cells: inputs.cellIDs, response: inputs.response, perFold: perFold, options: options)
        let store = try FoldFileStore(folder: folder, fingerprint: fingerprint)
        try store.checkPresent(TRIPAnalysis.foldUnits(options))
        perFold.store = store
        var kept = inputs
        kept.perFold = perFold
        return kept
    }

    /// Profiles the units of shard `shard` of `shards` that its folder does not hold yet
    /// (checking the ones it does). Returns how many were profiled and how many found, or
    /// nil when stopped (finished units stay).
    public static func runFoldShard(_ inputs: Inputs, options: TRIPOptions, shard: Int, of shards: Int, threads: Int,
                                    progress: (String) -> Void) throws -> (profiled: Int, found: Int)? {
        guard let perFold = inputs.perFold, let store = perFold.store else { throw InputError.usage("--fold-shard needs --fold-dir") }
        let units = TRIPAnalysis.foldUnits(options, shard: shard, of: shards)
        let analysis = TRIPAnalysis(options: options)
        var profiled = 0, found = 0
        for (k, unit) in units.enumerated() {
            if try store.load(unit) != nil {
                found += 1
                progress("\(unit) already in the folder (\(k + 1)/\(units.count))")
                continue
            }
            let started = Date()
            guard let networks = try analysis.foldNetworks(perFold, response: inputs.response, unit: unit, threads: threads, stop: jobStopFlag)
            else { return nil }
            try store.save(networks, unit: unit)
            profiled += 1
            progress(String(format: "%@ profiled in %.0f s (%d/%d)", unit.description, Date().timeIntervalSince(started), k + 1, units.count))
        }
        return (profiled, found)
    }
}
