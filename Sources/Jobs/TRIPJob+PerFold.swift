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
    static func perFoldCost(_ perFold: PerFoldProfiling, options: TRIPOptions, cells: Int) -> String {
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
