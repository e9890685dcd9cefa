import Testing
@testable import Compute

/// Validation statistics by hand: average precision (ties as one threshold), recall in the
/// top k, and the hypergeometric tail of Fisher's exact test.
@Suite struct ValidationTests {
    @Test func averagePrecisionByHand() {
        // Hits at ranks 1 and 3: (1/1 + 2/3) / 2.
        #expect(abs(Validation.averagePrecision(scores: [0.9, 0.8, 0.7, 0.6], labels: [true, false, true, false])! - 5.0 / 6) < 1e-15)
        // A tie of a hit and a miss at the top: 1/2 x 1/2, then 1/2 x 2/3.
        #expect(abs(Validation.averagePrecision(scores: [0.9, 0.9, 0.5], labels: [true, false, true])! - (0.25 + 1.0 / 3)) < 1e-15)
        #expect(abs(Validation.averagePrecision(scores: [0.9, 0.9, 0.5], labels: [false, true, true])! - (0.25 + 1.0 / 3)) < 1e-15)
        #expect(Validation.averagePrecision(scores: [1, 2], labels: [false, false]) == nil)
        // A ranking that carries nothing scores the positive rate on average: all tied.
        #expect(abs(Validation.averagePrecision(scores: [0, 0, 0, 0, 0], labels: [true, false, false, true, false])! - 0.4) < 1e-15)
    }

    @Test func recallInTheTopK() {
        #expect(Validation.recall(ranked: ["A", "B", "C", "D"], known: ["B", "D", "Z"], top: 2) == 1.0 / 3)
        #expect(Validation.recall(ranked: ["A"], known: Set<String>(), top: 2) == 0)
    }

    @Test func fisherTailByHand() {
        // N = 20, K = 5 marked, n = 5 drawn, overlap 3: (C(5,3)C(15,2) + C(5,4)C(15,1) + C(5,5)) / C(20,5) = 1126/15504.
        #expect(abs(Validation.fisherGreater(overlap: 3, drawn: 5, marked: 5, universe: 20) - 1126.0 / 15504) < 1e-12)
        #expect(abs(Validation.fisherGreater(overlap: 0, drawn: 5, marked: 5, universe: 20) - 1) < 1e-12)
        #expect(Validation.fisherGreater(overlap: 6, drawn: 5, marked: 5, universe: 20) == 0)
    }
}
