import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator with a fixed, portable
/// sequence, so a run is reproducible from its recorded seed on any machine (METHOD.md 1.3).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound by rejection (no modulo bias), portable across platforms.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }

    /// A uniformly random permutation of 0..<n (Fisher-Yates, in the order drawn).
    public mutating func permutation(_ n: Int) -> [Int] {
        var pool = Array(0..<n)
        for i in 0..<max(0, n - 1) { pool.swapAt(i, i + below(n - i)) }
        return pool
    }

    /// `count` distinct indices from 0..<n, by a partial Fisher-Yates shuffle, sorted.
    public mutating func sample(_ count: Int, from n: Int) -> [Int] {
        var pool = Array(0..<n)
        let k = min(count, n)
        for i in 0..<k { pool.swapAt(i, i + below(n - i)) }
        return pool.prefix(k).sorted()
    }

    /// A uniform double in [0, 1) from the top 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A standard normal draw: Box-Muller on two 53-bit uniforms (u1 in (0, 1), never 0),
    /// two words per draw.
    public mutating func gaussian() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / Double(1 << 53), u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
