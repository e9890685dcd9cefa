/// Where TRIP's projections start (our choice; METHOD.md 2 says only that C1, C2 are learnt).
///
/// Starting from the unsupervised HOSVD fails whenever the directions that carry the response
/// are not among the stack's largest: the weights start at zero, so the projections get no
/// gradient until the weights do, the weights get no signal from axes that miss the response,
/// and early stopping keeps the initial (constant) model. A planted stack with large nuisance
/// edges shows it (TRIPModulesTests). So TRIP starts from the training lines' covariance
/// with the response, G = sum_i (y_i - ybar) (X_i - Xref) (a q x p matrix, one value per
/// edge): C1, C2 are the leading eigenvectors of G G' and G' G, plus 1% (by trace) of the
/// centred HOSVD Grams so that axes beyond G's rank follow the stack's own structure.
/// Only the training lines' responses are used, so no held-out line's input depends on its
/// response. The unsupervised-projection ablation keeps the plain centred HOSVD.
enum ProjectionStart {
    static let unsupervisedShare = 0.01

    static func supervised(_ stack: EdgeStack, response: [Double], ranks: (Int, Int)) throws -> (Matrix, Matrix) {
        let mean = response.reduce(0, +) / Double(max(1, response.count))
        var covariance = [Double](repeating: 0, count: stack.edgeCount)
        for i in 0..<stack.cellCount {
            let w = response[i] - mean
            for k in stack.rowStart[i]..<stack.rowStart[i + 1] { covariance[stack.entryEdge[k]] += w * stack.entryValue[k] }
        }
        let g = stack.single(values: covariance)
        var m1 = HOSVD.regulatorGram(g), m2 = HOSVD.targetGram(g)
        let (u1, u2) = HOSVD.centredGrams(stack)
        mix(&m1, u1)
        mix(&m2, u2)
        return (try HOSVD.leadingEigenvectors(m1, count: ranks.0), try HOSVD.leadingEigenvectors(m2, count: ranks.1))
    }

    /// m += share tr(m)/tr(u) u (u alone when m is zero).
    private static func mix(_ m: inout Matrix, _ u: Matrix) {
        let tm = (0..<m.rows).reduce(0.0) { $0 + m[$1, $1] }, tu = (0..<u.rows).reduce(0.0) { $0 + u[$1, $1] }
        guard tu > 0 else { return }
        let factor = tm > 0 ? unsupervisedShare * tm / tu : 1
        for k in m.values.indices { m.values[k] += factor * u.values[k] }
    }
}
