import Catalog

/// A regulator of a gene ranked across cell lines by REC (METHOD.md 1.6), as the job layer
/// computes it for `samplenet effects` (Jobs.RegulatorRanking).
public struct RankedRegulator: Equatable, Sendable {
    public var regulatorID: Int
    /// Its symbol (filled in by the loader).
    public var regulator: String
    public var rec: Double
    /// Cell lines with a direct edge regulator -> gene.
    public var directCells: Int
    public init(regulatorID: Int, regulator: String = "?", rec: Double, directCells: Int) {
        self.regulatorID = regulatorID; self.regulator = regulator; self.rec = rec; self.directCells = directCells
    }
}

/// The gene view: one gene's regulators and targets in the selected cell line, and its
/// regulators across all cell lines by REC.
public struct GeneView: Equatable, Sendable {
    public var runID: Int
    public var cellID: Int
    public var geneID: Int
    public var gene: String
    /// Edges into the gene in this cell line, strongest first.
    public var regulators: [EdgeItem]
    /// Edges out of the gene in this cell line, strongest first.
    public var targets: [EdgeItem]
    /// Across cells by REC; nil when the gene is not a target of the run.
    public var ranking: [RankedRegulator]?
    /// The ranking is being computed in the background (it reads every line of the run).
    public var rankingPending = false
    /// The bandwidth CV's verdict for the gene as a target (Catalog's modulationLine): does
    /// its network vary along the modulator, or is a static fit as good? nil when the gene is
    /// not a finished target of the run.
    public var modulation: String?

    public init(runID: Int, cellID: Int, geneID: Int, gene: String, regulators: [EdgeItem], targets: [EdgeItem],
                ranking: [RankedRegulator]?) {
        self.runID = runID; self.cellID = cellID; self.geneID = geneID; self.gene = gene
        self.regulators = regulators.sorted { abs($0.beta) != abs($1.beta) ? abs($0.beta) > abs($1.beta) : $0.regulator < $1.regulator }
        self.targets = targets.sorted { abs($0.beta) != abs($1.beta) ? abs($0.beta) > abs($1.beta) : $0.target < $1.target }
        self.ranking = ranking
    }

    /// One row of the view: a section heading, an edge of this cell line, or a ranked regulator.
    public enum Row: Equatable, Sendable {
        case heading(String)
        case edge(EdgeItem, incoming: Bool)
        case ranked(rank: Int, RankedRegulator, inThisCell: Double?)
        case note(String)
    }

    /// The rows in display order. `cell` names the cell line in headings; `filter` keeps the
    /// edges and ranked regulators whose other gene contains it (case-insensitive); `sort`
    /// orders each section (by |beta| and REC rank as stored, or by the other gene's name).
    public func rows(cell: String, filter: String = "", sort: GeneSort = .strength) -> [Row] {
        let wanted = filter.lowercased()
        let keep = { (name: String) in wanted.isEmpty || name.lowercased().contains(wanted) }
        var regulators = self.regulators.filter { keep($0.regulator) }, targets = self.targets.filter { keep($0.target) }
        if sort == .name {
            regulators.sort { $0.regulator < $1.regulator }
            targets.sort { $0.target < $1.target }
        }
        let shown = { (count: Int, all: Int) in count == all ? "\(all)" : "\(count) of \(all)" }
        var out: [Row] = [.heading("Regulators of \(gene) in \(cell): \(shown(regulators.count, self.regulators.count))")]
        out += regulators.isEmpty ? [.note("none")] : regulators.map { .edge($0, incoming: true) }
        out.append(.heading("Targets of \(gene) in \(cell): \(shown(targets.count, self.targets.count))"))
        out += targets.isEmpty ? [.note(ranking == nil && self.targets.isEmpty ? "none (\(gene) is not a regulator here)" : "none")] : targets.map { .edge($0, incoming: false) }
        if let modulation {
            out.append(.heading("Does \(gene)'s network vary along the modulator? (bandwidth CV against h = inf)"))
            out.append(.note(modulation))
        }
        if rankingPending {
            out.append(.heading("Regulators of \(gene) across cell lines by REC (max - min RE)"))
            out.append(.note("computing over every cell line of the run…"))
        } else if let ranking {
            out.append(.heading("Regulators of \(gene) across cell lines by REC (max - min RE)"))
            let here = Dictionary(self.regulators.map { ($0.regulatorID, $0.beta) }, uniquingKeysWith: { a, _ in a })
            var ranked = ranking.enumerated().filter { keep($0.element.regulator) }
            if sort == .name { ranked.sort { $0.element.regulator < $1.element.regulator } }
            out += ranked.isEmpty ? [.note("none")] : ranked.map { .ranked(rank: $0.offset + 1, $0.element, inThisCell: here[$0.element.regulatorID]) }
        } else {
            out.append(.note("\(gene) is not a target of this run: no REC ranking"))
        }
        return out
    }
}

/// Orders of the gene view's sections (`s` cycles them).
public enum GeneSort: String, CaseIterable, Sendable {
    case strength = "|beta| and REC rank", name
}

extension AppState {
    /// The gene view's rows under its filter and sort.
    var geneRows: [GeneView.Row] {
        geneView?.rows(cell: selectedCell?.name ?? "", filter: geneFilter, sort: geneSort) ?? []
    }
}

