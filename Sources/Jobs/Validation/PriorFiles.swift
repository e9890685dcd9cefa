import Catalog
import Foundation

/// The user's prior-knowledge files for `samplenet validate` (METHOD.md 1.7): a TF -> target
/// table (e.g. CollecTRI), gene sets (GMT) and a list of known regulators. The product ships
/// none of them; bad lines are errors naming file and line.
public enum PriorFiles {
    /// Regulator -> target pairs from a tab-separated table with a header: columns `source` and
    /// `target` (any case), else the first two columns. Signs and weights are ignored.
    public static func pairs(path: String) throws -> Set<[String]> {
        let lines = try read(path)
        guard let header = lines.first else { throw InputError.badData(file: path, line: 1, problem: "empty file: expected a header line") }
        let names = header.split(separator: "\t", omittingEmptySubsequences: false).map { $0.lowercased() }
        let source = names.firstIndex(of: "source") ?? 0, target = names.firstIndex(of: "target") ?? 1
        guard source != target, names.count >= 2 else {
            throw InputError.badData(file: path, line: 1, problem: "need two tab-separated columns (source, target)")
        }
        var out = Set<[String]>()
        for (n, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count > max(source, target), !fields[source].isEmpty, !fields[target].isEmpty else {
                throw InputError.badData(file: path, line: n + 1, problem: "expected \(max(source, target) + 1) tab-separated fields with a source and a target")
            }
            out.insert([fields[source], fields[target]])
        }
        guard !out.isEmpty else { throw InputError.badData(file: path, line: nil, problem: "no pairs below the header") }
        return out
    }

    /// Gene sets of a GMT file: name, description, genes (tab-separated), one set per line.
    public static func geneSets(path: String) throws -> [(name: String, genes: Set<String>)] {
        try read(path).enumerated().compactMap { n, line in
            guard !line.isEmpty else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !fields[0].isEmpty else {
                throw InputError.badData(file: path, line: n + 1, problem: "a GMT line needs a name, a description and at least one gene, tab-separated")
            }
            return (fields[0], Set(fields.dropFirst(2).filter { !$0.isEmpty }))
        }
    }

    /// A gene list: the first column of each line; a header `gene` (any case) and `#` comments
    /// are skipped (emt_tfs.tsv-style tables work as they are).
    public static func genes(path: String) throws -> [String] {
        var out: [String] = []
        for (n, line) in try read(path).enumerated() {
            let first = line.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if first.isEmpty || first.hasPrefix("#") || (n == 0 && first.lowercased() == "gene") { continue }
            out.append(first)
        }
        guard !out.isEmpty else { throw InputError.badData(file: path, line: nil, problem: "no genes listed") }
        return out
    }

    private static func read(_ path: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.missing(file: path) }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError.badData(file: path, line: nil, problem: "not UTF-8 text")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
    }
}
