import ArgumentParser
import Catalog
import Foundation

/// `samplenet info`: what the catalog holds.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print counts of cell lines, genes, regulators and modulators.",
        discussion: "Example: samplenet info --format json")
    @OptionGroup var catalog: CatalogOptions

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
    @Option(help: "text or json.") var format: Format = .text

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.openForReading()
            let s = try cat.summary()
            switch format {
            case .text:
                print("catalog     \(cat.path) (schema v\(s.schemaVersion))")
                print("cell lines  \(s.cellLines) (\(s.cellLinesWithExpression) with expression)")
                print("genes       \(s.genes) (\(s.genesWithExpression) with expression)")
                print("regulators  \(s.regulators)")
                print("modulators  \(s.modulators.count)")
                for m in s.modulators {
                    print("  \(m.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(m.cellCount) cell lines  [\(m.kind); \(m.unit)]")
                }
                print("runs        \(s.runs)")
                print("edges       \(s.edges)")
            case .json:
                let object: [String: Any] = [
                    "catalog": cat.path, "schema_version": s.schemaVersion,
                    "cell_lines": s.cellLines, "cell_lines_with_expression": s.cellLinesWithExpression,
                    "genes": s.genes, "genes_with_expression": s.genesWithExpression,
                    "regulators": s.regulators, "runs": s.runs, "edges": s.edges,
                    "modulators": s.modulators.map { ["name": $0.name, "kind": $0.kind, "unit": $0.unit,
                                                       "cells": $0.cellCount, "provenance": $0.provenance] as [String: Any] },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }
}
