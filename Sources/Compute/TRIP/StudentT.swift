import Foundation

/// Student's t distribution: the two-sided tail probability through the regularised
/// incomplete beta function, P(|T| > |t|) = I_x(nu/2, 1/2) with x = nu / (nu + t^2).
public enum StudentT {
    public static func twoSidedP(t: Double, degreesOfFreedom nu: Int) -> Double {
        twoSidedP(t: t, degreesOfFreedom: Double(nu))
    }

    /// The same for real degrees of freedom (Welch-Satterthwaite).
    public static func twoSidedP(t: Double, degreesOfFreedom v: Double) -> Double {
        guard v > 0, t.isFinite else { return t.isNaN ? .nan : 0 }
        return regularisedBeta(x: v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// I_x(a, b) by the continued fraction of the incomplete beta function (modified Lentz),
    /// using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
    static func regularisedBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-15
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let mm = Double(m)
            // Even step.
            var numerator = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step.
            numerator = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + numerator * d; if abs(d) < tiny { d = tiny }
            c = 1 + numerator / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < epsilon { break }
        }
        return h
    }
}
