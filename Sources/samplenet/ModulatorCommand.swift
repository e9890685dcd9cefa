import ArgumentParser
import Catalog
import Jobs
import Compute

/// `samplenet modulator ...`: modulators computed from the catalog's own data.
struct ModulatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modulator",
        abstract: "Compute modulators from expression (the EMT score).",
        subcommands: [EMT.self])
}

extension EMTScore.Method: ExpressibleByArgument {}

struct EMT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emt",
        abstract: "Compute an EMT score per cell line into a modulator (default name: emt).",
        discussion: """
            ks (default): Tan et al. 2014 two-sample Kolmogorov-Smirnov score of the Mes genes
            against the Epi genes, genes z-scored across cell lines first; + = mesenchymal,
            range [-1, 1]. vim-cdh1: z(VIM) - z(CDH1). pc1: first principal component of the
            z-scored signature genes, oriented so that + = mesenchymal.
            The signature is Tan's GENE<TAB>CLASS table or a GMT file with an EPI and a MES set.
            Example: samplenet modulator emt --signature sample-data/tan2014_KS_cellline_signature.tsv
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(help: ArgumentHelp("Signature file.", valueName: "file")) var signature: String
    @Option(help: "ks, vim-cdh1 or pc1.") var method: EMTScore.Method = .ks
    @Option(help: "Modulator name.") var name = "emt"
    @Flag(help: "Replace an existing modulator of that name (if no run uses it).") var replace = false
    @Option(help: ArgumentHelp("Leave these genes out of the signature: G1,G2,... or @FILE (e.g. the targets and regulators of a run, so that none of them defines the score; METHOD.md 1.7).", valueName: "genes"))
    var exclude: String?

    func run() throws {
        try ExitStatus.guarded {
            let catalog = try catalog.open()
            let sig = try SignatureFile.parse(path: signature)
            let expressed = Set(try catalog.genes().map(\.symbol))
            var epithelial: [String], mesenchymal: [String]
            if method == .vimCdh1 {
                epithelial = ["CDH1"].compactMap { GeneAliases.resolve($0, in: expressed) }
                mesenchymal = ["VIM"].compactMap { GeneAliases.resolve($0, in: expressed) }
            } else {
                epithelial = sig.epithelial.compactMap { GeneAliases.resolve($0, in: expressed) }
                mesenchymal = sig.mesenchymal.compactMap { GeneAliases.resolve($0, in: expressed) }
            }
            let excluded = Set(try exclude.map { try resolveGenes($0, known: expressed, what: "excluded") } ?? [])
            epithelial = unique(epithelial).filter { !excluded.contains($0) }
            mesenchymal = unique(mesenchymal.filter { !epithelial.contains($0) }).filter { !excluded.contains($0) }
            guard !epithelial.isEmpty, !mesenchymal.isEmpty else {
                throw InputError.badData(file: signature, line: nil, problem: "no epithelial or no mesenchymal signature gene has expression in the catalog")
            }
            let expression = try catalog.expression(genes: epithelial + mesenchymal)
            let matrix = Matrix(rows: expression.genes.count, columns: expression.cells.count, values: expression.values)
            let scores = try EMTScore.score(expression: matrix,
                                            epithelial: Array(0..<epithelial.count),
                                            mesenchymal: Array(epithelial.count..<(epithelial.count + mesenchymal.count)),
                                            method: method)
            var values: [Int: Double] = [:]
            for (cell, score) in zip(expression.cells, scores) where score.isFinite { values[cell.id] = score }
            let missed = (sig.epithelial.count + sig.mesenchymal.count) - (epithelial.count + mesenchymal.count)
            let removed = (unique(sig.epithelial + sig.mesenchymal).compactMap { GeneAliases.resolve($0, in: expressed) }).filter(excluded.contains)
            let provenance = "EMT score (\(method.rawValue)) from \(signature): \(epithelial.count) Epi + \(mesenchymal.count) Mes genes with expression "
                + "(\(missed - removed.count) signature genes absent" + (removed.isEmpty ? ")" : "; \(removed.count) excluded: \(removed.joined(separator: ",")))")
            let ids = Dictionary(try catalog.genes().map { ($0.symbol, $0.id) }, uniquingKeysWith: { a, _ in a })
            var members: [Int: String] = [:]
            for g in epithelial { if let id = ids[g] { members[id] = "Epi" } }
            for g in mesenchymal { if let id = ids[g] { members[id] = "Mes" } }
            try catalog.saveModulator(name: name, kind: .emtScore, unit: method == .ks ? "KS score (+ = mesenchymal)" : "score (+ = mesenchymal)",
                                      provenance: provenance, values: values, replace: replace, signature: members)
            printNote("computed modulator \(name) for \(values.count) cell lines; \(provenance)")
        }
    }

    private func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}
