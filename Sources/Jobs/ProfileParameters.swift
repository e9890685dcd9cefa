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
        try JSONDecoder().decode(ProfileParameters.self, from: Data(json.utf8))
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

    public static func load(catalog: Catalog, parameters p: ProfileParameters) throws -> ProfileData {
        guard let modulator = try catalog.modulator(named: p.modulator) else {
            let names = try catalog.modulators().map(\.name)
            throw InputError.usage("no modulator named \(p.modulator); the catalog has: \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
        let values = try catalog.modulatorValues(modulator).values
        let (cells, skipped) = try modulatorRunCells(catalog, values: values)
        guard cells.count >= 3 else {
            throw InputError.usage("modulator \(p.modulator) has values for only \(cells.count) cell lines with expression")
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
        let regulators = matrix(p.regulators), targets = matrix(p.targets)
        if regulators.values.contains(where: \.isNaN) || targets.values.contains(where: \.isNaN) {
            throw InputError.usage("the expression matrix has missing values for genes of this run; NetworkProfiler needs complete data")
        }
        let regulatorColumn = Dictionary(uniqueKeysWithValues: p.regulators.enumerated().map { ($1, $0) })
        var hasher = SHA256()
        hasher.update("cells\n" + cells.map(\.key).joined(separator: "\t") + "\n")
        hasher.update(doubles: cells.map { values[$0.id]! })
        hasher.update("regulators\n" + p.regulators.joined(separator: "\t") + "\ntargets\n" + p.targets.joined(separator: "\t") + "\n")
        hasher.update(doubles: regulators.values)
        hasher.update(doubles: targets.values)
        return ProfileData(cells: cells, modulatorValues: cells.map { values[$0.id]! },
                           skippedCells: skipped, modulatorID: modulator.id,
                           regulatorIDs: p.regulators.map { genes[$0]! }, targetIDs: p.targets.map { genes[$0]! },
                           regulators: regulators, targets: targets, targetSelfIndex: p.targets.map { regulatorColumn[$0] },
                           dataHash: hasher.hexDigest())
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
