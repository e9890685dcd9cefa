import Foundation

/// Kernels over the standardised modulator (METHOD.md 1.1 and 1.4).
public enum KernelKind: String, Sendable, CaseIterable, Codable {
    /// K_i = exp(-(m_i - m_alpha)^2 / h).
    case gaussian
    /// Adaptive: h_alpha = max(h, d_kNN(alpha)^2), d_kNN the distance from m_alpha to its
    /// k-th nearest modulator value among the other fitting cells (our choice, METHOD.md 1.4).
    case knn
}

public enum KernelWeights {
    /// Standardises a modulator over the run's cells: mean 0, population variance 1.
    /// A constant modulator cannot modulate anything: returns nil.
    public static func standardise(_ m: [Double]) -> [Double]? {
        guard !m.isEmpty else { return nil }
        let mean = m.reduce(0, +) / Double(m.count)
        let variance = m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m.count)
        guard variance > 0 else { return nil }
        let sd = variance.squareRoot()
        return m.map { ($0 - mean) / sd }
    }

    /// Unnormalised kernel values K_i over `fitting` (standardised modulator values) for a
    /// kernel centred at `centre`. `centreIsFitting` says whether the centre is one of the
    /// fitting cells (it is not its own neighbour for the kNN rule).
    public static func kernel(fitting: [Double], centre: Double, bandwidth h: Double, kind: KernelKind,
                              neighbours k: Int, centreIsFitting: Bool) -> [Double] {
        var width = h
        if kind == .knn {
            let distances = fitting.map { abs($0 - centre) }.sorted()
            // Skip the centre's own zero distance once when it is among the fitting cells.
            let offset = centreIsFitting ? 1 : 0
            let index = min(distances.count - 1, k - 1 + offset)
            if index >= 0 { width = max(h, distances[index] * distances[index]) }
        }
        return fitting.map { exp(-($0 - centre) * ($0 - centre) / width) }
    }
}
