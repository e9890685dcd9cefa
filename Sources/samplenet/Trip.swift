import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

extension TRIPOptions.Task: ExpressibleByArgument {}
extension TRIPOptions.Attribution: ExpressibleByArgument {}
extension TRIPOptions.Input: ExpressibleByArgument {}
extension TRIPOptions.Importance: ExpressibleByArgument {}

/// `samplenet trip`: TRIP (METHOD.md 2) on a finished NetworkProfiler run.
struct Trip: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a run's networks with TRIP: predict a per-line response from them and find the subnetworks that carry it.",
        discussion: """
            Prints the new TRIP run's id alone on stdout; progress and the cross-validated
            scores (TRIP against its ablation, ridge on networks and on expression, and the
            shuffled- and noise-response controls, on the same folds) and the verdict go to
            stderr. Everything is stored with the run: scores, out-of-fold
            predictions, edge importance and selection frequency, subnetworks, per-cell top
            contributions, axis loadings and the model. While it trains, the latest top-10
            subnetworks are kept in the catalog (at most 4 updates a second) for live views.

            Defaults (METHOD.md 2): ranks 4,4; 8 hidden units; eta 0.1; rho 1e-4; Adam 1e-2;
            projection step 1e-2; at most 500 epochs, patience 30 on a 20% validation split;
            3 repeats x 5 folds; top 200 edges in modules of at most 30; importance = sd over
            lines; contributions from the lines' mean input: gradient x input for H = 0,
            integrated gradients (32 steps) for H > 0.

            Examples:
              samplenet trip --run 1
              samplenet trip --run 1 --target class --hidden 0 --folds 10 --seed 7
              samplenet trip --run 1 --input re
              samplenet trip --run 1 --response gefitinib --input perturbation
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(name: .customLong("run"), parsing: .unconditional, help: "The NetworkProfiler run to explain.") var runID: Int
    @Option(help: ArgumentHelp("The per-line variable to predict, a modulator of the catalog (default: the one the networks were built along). When it is that modulator, or derived from it, every CV fold profiles its training lines again and held-out lines get the network at the modulator inferred from their expression (METHOD.md 2.1-2.2): costly, printed before it starts.", valueName: "modulator"))
    var response: String?
    @Flag(help: "Skip the shuffled- and noise-response controls (about half the time; the verdict is then never signal).")
    var noControls = false
    @Flag(help: "Also compute deletion curves (METHOD.md 2.5): retrain without the top-k edges (k = 10, 20, 50, 100, 200) on the first repeat's folds, against |corr| and random edges. Costs folds x 5 x (2 + draws) trainings.")
    var deletion = false
    @Option(parsing: .unconditional, help: "Random draws per k for the deletion curves.") var deletionDraws = TRIPOptions().deletionDraws
    @Option(name: .customLong("target"), help: "regression (the modulator; alias: modulator) or classification (its median split; alias: class).")
    var targetName = "regression"
    @Option(parsing: .unconditional, help: ArgumentHelp("J1,J2: regulator and target axes (default 4,4, or fewer when the run has fewer regulators or targets with edges).", valueName: "J1,J2"))
    var ranks: String?
    @Option(parsing: .unconditional, help: "Hidden units H (0: linear).") var hidden = 8
    @Option(parsing: .unconditional, help: "Cross-validation folds K.") var folds = TRIPOptions().folds
    @Option(parsing: .unconditional, help: "Repeats R of the K-fold split (each seeded anew; scores and tests over all R x K splits).")
    var repeats = TRIPOptions().repeats
    @Option(parsing: .unconditional, help: "Seed of folds, splits and initial weights (SplitMix64).") var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(parsing: .unconditional, help: "Maximum epochs.") var epochs = 500
    @Option(parsing: .unconditional, help: "Edges (by importance) that form the subnetworks.") var topEdges = 200
    @Option(parsing: .unconditional, help: "Weight of the reconstruction term.") var eta = 0.1
    @Option(help: "beta (the networks), re (regulatory effects, METHOD.md 1.6, on the same edges) or perturbation (each line's change of a static elastic net on the run's genes, LIONESS-style, METHOD.md 2.2: uses the line's own expression and no modulator, so it needs no per-fold profiles for any response).")
    var input: TRIPOptions.Input = .beta
    @Option(help: "gradient or integrated (default: gradient for H = 0, integrated for H > 0); both from the lines' mean input.") var attribution: TRIPOptions.Attribution?
    @Option(help: "sd (of an edge's contributions over lines) or mean-abs (their mean |value|).") var importance: TRIPOptions.Importance = TRIPOptions().importance
    @Option(parsing: .unconditional, help: "At most this many edges per module.") var moduleCap = TRIPOptions().moduleCap
    @Option(help: ArgumentHelp("Keep the per-fold profiles of a circular response (METHOD.md 2.2) in DIR, one file per profile: an interrupted run started again with the same DIR reuses the finished ones, and --fold-shard fills DIR on a cluster.", valueName: "DIR"))
    var foldDir: String?
    @Option(help: ArgumentHelp("Profile only shard I of N of the per-fold profiles into --fold-dir, reading the catalog read-only and creating no run; then run the same trip command without --fold-shard, which reads them.", valueName: "I/N"))
    var foldShard: ShardSpec?

    func validate() throws {
        _ = try options()
        if foldShard != nil && foldDir == nil { throw ValidationError("--fold-shard needs --fold-dir DIR") }
    }

    func options() throws -> TRIPOptions {
        var o = TRIPOptions()
        switch targetName {
        case "regression", "modulator": o.task = .regression
        case "classification", "class": o.task = .classification
        default: throw ValidationError("--target must be modulator (regression) or class (classification), not \(targetName)")
        }
        if let ranks {
            let parsed = ranks.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parsed.count == 2, parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else { throw ValidationError("--ranks needs two positive integers, e.g. 4,4") }
            o.ranks = parsed.map { $0! }
        }
        let maxThreads = 4 * ProcessInfo.processInfo.activeProcessorCount
        guard (0...1024).contains(hidden) else { throw ValidationError("--hidden must be 0 or more (at most 1024)") }
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 100") }
        guard (1...maxThreads).contains(threads) else { throw ValidationError("--threads must be between 1 and \(maxThreads) (4 per core of this machine)") }
        guard (1...100_000).contains(epochs) else { throw ValidationError("--epochs must be at least 1 (at most 100000)") }
        guard topEdges >= 1 else { throw ValidationError("--top-edges must be at least 1") }
        guard moduleCap >= 1 else { throw ValidationError("--module-cap must be at least 1") }
        guard (1...100).contains(deletionDraws) else { throw ValidationError("--deletion-draws must be between 1 and 100") }
        guard eta >= 0 && eta.isFinite else { throw ValidationError("--eta must be a finite number, 0 or more") }
        o.hidden = hidden
        o.folds = folds
        o.repeats = repeats
        o.seed = seed
        o.maxEpochs = epochs
        o.topEdges = topEdges
        o.eta = eta
        o.attribution = attribution
        o.importance = importance
        o.moduleCap = moduleCap
        o.deletion = deletion
        o.deletionDraws = deletionDraws
        o.input = input
        o.controls = !noControls
        return o
    }

    /// Options that must fit the parent run's data (checked before the TRIP run exists).
    func check(_ o: TRIPOptions, stack: EdgeStack) throws {
        guard stack.edgeCount > 0 else { throw InputError.usage("the run's networks have no edges: nothing for TRIP to explain") }
        // The default ranks shrink to the data (TRIPAnalysis); ranks asked for must fit it.
        guard ranks == nil || (o.ranks[0] <= stack.regulatorGenes.count && o.ranks[1] <= stack.targetGenes.count) else {
            throw InputError.usage("--ranks \(o.ranks[0]),\(o.ranks[1]) exceeds the run's \(stack.regulatorGenes.count) regulators and \(stack.targetGenes.count) targets with edges")
        }
        guard o.folds <= stack.cellCount / 2 else {
            throw InputError.usage("--folds \(o.folds) leaves fewer than 2 cell lines per fold (the run has \(stack.cellCount)); use at most \(max(2, stack.cellCount / 2))")
        }
    }

    func run() throws {
        try ExitStatus.guarded {
            let options = try options()
            let cat = try foldShard == nil ? catalog.open() : catalog.openForReading()
            guard let parent = try cat.run(runID) else { throw InputError.usage("no run \(runID) in \(cat.path)") }
            var inputs = try TRIPJob.load(catalog: cat, parent: parent, input: options.input, response: response)
            try check(options, stack: inputs.stack)
            if let foldDir { inputs = try TRIPJob.keepingFolds(inputs, parent: parent, options: options, folder: foldDir) }
            if let foldShard { return try runFoldShard(foldShard, options: options, inputs: inputs) }
            let parameters = try sortedKeysJSON(TRIPRunParameters(response: inputs.responseName, options: options))
            let responseID = try cat.modulator(named: inputs.responseName)?.id
            let id = try cat.createRun(kind: .trip, modulatorID: responseID, parentRunID: parent.id, parametersJSON: parameters,
                                       dataHash: parent.dataHash, cells: zip(inputs.cellIDs, KernelWeights.standardise(inputs.response) ?? inputs.response).map { ($0, $1) },
                                       targetIDs: [], cellsSkipped: parent.cells - inputs.cellIDs.count, threads: threads)
            try cat.setProgressTotal(id, TRIPJob.taskCount(options, edges: inputs.stack.edgeCount, perFold: inputs.perFold != nil))
            writeLine(String(id))
            try TRIPJob(catalog: cat, threads: threads).run(runID: id, parent: parent, options: options, inputs: inputs)
        }
    }
}

extension Trip {
    /// `--fold-shard I/N`: profiles shard I's per-fold units into --fold-dir; no run, no
    /// catalog write.
    func runFoldShard(_ shard: ShardSpec, options: TRIPOptions, inputs: TRIPJob.Inputs) throws {
        installJobStopHandlers()
        BLASThreads.set(1)
        let units = TRIPAnalysis.foldUnits(options, shard: shard.index, of: shard.count)
        if let perFold = inputs.perFold {
            printNote("fold shard \(shard.index)/\(shard.count): \(units.count) of \(TRIPAnalysis.foldUnits(options).count) per-fold profiles; all of them: "
                      + TRIPJob.perFoldCost(perFold, options: options, cells: inputs.stack.cellCount))
        }
        guard let done = try TRIPJob.runFoldShard(inputs, options: options, shard: shard.index, of: shard.count, threads: threads,
                                                  progress: { printNote("  " + $0) }) else {
            printNote("fold shard \(shard.index)/\(shard.count) interrupted; finished profiles are kept (rerun it)")
            throw JobInterrupted()
        }
        printNote("fold shard \(shard.index)/\(shard.count): \(done.profiled) profiled, \(done.found) already in \(foldDir ?? "")")
    }
}
