import Catalog
import Compute
import Foundation

/// Everything a profile run was asked to do, stored as the run's JSON parameters so the
/// run can be reproduced and resumed exactly.
public struct ProfileParameters: Codable, Equatable, Sendable {
    public var method = "NetworkProfiler"
    public var formatVersion = 1
    public var modulator: String
    public var regulators: [String]
    public var targets: [String]
    public var options: ProfilerOptions
    /// `--cells tissue=T1,T2`: only lines of these tissues (nil: every line with a value).
    /// Optional, like the two below, so that runs recorded before them decode unchanged.
    public var cellTissues: [String]?
    /// `--adjust tissue`: expression and modulator residualised on tissue (METHOD.md 1.7).
    public var adjust: [Confounder]?
    /// The modulator's tissue eta^2 over the run's lines before and after the adjustment, as
    /// recorded when the run was created (a report, not an input).
    public var tissueEta2: [Double]?
    /// `--shards N --out DIR`: the shard folder (absolute), where the explorer reads the
    /// shards' progress until `merge` (a report, not an input).
    public var shardFolder: String?

    /// What `--adjust` can remove.
    public enum Confounder: String, Codable, Sendable, CaseIterable {
        case tissue
        /// Y-chromosome expression status inferred from Y genes (YChromosomeStatus).
        case sex
    }
    /// With `--adjust sex`: the modulator's eta^2 on Y status before and after, and how many
    /// of the run's lines express Y genes (a report, not an input).
    public var yStatusEta2: [Double]?
    public var yExpressedLines: Int?

    /// Lines of a tissue with fewer than this many lines in an adjusted run are left out: their
    /// residuals would be (nearly) all zero.
    public static let smallestAdjustedGroup = 3

    public init(modulator: String, regulators: [String], targets: [String], options: ProfilerOptions) {
        self.modulator = modulator
        self.regulators = regulators
        self.targets = targets
        self.options = options
    }

    public func json() throws -> String {
        try sortedKeysJSON(self)
    }

    public static func decode(_ json: String) throws -> ProfileParameters {
        try decodeCatalogJSON(ProfileParameters.self, from: json)
    }
}

/// A profile run's inputs read from the catalog: cells in modulator order, the regulator
/// and target matrices, and the SHA-256 of all of it (the run's data hash).
public struct ProfileData {
    public var cells: [CellLine]
    public var modulatorValues: [Double]
    public var skippedCells: Int
    public var modulatorID: Int
    public var regulatorIDs: [Int]
    public var targetIDs: [Int]
    public var regulators: Matrix
    public var targets: Matrix
    public var targetSelfIndex: [Int?]
    public var dataHash: String
    /// The modulator's tissue eta^2 over the run's lines before and after `--adjust tissue`
    /// (nil without it), and lines left out by `--cells` or for a too small tissue.
    public var tissueEta2: (before: Double, after: Double)? = nil
    public var leftOutByTissue = 0
    /// With `--adjust sex`: how the lines split by Y status and what it explained.
    public var yStatus: YStatusReport? = nil

    public static func load(catalog: Catalog, parameters p: ProfileParameters) throws -> ProfileData {
        guard let modulator = try catalog.modulator(named: p.modulator) else {
            let names = try catalog.modulators().map(\.name)
            throw InputError.usage("no modulator named \(p.modulator); the catalog has: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
        let values = try catalog.modulatorValues(modulator).values
        var (cells, skipped) = try modulatorRunCells(catalog, values: values)
        let valued = cells.count
        if let tissues = p.cellTissues {
            let wanted = Set(tissues.map { $0.lowercased() })
            let known = Set(cells.compactMap { $0.tissue?.lowercased() })
            let unknown = tissues.filter { !known.contains($0.lowercased()) }
            guard unknown.isEmpty else {
                throw InputError.usage("no line with a value of \(p.modulator) has tissue \(unknown.joined(separator: ", ")); tissues: "
                                       + known.sorted().joined(separator: ", "))
            }
            cells = cells.filter { wanted.contains(($0.tissue ?? "").lowercased()) }
        }
        let adjusting = p.adjust?.contains(.tissue) == true
        if adjusting {   // the smallest tissues leave (their residuals would be ~0)
            var size: [String: Int] = [:]
            for c in cells { size[c.tissue ?? "", default: 0] += 1 }
            cells = cells.filter { size[$0.tissue ?? "", default: 0] >= ProfileParameters.smallestAdjustedGroup }
        }
        guard cells.count >= 3 else {
            throw InputError.usage("modulator \(p.modulator) has values for only \(cells.count) cell lines with expression"
                                   + (p.cellTissues != nil || adjusting ? " of the tissues asked for (--cells, --adjust)" : ""))
        }
        let genes = Dictionary(uniqueKeysWithValues: try catalog.genes().map { ($0.symbol, $0.id) })
        let expression = try catalog.expression(genes: Array(Set(p.regulators + p.targets)).sorted())
        let row = Dictionary(uniqueKeysWithValues: expression.genes.enumerated().map { ($1, $0) })
        let column = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        func matrix(_ symbols: [String]) -> Matrix {
            var m = Matrix(rows: cells.count, columns: symbols.count)
            for (i, cell) in cells.enumerated() {
                for (j, s) in symbols.enumerated() { m[i, j] = expression.value(gene: row[s]!, cell: column[cell.id]!) }
            }
            return m
        }
        var regulators = matrix(p.regulators), targets = matrix(p.targets)
        var modulatorValues = cells.map { values[$0.id]! }
        var eta2: (before: Double, after: Double)?, yStatus: YStatusReport?
        if let confounders = p.adjust, !confounders.isEmpty {
            let tissues = GroupAdjustment.groups(cells.map { $0.tissue ?? "" })
            let status = confounders.contains(.sex) ? try YStatusReport.infer(catalog: catalog, cells: cells) : nil
            let adjustment = GroupAdjustment.Additive(groups: adjusting ? tissues : cells.map { _ in 0 },
                                                      covariate: status?.split.expressed.map(Double.init))
            let before = GroupAdjustment.eta2(modulatorValues, groups: tissues)
            let beforeY = status.map { GroupAdjustment.eta2(modulatorValues, groups: $0.split.expressed) }
            regulators = adjustment.apply(regulators)
            targets = adjustment.apply(targets)
            modulatorValues = adjustment.apply(modulatorValues)
            if adjusting { eta2 = (before, GroupAdjustment.eta2(modulatorValues, groups: tissues)) }
            if var s = status, let beforeY {
                s.eta2 = (beforeY, GroupAdjustment.eta2(modulatorValues, groups: s.split.expressed))
                yStatus = s
            }
        }
        if regulators.values.contains(where: \.isNaN) || targets.values.contains(where: \.isNaN) {
            throw InputError.usage("the expression matrix has missing values for genes of this run; NetworkProfiler needs complete data")
        }
        let regulatorColumn = Dictionary(uniqueKeysWithValues: p.regulators.enumerated().map { ($1, $0) })
        var hasher = SHA256()
        hasher.update("cells\n" + cells.map(\.key).joined(separator: "\t") + "\n")
        hasher.update(doubles: modulatorValues)
        hasher.update("regulators\n" + p.regulators.joined(separator: "\t") + "\ntargets\n" + p.targets.joined(separator: "\t") + "\n")
        hasher.update(doubles: regulators.values)
        hasher.update(doubles: targets.values)
        return ProfileData(cells: cells, modulatorValues: modulatorValues,
                           skippedCells: skipped, modulatorID: modulator.id,
                           regulatorIDs: p.regulators.map { genes[$0]! }, targetIDs: p.targets.map { genes[$0]! },
                           regulators: regulators, targets: targets, targetSelfIndex: p.targets.map { regulatorColumn[$0] },
                           dataHash: hasher.hexDigest(), tissueEta2: eta2, leftOutByTissue: valued - cells.count, yStatus: yStatus)
    }
}

/// The cell lines of a run on a modulator: those with expression and a value, in modulator
/// order (ties by key), and how many with expression have no value (`profile` and
/// `import network` choose them alike).
public func modulatorRunCells(_ catalog: Catalog, values: [Int: Double]) throws -> (cells: [CellLine], skipped: Int) {
    let withExpression = try catalog.cellLines().filter(\.hasExpression)
    let cells = withExpression.filter { values[$0.id] != nil }.sorted { (values[$0.id]!, $0.key) < (values[$1.id]!, $1.key) }
    return (cells, withExpression.count - cells.count)
}

/// Resolves gene lists given as `G1,G2,...` or `@FILE` (one symbol per line) against the
/// catalog's genes with expression, with the alias table; unknown genes are an error that
/// names them.
public func resolveGenes(_ spec: String, known: Set<String>, what: String) throws -> [String] {
    var symbols: [String]
    if spec.hasPrefix("@") {
        let path = String(spec.dropFirst())
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw InputError.missing(file: path) }
        symbols = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    } else {
        symbols = spec.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    var resolved: [String] = [], unknown: [String] = []
    var seen = Set<String>()
    for s in symbols {
        if let r = GeneAliases.resolve(s, in: known) { if seen.insert(r).inserted { resolved.append(r) } } else { unknown.append(s) }
    }
    guard unknown.isEmpty else {
        throw InputError.usage("unknown \(what) gene\(unknown.count > 1 ? "s" : ""): \(unknown.prefix(10).joined(separator: ", "))\(unknown.count > 10 ? ", ... (\(unknown.count) in all)" : "") (not in the catalog's expression)")
    }
    guard !resolved.isEmpty else { throw InputError.usage("no \(what) genes given") }
    return resolved
}

extension ProfileParameters {
    /// Fixed bandwidth and a fixed lambda (the explorer's quick preset and `--bandwidth H
    /// --lambda L` runs), as opposed to the full default estimator: the two cost very different
    /// times per target, so estimates are measured per kind.
    public var hasFixedHyperparameters: Bool {
        guard options.fixedBandwidth != nil, case .fixed = options.selection.lambdas else { return false }
        return true
    }
}
