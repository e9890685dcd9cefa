/// A cell line row of the explorer.
public struct CellRow: Equatable, Sendable {
    public var id: Int
    public var key: String
    public var name: String
    public var tissue: String
    public var cancerType: String

    public init(id: Int, key: String, name: String, tissue: String = "", cancerType: String = "") {
        self.id = id; self.key = key; self.name = name; self.tissue = tissue; self.cancerType = cancerType
    }
}

/// A modulator as the explorer shows it: name, unit and per-cell values.
public struct ModulatorColumn: Equatable, Sendable {
    public var name: String
    public var unit: String
    public var values: [Int: Double]

    public init(name: String, unit: String, values: [Int: Double]) {
        self.name = name; self.unit = unit; self.values = values
    }
}

/// The order of the cell-line list; `s` cycles through them.
public enum SortOrder: Equatable, Sendable, CaseIterable {
    case modulatorAscending, modulatorDescending, name
}
