import Foundation
import TestSupport
import Testing
@testable import Catalog

/// Every bad option value is a usage error (exit 64) that names the option, before any run
/// exists: the catalog is byte-for-byte as it was, and no crash, no internal error, no
/// failed run left behind (issue: nothing lost, nothing harmed, items 2, 5, 7, 8 and 11).
@Suite(.serialized) struct OptionValidationTests {
    struct Bad: CustomStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let profile = ["profile", "--modulator", "emt", "--targets", "CDH1", "--regulators", ProfileCommandTests.regulators]

    static let profileCases: [Bad] = [
        Bad(arguments: ["--lambda-count", "0"], message: "--lambda-count must be between 2 and 1000"),
        Bad(arguments: ["--lambda-count", "-3"], message: "--lambda-count must be between 2 and 1000"),
        Bad(arguments: ["--lambda-ratio", "2"], message: "--lambda-ratio must lie strictly between 0 and 1"),
        Bad(arguments: ["--lambda-ratio=-1"], message: "--lambda-ratio must lie strictly between 0 and 1"),
        Bad(arguments: ["--lambda", "1e308"], message: "zeroes every coefficient"),
        Bad(arguments: ["--lambda", "2", "--no-recursion"], message: "zeroes every coefficient"),
        Bad(arguments: ["--bandwidth", "1e-300"], message: "the kernel would weigh one line alone"),
        Bad(arguments: ["--neighbours", "-5"], message: "--neighbours must be at least 1"),
        Bad(arguments: ["--lambda-count", "100000"], message: "--lambda-count must be between 2 and 1000"),
        Bad(arguments: ["--rounds", "1000"], message: "--rounds must be between 1 and 100"),
        Bad(arguments: ["--lambda", "inf"], message: "--lambda must be a positive finite number"),
        Bad(arguments: ["--gamma", "inf"], message: "--gamma must be a positive finite number"),
        Bad(arguments: ["--bandwidth", "nan"], message: "--bandwidth must be a positive number or inf"),
        Bad(arguments: ["--kernel", "knn", "--neighbours", "0"], message: "--neighbours must be at least 1"),
        Bad(arguments: ["--kernel", "knn", "--neighbours", "-5"], message: "--neighbours must be at least 1"),
        Bad(arguments: ["--kernel", "knn", "--neighbours", "5000"], message: "--neighbours 5000 does not fit"),
        Bad(arguments: ["--rounds", "0"], message: "--rounds must be between 1 and 100"),
        Bad(arguments: ["--rounds", "-1"], message: "--rounds must be between 1 and 100"),
        Bad(arguments: ["--threads", "10000"], message: "--threads must be between 1 and"),
        Bad(arguments: ["--threads", "0"], message: "--threads must be between 1 and"),
        Bad(arguments: ["--bandwidth-grid", "a,b"], message: "--bandwidth-grid needs positive finite numbers"),
        Bad(arguments: ["--held-out", "0"], message: "--held-out must be at least 1"),
        Bad(arguments: ["--held-out", "100000"], message: "--held-out 100000 does not fit"),
    ]

    static let tripCases: [Bad] = [
        Bad(arguments: ["--folds", "1"], message: "--folds must be at least 2"),
        Bad(arguments: ["--repeats", "0"], message: "--repeats must be between 1 and 100"),
        Bad(arguments: ["--module-cap", "0"], message: "--module-cap must be at least 1"),
        Bad(arguments: ["--deletion", "--deletion-draws", "0"], message: "--deletion-draws must be between 1 and 100"),
        Bad(arguments: ["--folds", "100000"], message: "--folds 100000 leaves fewer than 2 cell lines per fold"),
        Bad(arguments: ["--ranks", "0,0"], message: "--ranks needs two positive integers"),
        Bad(arguments: ["--ranks", "1000,1000"], message: "exceeds the run's"),
        Bad(arguments: ["--epochs", "0"], message: "--epochs must be at least 1"),
        Bad(arguments: ["--threads", "0"], message: "--threads must be between 1 and"),
        Bad(arguments: ["--eta", "nan"], message: "--eta must be a finite number"),
        Bad(arguments: ["--eta", "inf"], message: "--eta must be a finite number"),
        Bad(arguments: ["--top-edges", "0"], message: "--top-edges must be at least 1"),
        Bad(arguments: ["--target", "foo"], message: "--target must be modulator"),
        Bad(arguments: ["--hidden=-1"], message: "--hidden must be 0 or more"),
        Bad(arguments: ["--hidden", "-1"], message: "--hidden must be 0 or more"),
        Bad(arguments: ["--hidden", "100000"], message: "at most 1024"),
        Bad(arguments: ["--epochs", "10000000"], message: "at most 100000"),
    ]

    func expectRefused(_ arguments: [String], _ message: String, catalog: String, before: String) throws {
        let result = try samplenet(arguments + ["--catalog", catalog])
        #expect(result.status == 64, "\(arguments): exit \(result.status), \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): expected \"\(message)\" in \(result.stderr)")
        #expect(!result.stderr.contains("internal error"))
        #expect(result.stdout.isEmpty, "\(arguments): printed \(result.stdout) (a run id?)")
        #expect(try fingerprint(catalog) == before, "\(arguments) changed the catalog")
    }

    @Test func badValuesAreUsageErrorsThatChangeNothing() throws {
        let catalog = try DeadRunTests.catalogWithRuns()        // run 1: profile, run 2: TRIP
        let constant = Scratch()
        let cells = try Catalog(path: catalog, mustExist: true).cellLines().filter(\.hasExpression).map(\.key)
        let file = constant.write("constant.tsv", "cell\tvalue\n" + cells.map { "\($0)\t1.5\n" }.joined())
        let imported = try samplenet("import", "modulator", "flat", file, "--catalog", catalog)
        #expect(imported.status == 0 && imported.stderr.contains("warning: every value is the same"), "\(imported.stderr)")
        let before = try fingerprint(catalog)

        for c in Self.profileCases { try expectRefused(Self.profile + c.arguments, c.message, catalog: catalog, before: before) }
        for c in Self.tripCases { try expectRefused(["trip", "--run", "1", "--response", "gefitinib"] + c.arguments, c.message, catalog: catalog, before: before) }
        try expectRefused(["profile", "--modulator", "flat", "--targets", "CDH1", "--regulators", ProfileCommandTests.regulators] + ProfileCommandTests.fixed,
                          "the modulator is constant", catalog: catalog, before: before)
        try expectRefused(["profile", "--resume", "1", "--lambda-count", "5"], "drop --lambda-count", catalog: catalog, before: before)
        try expectRefused(["profile", "--resume", "1", "--kernel", "knn"], "drop --kernel", catalog: catalog, before: before)
        for top in [["--top=-1"], ["--top", "-1"], ["--top", "0"]] {
            try expectRefused(["effects", "--run", "1", "--target", "CDH1"] + top, "--top must be at least 1", catalog: catalog, before: before)
            try expectRefused(["subnetworks", "--trip", "2"] + top, "--top must be at least 1", catalog: catalog, before: before)
            try expectRefused(["explain", "--trip", "2", "--cell", "A549"] + top, "--top must be at least 1", catalog: catalog, before: before)
            try expectRefused(["export", "wide", "--run", "1"] + top, "--top must be at least 1", catalog: catalog, before: before)
            try expectRefused(["export", "network", "--run", "1", "--cell", "A549"] + top, "--top must be at least 1", catalog: catalog, before: before)
        }
        try expectRefused(["export", "network", "--trip", "2", "--rank", "-1"], "--rank must be at least 1", catalog: catalog, before: before)
        try expectRefused(["edges", "--run", "-1"], "no run -1", catalog: catalog, before: before)
        // The good values still work, and --resume with --threads is allowed.
        let effects = try samplenet("effects", "--run", "1", "--target", "CDH1", "--top", "3", "--catalog", catalog)
        #expect(effects.status == 0 && effects.stdout.split(separator: "\n").count == 4, "\(effects.stderr)")
        let resume = try samplenet("profile", "--resume", "1", "--threads", "1", "--catalog", catalog)
        #expect(resume.status == 0 && resume.stderr.contains("already finished"), "\(resume.stderr)")
    }
}
