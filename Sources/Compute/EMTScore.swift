/// EMT scores of cell lines from expression (METHOD.md section 3). Positive = mesenchymal.
public enum EMTScore {
    public enum Method: String, CaseIterable, Sendable {
        /// Tan et al. 2014: per sample, a signed two-sample Kolmogorov-Smirnov statistic
        /// comparing the Mes genes' values with the Epi genes' values.
        case ks
        /// z(VIM) - z(CDH1), genes z-scored across samples.
        case vimCdh1 = "vim-cdh1"
        /// First principal component of the z-scored signature genes (Shimamura-style),
        /// oriented so that it increases with mean(Mes z) - mean(Epi z).
        case pc1
    }

    /// Scores every column (sample) of `expression` (genes x samples).
    /// - Parameters:
    ///   - epithelial, mesenchymal: row indices of the signature genes present.
    public static func score(expression: Matrix, epithelial: [Int], mesenchymal: [Int],
                             method: Method) throws -> [Double] {
        let samples = expression.columns
        let z = { (row: Int) -> [Double] in zScored(Array(expression.row(row))) }
        switch method {
        case .ks:
            let epi = epithelial.map(z), mes = mesenchymal.map(z)
            return (0..<samples).map { s in
                signedKS(epithelial: epi.map { $0[s] }, mesenchymal: mes.map { $0[s] })
            }
        case .vimCdh1:
            guard let vim = mesenchymal.first, let cdh1 = epithelial.first else { return [] }
            let zv = z(vim), zc = z(cdh1)
            return (0..<samples).map { zv[$0] - zc[$0] }
        case .pc1:
            let rows = epithelial + mesenchymal
            // samples x genes matrix of z-scores; its Gram over genes has the PC loadings.
            var data = Matrix(rows: samples, columns: rows.count)
            for (j, r) in rows.enumerated() {
                let zr = z(r)
                for s in 0..<samples { data[s, j] = zr[s] }
            }
            let eigen = try SymmetricEigen(data.gram())
            let loading = eigen.vectors.column(0)
            var pc = data.multiplied(by: loading)
            // Orientation: positively related to mean(Mes) - mean(Epi).
            let contrast = (0..<samples).map { s -> Double in
                let e = (0..<epithelial.count).map { data[s, $0] }
                let m = (epithelial.count..<rows.count).map { data[s, $0] }
                return mean(m) - mean(e)
            }
            if zip(pc, contrast).reduce(0, { $0 + $1.0 * $1.1 }) < 0 { pc = pc.map { -$0 } }
            return pc
        }
    }

    /// Signed two-sample KS statistic of Tan et al. 2014. With F the empirical CDFs,
    /// D+ = max_x (F_epi(x) - F_mes(x)) (large when Mes genes are higher) and
    /// D- = max_x (F_mes(x) - F_epi(x)); the score is D+ if D+ > D-, -D- if D- > D+,
    /// and 0 on a tie. Range [-1, 1].
    public static func signedKS(epithelial: [Double], mesenchymal: [Double]) -> Double {
        let epi = epithelial.filter { !$0.isNaN }.sorted()
        let mes = mesenchymal.filter { !$0.isNaN }.sorted()
        guard !epi.isEmpty, !mes.isEmpty else { return .nan }
        var i = 0, j = 0
        var dPlus = 0.0, dMinus = 0.0
        while i < epi.count || j < mes.count {
            // Step past every value equal to the next smallest one, in both samples.
            let x = min(i < epi.count ? epi[i] : .infinity, j < mes.count ? mes[j] : .infinity)
            while i < epi.count && epi[i] == x { i += 1 }
            while j < mes.count && mes[j] == x { j += 1 }
            let diff = Double(i) / Double(epi.count) - Double(j) / Double(mes.count)
            dPlus = max(dPlus, diff)
            dMinus = max(dMinus, -diff)
        }
        if dPlus > dMinus { return dPlus }
        if dMinus > dPlus { return -dMinus }
        return 0
    }

    /// z-scores with the population sd over the non-missing values; NaN stays NaN.
    public static func zScored(_ x: [Double]) -> [Double] {
        let present = x.filter { !$0.isNaN }
        guard present.count > 1 else { return x.map { _ in .nan } }
        let m = mean(present)
        let sd = (present.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(present.count)).squareRoot()
        guard sd > 0 else { return x.map { $0.isNaN ? .nan : 0 } }
        return x.map { ($0 - m) / sd }
    }

    static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }
}
