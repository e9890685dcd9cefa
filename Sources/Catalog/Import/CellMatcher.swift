/// Matches cell lines named in a file to the catalog's: by COSMIC ID where both sides have
/// one, else by the normalised name key. A key match is refused when both sides carry
/// different COSMIC IDs (they are different cell lines that happen to share a name key).
public struct CellMatcher: Sendable {
    private let byCosmic: [Int: Int]
    private let byKey: [String: (id: Int, cosmic: Int?)]

    public init(cells: [CellLine]) {
        var cosmic: [Int: Int] = [:]
        var keys: [String: (id: Int, cosmic: Int?)] = [:]
        for cell in cells {
            if let c = cell.cosmicID { cosmic[c] = cell.id }
            keys[cell.key] = (cell.id, cell.cosmicID)
        }
        byCosmic = cosmic
        byKey = keys
    }

    /// The catalog cell id for a file row, or nil when it matches no cell line.
    public func match(cosmicID: Int?, name: String?) -> Int? {
        if let cosmicID, let id = byCosmic[cosmicID] { return id }
        guard let name, case let key = CellKey.normalise(name), !key.isEmpty,
              let candidate = byKey[key] else { return nil }
        if let cosmicID, let other = candidate.cosmic, other != cosmicID { return nil }
        return candidate.id
    }
}
