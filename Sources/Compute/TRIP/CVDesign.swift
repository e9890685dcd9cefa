/// The repeated K-fold design of METHOD.md 2.3: R repeats of a seeded K-fold split of the
/// lines, the same for every model and control compared. CV split s (0 ..< R K) is fold
/// s % K of repeat s / K. Repeat 0 uses the run's seed itself, so a one-repeat run has the
/// folds a run made before repeats existed.
struct CVDesign: Sendable {
    let count: Int
    let repeats: Int
    let folds: Int
    private let baseSeed: UInt64
    /// Per repeat, the fold (0 ..< K) of each line.
    let assignment: [[Int]]
    /// Split 0: every line (the final model); split s + 1: CV split s.
    let splits: [(train: [Int], test: [Int])]

    init(count: Int, repeats: Int, folds: Int, seed: UInt64) {
        self.count = count
        self.repeats = max(1, repeats)
        self.folds = folds
        baseSeed = seed
        var assignment: [[Int]] = []
        var splits: [(train: [Int], test: [Int])] = [(Array(0..<count), [])]
        for r in 0..<max(1, repeats) {
            let folded = foldAssignment(count: count, folds: folds, seed: CVDesign.seed(seed, repeat: r))
            assignment.append(folded)
            for f in 0..<folds {
                splits.append(((0..<count).filter { folded[$0] != f }, (0..<count).filter { folded[$0] == f }))
            }
        }
        self.assignment = assignment
        self.splits = splits
    }

    var splitCount: Int { repeats * folds }

    /// The seed of repeat r's folds and of its control responses.
    func seed(repeat r: Int) -> UInt64 { CVDesign.seed(baseSeed, repeat: r) }

    private static func seed(_ base: UInt64, repeat r: Int) -> UInt64 {
        r == 0 ? base : base &+ UInt64(r) &* 0x9E37_79B9_7F4A_7C15
    }

    func repeatOf(split s: Int) -> Int { s / folds }

    /// "fold 3", or "repeat 2 fold 3" when there are repeats (progress lines).
    func name(split s: Int) -> String {
        repeats == 1 ? "fold \(s % folds + 1)" : "repeat \(s / folds + 1) fold \(s % folds + 1)"
    }

    /// The K (train, test) splits of repeat r: every line is tested once.
    func splits(repeat r: Int) -> [(train: [Int], test: [Int])] {
        Array(splits[(1 + r * folds)..<(1 + (r + 1) * folds)])
    }

    /// The CV split of each (repeat, line), flattened repeat-major (index r n + i).
    var flatSplits: [Int] {
        (0..<repeats).flatMap { r in assignment[r].map { r * folds + $0 } }
    }
}
