import Foundation

/// `value` as compact JSON with sorted keys: the stable text the catalog stores (run
/// parameters, TRIP models, live snapshots).
public func sortedKeysJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
