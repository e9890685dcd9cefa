import TestSupport
import Testing
@testable import Compute

/// The signed KS statistic against its definition evaluated by brute force.
@Suite struct EMTScoreTests {
    /// max over all observed x of F_epi(x) - F_mes(x) and of its negative, directly.
    func bruteForce(_ epi: [Double], _ mes: [Double]) -> Double {
        let xs = (epi + mes).sorted()
        var dPlus = 0.0, dMinus = 0.0
        for x in xs {
            let fe = Double(epi.filter { $0 <= x }.count) / Double(epi.count)
            let fm = Double(mes.filter { $0 <= x }.count) / Double(mes.count)
            dPlus = max(dPlus, fe - fm)
            dMinus = max(dMinus, fm - fe)
        }
        return dPlus > dMinus ? dPlus : (dMinus > dPlus ? -dMinus : 0)
    }

    @Test func matchesBruteForceOnRandomSamples() {
        var rng = TestRandom(seed: 42)
        for trial in 0..<200 {
            let epi = (0..<(3 + trial % 17)).map { _ in (rng.uniform() * 4).rounded() / 2 }   // ties on purpose
            let mes = (0..<(2 + trial % 11)).map { _ in (rng.uniform() * 4).rounded() / 2 + 0.3 }
            #expect(abs(EMTScore.signedKS(epithelial: epi, mesenchymal: mes) - bruteForce(epi, mes)) < 1e-15)
        }
    }

    @Test func signFollowsMesenchymalExpression() {
        #expect(EMTScore.signedKS(epithelial: [0, 1, 2], mesenchymal: [5, 6]) == 1)
        #expect(EMTScore.signedKS(epithelial: [5, 6], mesenchymal: [0, 1, 2]) == -1)
    }

    /// On a planted matrix where samples 0-2 are mesenchymal and 3-5 epithelial, all three
    /// methods order the samples the same way.
    @Test(arguments: EMTScore.Method.allCases)
    func methodsSeparatePlantedSamples(_ method: EMTScore.Method) throws {
        // rows 0-2 epithelial genes (row 0 plays CDH1), rows 3-5 mesenchymal (row 3 plays VIM).
        var m = Matrix(rows: 6, columns: 6)
        var rng = TestRandom(seed: 3)
        for g in 0..<6 { for s in 0..<6 {
            let mesenchymalSample = s < 3, mesenchymalGene = g >= 3
            m[g, s] = (mesenchymalSample == mesenchymalGene ? 2 : -2) + 0.1 * rng.uniform()
        } }
        let scores = try EMTScore.score(expression: m, epithelial: [0, 1, 2], mesenchymal: [3, 4, 5], method: method)
        #expect(scores.count == 6)
        #expect(scores[0..<3].allSatisfy { s in scores[3..<6].allSatisfy { s > $0 } })
    }
}
