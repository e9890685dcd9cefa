/// The signed supports one fit found at the grid points of its round-1 lambda paths (one path
/// per gamma, adaptive weights all 1), kept to guess the supports of the next fit of the same
/// target: the next cell in modulator order, whose path nearly coincides
/// (ElasticNetPath+Guess). A guess only saves time: every answer is checked by the KKT
/// conditions, so results do not depend on the guide (tested), and a guide filled in a fixed
/// order (one warm-start chain) keeps runs bit-identical for any thread count.
///
/// Encoding: coordinate j with a positive coefficient is j, with a negative one ~j (-j - 1).
public struct PathGuide: Sendable {
    /// supports[gamma index][lambda index], nil where nothing was recorded. Later rounds are
    /// not kept: their paths are short (tens of events), and guessing them measured slower
    /// than walking (CDH1 and 7 other targets, h = 1: rounds 2-5 took 17.8 s guessed, 15.6 s
    /// walked).
    private var supports: [[[Int]?]] = []

    /// Grid points solved directly from a recorded support (for tests and diagnostics).
    public internal(set) var guessesSolved = 0

    public init() {}

    /// The support recorded at this grid point, if any.
    func support(gamma: Int, lambda: Int) -> [Int]? {
        guard gamma < supports.count, lambda < supports[gamma].count else { return nil }
        return supports[gamma][lambda]
    }

    /// Records a solution's signed support at this grid point.
    mutating func record(gamma: Int, lambda: Int, coefficients b: [Double]) {
        while supports.count <= gamma { supports.append([]) }
        while supports[gamma].count <= lambda { supports[gamma].append(nil) }
        var entries: [Int] = []
        for j in b.indices where b[j] != 0 { entries.append(b[j] > 0 ? j : ~j) }
        supports[gamma][lambda] = entries
    }

    /// Every recorded coefficient with the opposite sign (a test's deliberately wrong guide).
    mutating func flipSigns() {
        supports = supports.map { $0.map { $0?.map { ~$0 } } }
    }
}
