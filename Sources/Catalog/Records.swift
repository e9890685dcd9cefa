/// A cell line as the catalog holds it.
public struct CellLine: Equatable, Sendable {
    public var id: Int
    /// Normalised name key (see `CellKey`), unique.
    public var key: String
    /// Display name as published (e.g. "MDA-MB-231"); the key when unknown.
    public var name: String
    public var cosmicID: Int?
    public var tissue: String?
    public var cancerType: String?
    public var hasExpression: Bool

    public init(id: Int, key: String, name: String, cosmicID: Int? = nil, tissue: String? = nil,
                cancerType: String? = nil, hasExpression: Bool = false) {
        self.id = id; self.key = key; self.name = name; self.cosmicID = cosmicID
        self.tissue = tissue; self.cancerType = cancerType; self.hasExpression = hasExpression
    }
}

/// A gene; regulators are the candidate regulators of NetworkProfiler (e.g. TFs).
public struct Gene: Equatable, Sendable {
    public var id: Int
    public var symbol: String
    public var isRegulator: Bool
}

/// What a modulator measures. Stored as text.
public enum ModulatorKind: String, Sendable, CaseIterable {
    case emtScore = "emt_score"
    case drugResponse = "drug_response"
    case custom
}

/// A per-cell quantity that modulates the networks (an EMT score, a drug's ln IC50).
public struct Modulator: Equatable, Sendable {
    public var id: Int
    public var name: String
    public var kind: String
    public var unit: String
    public var provenance: String
    /// Number of cell lines with a value.
    public var cellCount: Int
}

/// A modulator's values: cell id -> value (cells without a value are absent).
public struct ModulatorValues: Equatable, Sendable {
    public var modulator: Modulator
    public var values: [Int: Double]
}

/// Counts for `samplenet info`.
public struct CatalogSummary: Equatable, Sendable {
    public var cellLines: Int
    public var cellLinesWithExpression: Int
    public var genes: Int
    public var genesWithExpression: Int
    public var regulators: Int
    public var modulators: [Modulator]
    public var runs: Int
    public var edges: Int
    public var schemaVersion: Int
}
