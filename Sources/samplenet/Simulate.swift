import ArgumentParser
import Catalog
import Compute
import Foundation
import Jobs

/// `samplenet simulate`: a semi-synthetic truth on the catalog's own regulator expression and
/// modulator (METHOD.md 1.7), written as files a fresh catalog imports, so that `profile` and
/// `test` can be scored against planted varying and static edges.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write a semi-synthetic dataset with planted varying and static edges (real regulators, synthetic targets).",
        discussion: """
            The regulators' expression and the modulator are the catalog's (real data); each
            synthetic target SYN_001, SYN_002, ... gets --varying edges whose coefficient changes
            along the modulator (switch, ramp, sign flip in turn) and --static edges, on distinct
            regulators drawn at random, plus Gaussian noise set so that a static least-squares
            fit on its planted regulators explains --r2 of its variance (METHOD.md 1.7).
            Files in --out: expression.tsv (regulators and targets x lines), regulators.txt,
            targets.txt, modulator.tsv, truth.tsv (regulator, target, shape, amplitude, varies)
            and design.tsv (per target: noise sd and achieved static R^2). Import them into a
            new catalog, then profile, test and compare the calls at q <= 0.1 with truth.tsv.
            Example:
              samplenet simulate --modulator emt --lines 300 --out sim
              samplenet import expression sim/expression.tsv --catalog sim.sqlite
              samplenet import regulators sim/regulators.txt --catalog sim.sqlite
              samplenet import modulator emt sim/modulator.tsv --catalog sim.sqlite
            """)
    @OptionGroup var catalog: CatalogOptions
    @Option(help: "The modulator whose values the shapes follow.") var modulator: String
    @Option(help: ArgumentHelp("Regulators: G1,G2,... or @FILE. Default: the catalog's regulators.", valueName: "genes"))
    var regulators: String?
    @Option(help: "Use this many lines drawn at random (seeded; default: every line with a value).") var lines: Int?
    @Option(help: "Synthetic targets.") var targets = SemiSynthetic.Design().targets
    @Option(help: "Varying edges per target.") var varying = SemiSynthetic.Design().varyingPerTarget
    @Option(name: .customLong("static"), help: "Static edges per target.") var staticEdges = SemiSynthetic.Design().staticPerTarget
    @Option(help: "The static fit's R^2 each target is set to, in (0, 1).") var r2 = SemiSynthetic.Design().staticR2
    @Option(help: "Seed of the draws (SplitMix64).") var seed: UInt64 = SemiSynthetic.Design().seed
    @Option(help: ArgumentHelp("Output folder (created; existing files of the same names are replaced).", valueName: "dir"))
    var out: String

    func validate() throws {
        guard r2 > 0 && r2 < 1 else { throw ValidationError("--r2 must be in (0, 1)") }
        guard targets > 0, varying >= 0, staticEdges >= 0, varying + staticEdges > 0 else {
            throw ValidationError("--targets must be positive and each target needs at least one edge")
        }
        if let lines, lines < 10 { throw ValidationError("--lines must be at least 10") }
    }

    func run() throws {
        try ExitStatus.guarded {
            let cat = try catalog.open()
            let known = try cat.genes()
            let symbols = try regulators.map { try resolveGenes($0, known: Set(known.map(\.symbol)), what: "regulator") }
                ?? known.filter(\.isRegulator).map(\.symbol)
            guard symbols.count >= varying + staticEdges else {
                throw InputError.usage("\(symbols.count) regulators; each target needs \(varying + staticEdges) distinct ones")
            }
            var data = try ProfileData.load(catalog: cat, parameters: ProfileParameters(modulator: modulator, regulators: symbols,
                                                                                          targets: [], options: ProfilerOptions()))
            var chosen = Array(data.cells.indices)
            if let lines, lines < chosen.count {
                var rng = SplitMix64(seed: seed ^ 0x4C49_4E45_5300_0000)
                chosen = rng.sample(lines, from: chosen.count)
            }
            data.cells = chosen.map { data.cells[$0] }
            data.modulatorValues = chosen.map { data.modulatorValues[$0] }
            data.regulators = data.regulators.rows(chosen)
            var design = SemiSynthetic.Design()
            design.targets = targets; design.varyingPerTarget = varying; design.staticPerTarget = staticEdges
            design.staticR2 = r2; design.seed = seed
            let set = SemiSynthetic.generate(regulators: data.regulators, modulator: data.modulatorValues, design: design)
            try SimulationFiles(cells: data.cells.map(\.key), regulators: symbols, data: data, set: set).save(in: out)
            let achieved = set.staticR2.sorted()
            printNote("wrote \(out): \(data.cells.count) lines, \(symbols.count) regulators, \(targets) targets, "
                      + "\(set.edges.filter(\.shape.varies).count) varying and \(set.edges.filter { !$0.shape.varies }.count) static edges; "
                      + "static R^2 median \(String(format: "%.3f", achieved[achieved.count / 2])) (asked \(r2))")
        }
    }
}

/// The files `simulate` writes.
struct SimulationFiles {
    let cells: [String]
    let regulators: [String]
    let data: ProfileData
    let set: SemiSynthetic.Dataset

    static func targetName(_ t: Int) -> String { "SYN_" + String(format: "%03d", t + 1) }

    func save(in folder: String) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw InputError.missing(file: folder, problem: "cannot create: \(error.localizedDescription)")
        }
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let names = (0..<set.targets.columns).map(Self.targetName)
        var expression = "GENE\t" + cells.joined(separator: "\t") + "\n"
        for (j, symbol) in regulators.enumerated() {
            expression += symbol + "\t" + (0..<cells.count).map { exact(data.regulators[$0, j]) }.joined(separator: "\t") + "\n"
        }
        for (t, name) in names.enumerated() {
            expression += name + "\t" + (0..<cells.count).map { exact(set.targets[$0, t]) }.joined(separator: "\t") + "\n"
        }
        try write(expression, to: path("expression.tsv"))
        try write(regulators.joined(separator: "\n") + "\n", to: path("regulators.txt"))
        try write(names.joined(separator: "\n") + "\n", to: path("targets.txt"))
        try write("cell\tvalue\n" + zip(cells, data.modulatorValues).map { "\($0)\t\(exact($1))" }.joined(separator: "\n") + "\n",
                  to: path("modulator.tsv"))
        try write("regulator\ttarget\tshape\tamplitude\tvaries\n" + set.edges.map {
            "\(regulators[$0.regulator])\t\(names[$0.target])\t\($0.shape.rawValue)\t\(exact($0.amplitude))\t\($0.shape.varies)"
        }.joined(separator: "\n") + "\n", to: path("truth.tsv"))
        try write("target\tnoise_sd\tstatic_r2\n" + names.indices.map {
            "\(names[$0])\t\(exact(set.noiseSD[$0]))\t\(exact(set.staticR2[$0]))"
        }.joined(separator: "\n") + "\n", to: path("design.tsv"))
    }

    /// Shortest text that reads back to the same double.
    func exact(_ v: Double) -> String { "\(v)" }
}
