import Catalog
import Compute
import Foundation

/// The Y-chromosome expression status of a run's lines (`profile --adjust sex`, METHOD.md 1.7),
/// inferred from the catalog's expression of the Y genes of `YChromosomeStatus.genes` that
/// it measures for every one of the lines.
public struct YStatusReport: Sendable {
    public var genes: [String]
    public var split: YChromosomeStatus.Split
    /// The modulator's eta^2 on Y status before and after the adjustment.
    public var eta2: (before: Double, after: Double) = (0, 0)

    /// One line for the user: the panel, the split and what it explained.
    public var summary: String {
        String(format: "adjusted for sex as Y-chromosome expression (%@): %d of %d lines express Y genes (groups %.1f within-group sds apart); "
               + "the modulator's Y-status eta^2 %.3f before, %.3f after", genes.joined(separator: ","), split.expressedCount,
               split.expressed.count, split.separation, eta2.before, eta2.after)
    }

    static func infer(catalog: Catalog, cells: [CellLine]) throws -> YStatusReport {
        let known = Set(try catalog.genes().map(\.symbol))
        let present = YChromosomeStatus.genes.filter(known.contains)
        let expression = try catalog.expression(genes: present)
        let column = Dictionary(uniqueKeysWithValues: expression.cells.enumerated().map { ($1.id, $0) })
        var used: [String] = [], columns: [[Double]] = []
        for (g, symbol) in expression.genes.enumerated() {
            let values = cells.map { cell in column[cell.id].map { expression.value(gene: g, cell: $0) } ?? .nan }
            if !values.contains(where: \.isNaN) { used.append(symbol); columns.append(values) }
        }
        guard used.count >= YChromosomeStatus.smallestPanel else {
            throw InputError.usage("--adjust sex infers Y-chromosome status from at least \(YChromosomeStatus.smallestPanel) of "
                                   + "\(YChromosomeStatus.genes.joined(separator: ", ")) measured in every line of the run; the catalog has "
                                   + (used.isEmpty ? "none" : used.joined(separator: ", ")))
        }
        let smallest = ProfileParameters.smallestAdjustedGroup
        guard let split = YChromosomeStatus.split(YChromosomeStatus.scores(columns)),
              min(split.expressedCount, cells.count - split.expressedCount) >= smallest else {
            throw InputError.usage("--adjust sex: the run's lines do not split by Y-gene expression (\(used.joined(separator: ",")))"
                                   + " into two groups of at least \(smallest); nothing to adjust for")
        }
        return YStatusReport(genes: used, split: split)
    }
}
