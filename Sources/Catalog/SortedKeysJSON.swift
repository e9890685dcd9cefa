import Foundation

/// `value` as compact JSON with sorted keys: the stable text the catalog stores (run
/// parameters, TRIP models, live snapshots). Infinities are written as the strings "inf" and
/// "-inf" (a static run's bandwidth); finite numbers are unchanged, so stored texts and their
/// hashes are too.
public func sortedKeysJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Reads what `sortedKeysJSON` wrote.
public func decodeCatalogJSON<T: Decodable>(_ type: T.Type, from json: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(type, from: Data(json.utf8))
}
