import Foundation
import TestSupport
@testable import Catalog

/// A small genes x cells table with real cell-line names and a missing value.
let expressionFixture = """
GENE\tMDA-MB-231\tMCF7\tHs 578T\tT-47D\tA549
CDH1\t-1.5\t2.25\t-1.0\t1.75\t0.5
VIM\t2.0\t-1.25\t1.5\t-1.0\t0.25
ZEB1\t1.0\t-0.5\tNA\t-0.75\t0.125
GRHL2\t-0.5\t1.5\t-0.25\t1.25\t0.0
EGFR\t0.1\t0.2\t0.3\t0.4\t0.5

"""

/// Imports the fixture expression and returns the catalog.
func fixtureCatalog(_ scratch: Scratch) throws -> Catalog {
    let catalog = try scratch.catalog()
    _ = try ExpressionImporter.run(path: scratch.write("expr.tsv", expressionFixture), into: catalog)
    return catalog
}
