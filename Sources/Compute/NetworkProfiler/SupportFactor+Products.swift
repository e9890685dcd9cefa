import CDenseKernels

/// Products with S and with G_AA + gamma I on the stored lower triangles.
extension SupportFactor {
    /// out = alpha M v + beta out for M = S or G_AA + gamma I (lower triangle, |A| x |A|).
    func symmetricProduct(_ matrix: [Double], _ v: [Double], into out: inout [Double], alpha: Double, beta: Double) {
        let m = order.count
        guard m > 0 else { return }
        matrix.withUnsafeBufferPointer { a in
            v.withUnsafeBufferPointer { v in
                out.withUnsafeMutableBufferPointer { out in
                    sn_symmetric_product(m, alpha, a.baseAddress, capacity, v.baseAddress, beta, out.baseAddress)
                }
            }
        }
    }

    /// S v.
    func apply(_ v: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: order.count)
        apply(v, into: &out)
        return out
    }

    /// out[0..<|A|] = S v[0..<|A|] (both at least |A| long).
    func apply(_ v: [Double], into out: inout [Double]) {
        symmetricProduct(inverse, v, into: &out, alpha: 1, beta: 0)
    }
}
