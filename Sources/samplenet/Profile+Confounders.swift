import ArgumentParser
import Jobs

/// `profile --cells` and `--adjust` (METHOD.md 1.7's confounders), parsed.
extension Profile {
    /// `--cells tissue=T1,T2` as tissue names.
    func cellTissues() throws -> [String]? {
        guard let cells else { return nil }
        let parts = cells.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "tissue" else { throw ValidationError("--cells takes tissue=T1,T2 (e.g. tissue=lung,breast)") }
        let names = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--cells tissue= names no tissue") }
        return names
    }

    /// `--adjust tissue[,sex]` as confounders.
    func confounders() throws -> [ProfileParameters.Confounder]? {
        guard let adjust else { return nil }
        let names = ProfileParameters.Confounder.allCases.map(\.rawValue).joined(separator: ", ")
        let parsed = try adjust.split(separator: ",").map { name in
            guard let c = ProfileParameters.Confounder(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--adjust takes \(names) or both (tissue,sex), not \(name)")
            }
            return c
        }
        // One order, so equal adjustments are recorded (and hashed) alike.
        return ProfileParameters.Confounder.allCases.filter(parsed.contains)
    }
}
