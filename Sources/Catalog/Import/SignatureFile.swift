/// An EMT gene signature: epithelial and mesenchymal gene lists.
public struct EMTSignature: Sendable, Equatable {
    public var epithelial: [String]
    public var mesenchymal: [String]
}

/// Reads an EMT signature: Tan 2014's `GENE<TAB>CLASS` table (CLASS Epi/Mes), or a GMT
/// file whose set names contain "EPI" and "MES" (one set each).
public enum SignatureFile {
    public static func parse(path: String) throws -> EMTSignature {
        let reader = try LineReader(path: path)
        var epi: [String] = [], mes: [String] = []
        guard let first = try reader.nextLine() else { throw InputError.badData(file: path, line: 1, problem: "file is empty") }
        let header = first.split(separator: "\t").map { $0.uppercased() }
        if header.count >= 2 && header[0] == "GENE" && header[1] == "CLASS" {
            while let line = try reader.nextLine() {
                if line.isEmpty { continue }
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0) }
                guard f.count >= 2 else { throw InputError.badData(file: path, line: reader.lineNumber, problem: "expected GENE<TAB>CLASS") }
                switch f[1].lowercased() {
                case "epi", "epithelial": epi.append(f[0])
                case "mes", "mesenchymal": mes.append(f[0])
                default: throw InputError.badData(file: path, line: reader.lineNumber, problem: "CLASS \"\(f[1])\" is neither Epi nor Mes")
                }
            }
        } else {
            var line: String? = first
            while let l = line {
                let f = l.split(separator: "\t").map { String($0) }
                if f.count >= 3 {
                    let name = f[0].uppercased()
                    if name.contains("MES") { mes += f.dropFirst(2) } else if name.contains("EPI") { epi += f.dropFirst(2) }
                } else if !l.isEmpty {
                    throw InputError.badData(file: path, line: reader.lineNumber,
                        problem: "expected a GENE<TAB>CLASS table or GMT lines (name<TAB>description<TAB>genes...)")
                }
                line = try reader.nextLine()
            }
        }
        guard !epi.isEmpty, !mes.isEmpty else {
            throw InputError.badData(file: path, line: nil, problem: "signature needs both epithelial and mesenchymal genes (found \(epi.count) Epi, \(mes.count) Mes)")
        }
        return EMTSignature(epithelial: epi, mesenchymal: mes)
    }
}
