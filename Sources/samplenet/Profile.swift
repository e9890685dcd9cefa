import ArgumentParser
import Catalog
import Jobs
import Compute
import Foundation

extension KernelKind: ExpressibleByArgument {}
extension PathAlgorithm: ExpressibleByArgument {}

/// `samplenet profile`: NetworkProfiler, one network per cell line (METHOD.md section 1).
struct Profile: ParsableCommand {
    /// The estimator's defaults: the one place they live (Compute's ProfilerOptions).
    static let defaults = ProfilerOptions()

    static let configuration = CommandConfiguration(
        abstract: "Estimate one gene network per cell line (NetworkProfiler) and store it as a run.",
        discussion: """
            Prints the new run's id alone on stdout as soon as the run exists; progress goes to
            stderr. Every finished target is committed at once: Ctrl-C leaves the run
            'incomplete' (exit 130) and `samplenet profile --resume ID` finishes it without
            redoing finished targets.

            Defaults (METHOD.md): bandwidth by CV over \(ProfileArguments.list(Profile.defaults.bandwidthGrid)) on a held-out set
            of min(50, n/5) cells drawn with seed \(Profile.defaults.seed); lambda path of \(ProfileArguments.defaultLambdaPath.count) values from lambda_max to
            \(ProfileArguments.number(ProfileArguments.defaultLambdaPath.ratio)) lambda_max; gamma in \(ProfileArguments.list(Profile.defaults.selection.gammas)); up to \(Profile.defaults.selection.rounds) rounds of the recursive adaptive
            elastic net; Gaussian kernel. --bandwidth, --lambda, --gamma and --no-recursion
            together fix every hyperparameter.

            The bandwidth CV also tries h = infinity, one static elastic net on uniform weights
            (METHOD.md 1.7), on the same held-out cells: a target whose static fit predicts them
            at least as well gets one network for every line ("static is as good"), the others
            "varies". `samplenet runs targets ID` lists each target's best finite h, its CV
            error, the static fit's, and whether the best h sat on the grid's edge.

            Examples:
              samplenet profile --modulator emt --targets CDH1
              samplenet profile --modulator gefitinib --targets @targets.txt --threads 8
              samplenet profile --modulator emt --targets CDH1,VIM --bandwidth 0.2 --lambda 0.05 --gamma 0.1 --no-recursion
              samplenet profile --resume 3
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "Modulator name (e.g. emt, gefitinib, erlotinib).") var modulator: String?
    @Option(help: ArgumentHelp("Targets: G1,G2,... or @FILE (one per line). Default: every gene with expression.", valueName: "genes"))
    var targets: String?
    @Option(help: ArgumentHelp("Regulators: G1,G2,... or @FILE. Default: the catalog's regulators.", valueName: "genes"))
    var regulators: String?
    @Option(parsing: .unconditional, help: "Fix the bandwidth h (no cross-validation); inf: one static network for every line.") var bandwidth: Double?
    @Option(parsing: .unconditional, help: "Fix lambda (no lambda path).") var lambda: Double?
    @Option(parsing: .unconditional, help: "Fix gamma (no gamma grid).") var gamma: Double?
    @Flag(help: "One round with all adaptive weights 1.") var noRecursion = false
    @Option(help: "gaussian or knn.") var kernel: KernelKind = Profile.defaults.kernel
    @Option(parsing: .unconditional, help: "k of the knn kernel.") var neighbours = Profile.defaults.neighbours
    @Option(parsing: .unconditional, help: "Bandwidth grid for CV, comma-separated.") var bandwidthGrid = ProfileArguments.list(Profile.defaults.bandwidthGrid)
    @Option(parsing: .unconditional, help: "Gamma grid, comma-separated.") var gammaGrid = ProfileArguments.list(Profile.defaults.selection.gammas)
    @Option(parsing: .unconditional, help: "Number of lambda values on the path.") var lambdaCount = ProfileArguments.defaultLambdaPath.count
    @Option(parsing: .unconditional, help: "Smallest lambda as a fraction of lambda_max.") var lambdaRatio = ProfileArguments.defaultLambdaPath.ratio
    @Option(parsing: .unconditional, help: "Rounds of the recursive adaptive elastic net.") var rounds = Profile.defaults.selection.rounds
    @Flag(help: "Leave h = infinity (the static fit) out of the bandwidth CV.") var noStaticArm = false
    @Flag(help: "Print where the time went: reading the inputs, the kernels' designs (weights and Gram), the solves, in all (thread-seconds for designs and solves).")
    var timings = false
    @Option(help: ArgumentHelp("Only lines of these tissues: tissue=T1,T2 (names as in the annotation, any case).", valueName: "selection"))
    var cells: String?
    @Option(help: ArgumentHelp("Remove confounders: tissue, sex or tissue,sex. Every gene and the modulator are residualised on them jointly (tissue: lines of tissues with fewer than 3 lines left out; sex: Y-chromosome expression status inferred from Y genes such as RPS4Y1, DDX3Y, ZFY, METHOD.md 1.7).", valueName: "confounders"))
    var adjust: String?
    @Option(parsing: .unconditional, help: "Held-out cells for bandwidth CV (default min(50, n/5)).") var heldOut: Int?
    @Option(parsing: .unconditional, help: "Seed of the held-out draw (SplitMix64).") var seed: UInt64 = Profile.defaults.seed
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: ArgumentHelp("Resume an incomplete run.", valueName: "run-id")) var resume: Int?
    @Option(parsing: .unconditional, help: "Targets fitted together on shared Gram matrices (memory grows with it; results do not change).") var batch = ProfileJob.defaultBatchSize
    @Option(help: ArgumentHelp("How each lambda path is solved: homotopy (event to event along the exact path) or coordinate-descent (at every grid point). Same optimum either way; recorded with the run.", valueName: "algorithm"))
    var pathAlgorithm: PathAlgorithm = Profile.defaults.selection.pathAlgorithm
    @Flag(help: "Use the straightforward per-fit path (one Gram per fit): the slow reference for checking the batched path.")
    var perFit = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Create the run and a plan for N shards in --out; fit nothing (run each with --shard I/N, then `samplenet merge`).", valueName: "N"))
    var shards: Int?
    @Option(help: ArgumentHelp("Fit shard I of the plan in --out (catalog read-only) and write its file there.", valueName: "I/N"))
    var shard: ShardSpec?
    @Option(help: ArgumentHelp("The shard folder (with --shards or --shard).", valueName: "dir")) var out: String?
    @OptionGroup(title: "Slurm (with --shards N --out DIR)") var slurm: SlurmOptions

    func validate() throws {
        try validateSharding()
        if resume == nil && shard == nil && modulator == nil { throw ValidationError("--modulator is required (or --resume ID)") }
        if resume != nil {
            let given = resumeConflicts()
            if !given.isEmpty {
                throw ValidationError("--resume takes the run's own parameters; drop \(given.joined(separator: ", ")) (only --threads and --batch may change)")
            }
        }
        let maxThreads = 4 * ProcessInfo.processInfo.activeProcessorCount
        guard (1...maxThreads).contains(threads) else { throw ValidationError("--threads must be between 1 and \(maxThreads) (4 per core of this machine)") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        for (name, value) in [("lambda", lambda), ("gamma", gamma)] {
            if let value, !(value > 0 && value.isFinite) { throw ValidationError("--\(name) must be a positive finite number") }
        }
        // inf: one static network for every line (the static arm alone; a comparator).
        if let bandwidth, !(bandwidth > 0 && (bandwidth.isFinite || bandwidth == .infinity)) {
            throw ValidationError("--bandwidth must be a positive number or inf")
        }
        // On weighted-standardised data |c_j| <= 1 (Cauchy-Schwarz) and the first round's
        // adaptive weights are all 1, so lambda >= 1 zeroes every coefficient of every round.
        if let lambda, lambda >= Self.largestLambda {
            throw ValidationError("--lambda \(ProfileArguments.number(lambda)) zeroes every coefficient of standardised data (|c_j| <= 1); use a value below \(ProfileArguments.number(Self.largestLambda))")
        }
        // Below this the Gaussian kernel puts all its weight on the line being fitted.
        for h in [bandwidth].compactMap({ $0 }) + ((try? options().bandwidthGrid) ?? []) where h < Self.smallestBandwidth {
            throw ValidationError("bandwidth \(ProfileArguments.number(h)) is below \(ProfileArguments.number(Self.smallestBandwidth)): the kernel would weigh one line alone")
        }
        guard (2...1000).contains(lambdaCount) else { throw ValidationError("--lambda-count must be between 2 and 1000 (the path runs from lambda_max down)") }
        guard lambdaRatio > 0 && lambdaRatio < 1 else { throw ValidationError("--lambda-ratio must lie strictly between 0 and 1") }
        guard (1...100).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 100") }
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1") }
        if let heldOut { guard heldOut >= 1 else { throw ValidationError("--held-out must be at least 1") } }
        _ = try cellTissues()
        _ = try confounders()
        _ = try options()
    }

    /// A fixed lambda must lie below this (see validate).
    static let largestLambda = 1.0
    /// The smallest bandwidth accepted, in standard units of the modulator (our choice: at
    /// 1e-3 a Gaussian kernel over ~1,000 standardised lines already weighs essentially one).
    static let smallestBandwidth = 1e-3

    func run() throws {
        try ExitStatus.guarded {
            if let problem = DenseKernels.environmentProblem { throw InputError.usage(problem) }
            if let shard, let out { return try runShard(shard, folder: out) }
            let started = ContinuousClock.now
            if timings { StageTimes.enable() }
            let cat = try catalog.open()
            var job = ProfileJob(catalog: cat, threads: threads)
            job.batchSize = batch
            job.perFit = perFit
            if let resume {
                guard let record = try cat.run(resume), record.kind == .profile else {
                    throw InputError.usage("no profile run \(resume) in \(cat.path)")
                }
                if record.status == .finished { writeLine(String(resume)); printNote("run \(resume) is already finished"); return }
                switch record.liveness {
                case .alive: throw InputError.usage("run \(resume) is still running as process \(record.pid ?? 0)")
                case let .elsewhere(host):
                    throw InputError.usage("run \(resume) is marked running on \(host); resume it there, or if it died there, `samplenet runs abandon \(resume)` first")
                case .dead, .notRunning: break
                }
                if record.status == .cancelled {
                    throw InputError.usage("run \(resume) is cancelled; start a new run (or delete it: samplenet runs delete \(resume))")
                }
                guard !ImportedNetworkParameters.isImported(record.parametersJSON) else {
                    throw InputError.usage("run \(resume) was imported from an edge table: there is nothing to resume")
                }
                let parameters = try ProfileParameters.decode(record.parametersJSON)
                let data = try ProfileData.load(catalog: cat, parameters: parameters)
                guard data.dataHash == record.dataHash else {
                    throw InputError.usage("the catalog's data changed since run \(resume) started (data hash differs); start a new run")
                }
                let finished = Set(try cat.runTargets(resume).filter(\.finished).map(\.targetID))
                let pending = data.targetIDs.indices.filter { !finished.contains(data.targetIDs[$0]) }
                try cat.resumeRun(resume, threads: threads)
                writeLine(String(resume))
                try job.run(runID: resume, parameters: parameters, data: data, pending: pending)
                return
            }
            let expressed = Set(try cat.expression().genes)
            let regulatorSymbols: [String]
            if let regulators {
                regulatorSymbols = try resolveGenes(regulators, known: expressed, what: "regulator")
            } else {
                regulatorSymbols = try cat.genes().filter { $0.isRegulator && expressed.contains($0.symbol) }.map(\.symbol)
                guard !regulatorSymbols.isEmpty else {
                    throw InputError.usage("the catalog has no regulators; run `samplenet import regulators FILE` or pass --regulators")
                }
            }
            let targetSymbols = try targets.map { try resolveGenes($0, known: expressed, what: "target") } ?? expressed.sorted()
            var parameters = ProfileParameters(modulator: modulator ?? "", regulators: regulatorSymbols, targets: targetSymbols,
                                               options: try options())
            parameters.cellTissues = try cellTissues()
            if shards != nil, let out { parameters.shardFolder = URL(fileURLWithPath: out).standardizedFileURL.path }
            parameters.adjust = try confounders()
            let data = try ProfileData.load(catalog: cat, parameters: parameters)
            if timings { printNote(String(format: "timings: inputs %.3f s", (ContinuousClock.now - started).inSeconds)) }
            if let eta2 = data.tissueEta2 {
                parameters.tissueEta2 = [eta2.before, eta2.after]
                printNote(String(format: "adjusted for tissue: the modulator's tissue eta^2 %.3f before, %.3f after", eta2.before, eta2.after))
            }
            if let y = data.yStatus {
                parameters.yStatusEta2 = [y.eta2.before, y.eta2.after]
                parameters.yExpressedLines = y.split.expressedCount
                printNote(y.summary)
            }
            if data.leftOutByTissue > 0 {
                printNote("\(data.leftOutByTissue) lines with a value left out by --cells or for a tissue with fewer than \(ProfileParameters.smallestAdjustedGroup) lines (--adjust)")
            }
            try ProfileJob.check(parameters: parameters, data: data)       // refused here, before any run exists
            let standardised = KernelWeights.standardise(data.modulatorValues) ?? data.modulatorValues.map { _ in 0 }
            let runID = try cat.createRun(kind: .profile, modulatorID: data.modulatorID, parametersJSON: try parameters.json(),
                                          dataHash: data.dataHash, cells: zip(data.cells, standardised).map { ($0.id, $1) },
                                          targetIDs: data.targetIDs, cellsSkipped: data.skippedCells, threads: threads)
            writeLine(String(runID))
            if let shards, let out { return try plan(runID: runID, shards: shards, folder: out, parameters: parameters, data: data, catalog: cat) }
            try job.run(runID: runID, parameters: parameters, data: data, pending: Array(data.targetIDs.indices))
            if timings {
                let (design, solve) = StageTimes.seconds
                printNote(String(format: "timings: designs %.3f s, solves %.3f s, all %.3f s (designs and solves summed over threads)",
                                 design, solve, (ContinuousClock.now - started).inSeconds))
            }
        }
    }
}
