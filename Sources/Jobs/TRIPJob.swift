import Catalog
import Compute
import Foundation
import Synchronization

/// A TRIP run's parameters as stored with it: the response it predicts and the options.
public struct TRIPRunParameters: Codable, Sendable {
    public var method = "TRIP"
    public var response: String
    public var options: TRIPOptions
    public init(response: String, options: TRIPOptions) {
        self.response = response
        self.options = options
    }
}

/// Runs TRIP on a NetworkProfiler run from the catalog and stores what it finds.
public struct TRIPJob {
    public let catalog: Catalog
    public let threads: Int

    public init(catalog: Catalog, threads: Int) {
        self.catalog = catalog
        self.threads = threads
    }

    /// What TRIP reads from the catalog: the parent run's edge stack (beta, or RE on the same
    /// edges) for the lines that have a response, the response, and the comparators.
    public struct Inputs {
        public var stack: EdgeStack
        public var response: [Double]
        public var cellIDs: [Int]
        public var comparators: TRIPComparators
        /// The response's name (a modulator of the catalog).
        public var responseName: String
        /// Set when the response is the networks' modulator or derived from it: every CV
        /// split profiles its training lines again (METHOD.md 2.1-2.2).
        public var perFold: PerFoldProfiling?
    }

    /// Loads TRIP's inputs. `response`: a modulator name (default: the run's own, which the
    /// leakage rule then refuses). Lines of the run without a response value are left out.
    ///
    /// The leakage rule (METHOD.md 2.1): a NetworkProfiler network is a function of the line's
    /// modulator value, so predicting that modulator (or anything that is nearly it) from the
    /// run's networks is circular: a shuffled or pure-noise modulator is "predicted" with R^2
    /// near 1. Such a response gets per-fold profiling with network inversion (METHOD.md 2.2);
    /// when the run cannot be profiled again (an imported network, changed data) it is refused.
    public static func load(catalog: Catalog, parent: RunRecord, input: TRIPOptions.Input = .beta, response: String? = nil) throws -> Inputs {
        guard parent.kind == .profile else { throw InputError.usage("run \(parent.id) is a \(parent.kind) run; TRIP needs a NetworkProfiler run") }
        guard parent.status == .finished else {
            throw InputError.usage("run \(parent.id) is \(parent.shownStatus); finish it first (samplenet profile --resume \(parent.id))")
        }
        guard let name = parent.modulator, let networkModulator = try catalog.modulator(named: name) else {
            throw InputError.usage("run \(parent.id) has no modulator in the catalog")
        }
        let responseName = response ?? name
        guard let responseModulator = try catalog.modulator(named: responseName) else {
            throw InputError.usage("no modulator named \(responseName); the catalog has: \(try catalog.modulators().map(\.name).joined(separator: ", "))")
        }
        let networkValues = try catalog.modulatorValues(networkModulator).values
        let values = try catalog.modulatorValues(responseModulator).values
        let runCells = try catalog.runCells(parent.id)
        let cells = runCells.filter { values[$0] != nil }
        guard cells.count >= 10 else {
            throw InputError.usage("only \(cells.count) of run \(parent.id)'s \(runCells.count) cell lines have a \(responseName) value")
        }
        let y = cells.map { values[$0]! }
        let m = cells.map { networkValues[$0] ?? .nan }
        let correlation = Metrics.pearson(y, m)
        var perFold: PerFoldProfiling?
        let circular = responseModulator.id == networkModulator.id || abs(correlation) >= circularCorrelation
        if input == .perturbation {
            perFold = try perFoldProfiling(catalog: catalog, parent: parent, cells: cells, modulator: m, input: input,
                                           why: "--input perturbation fits static networks on run \(parent.id)'s genes and lines")
        } else if circular {
            let same = responseModulator.id == networkModulator.id ? "is the modulator the networks were built along"
                : String(format: "correlates with the networks' modulator %@ (r = %.3f)", name, correlation)
            perFold = try perFoldProfiling(catalog: catalog, parent: parent, cells: cells, modulator: m, input: input,
                                           why: "circular: the response \(responseName) \(same)")
        }
        let position = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
        let targets = try catalog.runTargets(parent.id).map(\.targetID)
        let rows = try catalog.edgeRows(runID: parent.id, targetIDs: targets).filter { position[$0.cellID] != nil }
        let entries: [EdgeStack.Entry]
        switch input {
        case .beta, .perturbation:      // the perturbation input replaces these (TRIPAnalysis)
            entries = rows.map { EdgeStack.Entry(cell: position[$0.cellID]!, regulatorGene: $0.regulatorID, targetGene: $0.targetID, value: $0.beta) }
        case .re:
            entries = try regulatoryEffectEntries(catalog: catalog, rows: rows, position: position)
        }
        let stack = EdgeStack(cellCount: cells.count, entries: entries)
        // With per-fold profiling the modulator is (nearly) the response: the inferred
        // modulator replaces it as a baseline.
        let comparators = TRIPComparators(expression: try expressionMatrix(catalog: catalog, cells: cells, genes: stack.regulatorGenes + stack.targetGenes),
                                          modulator: m.contains(where: \.isNaN) || circular ? nil : m)
        return Inputs(stack: stack, response: y, cellIDs: cells, comparators: comparators, responseName: responseName, perFold: perFold)
    }

    /// |r| at or above which a response counts as derived from the networks' modulator.
    public static let circularCorrelation = 0.99

    /// The lines' expression of `genes` (cells x distinct genes); a missing value is the gene's
    /// mean over the lines (the comparator only; TRIP never sees it).
    static func expressionMatrix(catalog: Catalog, cells: [Int], genes: [Int]) throws -> Matrix? {
        let symbols = Dictionary(try catalog.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        let wanted = Array(Set(genes.compactMap { symbols[$0] })).sorted()
        guard !wanted.isEmpty else { return nil }
        let expression = try catalog.expression(genes: wanted)
        let column = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        var matrix = Matrix(rows: cells.count, columns: expression.genes.count)
        for g in 0..<expression.genes.count {
            let raw = cells.map { id in column[id].map { expression.value(gene: g, cell: $0) } ?? .nan }
            let present = raw.filter { !$0.isNaN }
            let fill = present.isEmpty ? 0 : present.reduce(0, +) / Double(present.count)
            for (i, v) in raw.enumerated() { matrix[i, g] = v.isNaN ? fill : v }
        }
        return matrix
    }

    /// Each cell's RE matrix (METHOD.md 1.6) on the run's edge set (pairs with a non-zero
    /// beta in at least one cell).
    private static func regulatoryEffectEntries(catalog: Catalog, rows: [EdgeRow], position: [Int: Int]) throws -> [EdgeStack.Entry] {
        struct Pair: Hashable { var regulator: Int, target: Int }
        let edgeSet = Set(rows.map { Pair(regulator: $0.regulatorID, target: $0.targetID) })
        let regulatorIDs = Set(rows.map(\.regulatorID))
        let symbols = Dictionary(try catalog.genes().map { ($0.id, $0.symbol) }, uniquingKeysWith: { a, _ in a })
        let expression = try catalog.expression(genes: regulatorIDs.compactMap { symbols[$0] }.sorted())
        let geneRow = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        let cellColumn = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        var byCell: [Int: [RegulatoryEffect.Edge]] = [:]
        for r in rows { byCell[r.cellID, default: []].append(.init(cell: r.cellID, regulator: r.regulatorID, target: r.targetID, beta: r.beta)) }
        var entries: [EdgeStack.Entry] = []
        for (cell, edges) in byCell {
            guard let column = cellColumn[cell], let at = position[cell] else { continue }
            let values = RegulatoryEffect.cellMatrix(edges: edges, expression: { regulator in
                guard let symbol = symbols[regulator], let row = geneRow[symbol] else { return 0 }
                let v = expression.value(gene: row, cell: column)
                return v.isNaN ? 0 : v
            }, keep: { edgeSet.contains(Pair(regulator: $0, target: $1)) })
            for v in values { entries.append(EdgeStack.Entry(cell: at, regulatorGene: v.regulator, targetGene: v.target, value: v.value)) }
        }
        return entries
    }

    /// Tasks of a run: per-fold profiles (`perFold`), the model on all lines, and per CV split
    /// (repeats x folds) TRIP, the unsupervised projection and (with controls) TRIP on the
    /// shuffled and the noise response.
    public static func taskCount(_ options: TRIPOptions, edges: Int, perFold: Bool = false) -> Int {
        (perFold ? PerFoldProfiling.profileCount(options) : 0)
            + 1 + options.repeats * options.folds * (options.controls ? 4 : 2) + options.deletionTrainings(edges: edges)
    }

    public func run(runID: Int, parent: RunRecord, options: TRIPOptions, inputs: Inputs) throws {
        let stack = inputs.stack, cellIDs = inputs.cellIDs
        BLASThreads.set(1)
        installJobStopHandlers()
        let networks = inputs.perFold?.input == .perturbation
            ? "\(stack.cellCount) cells, static perturbations on run \(parent.id)'s genes (edges counted once fitted)"
            : "\(stack.cellCount) cells x \(stack.edgeCount) edges (\(stack.entryCount) non-zero)"
        printNote("trip run \(runID): \(networks), "
                  + "\(stack.regulatorGenes.count) regulators x \(stack.targetGenes.count) targets; \(options.task.rawValue), "
                  + "ranks \(options.ranks.map(String.init).joined(separator: ",")), H = \(options.hidden), \(options.repeats) x \(options.folds) folds, \(threads) threads; "
                  + "response \(inputs.responseName); \(TRIPJob.taskCount(options, edges: stack.edgeCount)) trainings (final model; per split TRIP, unsupervised projection"
                  + (options.controls ? ", shuffled- and noise-response controls" : "")
                  + (options.deletion ? "; \(options.deletionTrainings(edges: stack.edgeCount)) for the deletion curves)" : ")"))
        if let perFold = inputs.perFold, perFold.input == .perturbation {
            printNote("  input: " + TRIPJob.perFoldCost(perFold, options: options, cells: stack.cellCount))
        } else if let perFold = inputs.perFold {
            printNote("  response \(inputs.responseName) is the networks' modulator (or derived from it): "
                      + TRIPJob.perFoldCost(perFold, options: options, cells: stack.cellCount))
        }
        let writer = SnapshotWriter(catalog: catalog, runID: runID)
        let started = Date()
        let result: TRIPResult?
        do {
            result = try TRIPAnalysis(options: options).run(stack: stack, response: inputs.response, comparators: inputs.comparators,
                                                            perFold: inputs.perFold,
                                                            threads: threads, stop: jobStopFlag) { event in
                switch event {
                case let .snapshot(snapshot):
                    writer.save(snapshot)
                case let .taskFinished(name, done, total):
                    writer.progress(done)
                    printNote(String(format: "  %@ done (%d/%d, %.0f s)", name, done, total, Date().timeIntervalSince(started)))
                }
            }
        } catch {
            try? catalog.setRunStatus(runID, status: .failed, message: "\(error)")
            throw InputError.usage("\(error)")
        }
        guard let result else {
            try catalog.setRunStatus(runID, status: .cancelled, message: "interrupted; TRIP keeps no partial result: run it again")
            printNote("trip run \(runID) interrupted")
            throw JobInterrupted()
        }
        do {
            let stored = try record(result, parent: parent, stack: result.layout, cellIDs: cellIDs, input: options.input)
            try catalog.saveTRIP(runID: runID, stored)
            for line in TRIPRecord.Score.pooledSummary(stored.scores) { printNote("CV " + line) }
            for line in result.assessment.report(response: inputs.responseName) { printNote(line) }
        } catch {
            // The results did not reach the catalog: say so in the run, not only on stderr.
            try? catalog.setRunStatus(runID, status: .failed, message: "saving the results failed: \(error)")
            throw error
        }
        printNote("trip run \(runID) finished in \(Int(Date().timeIntervalSince(started))) s")
    }
}
