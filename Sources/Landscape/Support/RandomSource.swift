/// The project's own seeded generator: xoshiro256** (Blackman and Vigna, 2018), seeded through
/// SplitMix64. Only integer arithmetic decides its stream, so a seed gives the same numbers on
/// every machine and every Swift version.
public struct RandomSource: RandomNumberGenerator, Sendable {
    /// Independent streams drawn from one user seed, so that, say, the initial weights do not
    /// change when the shuffling changes.
    public enum Stream: UInt64, Sendable {
        case initialization = 1, shuffling, split, directions, noise, data, probe, dropout, curve, starts
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64, stream: Stream) {
        self.init(splitMixState: seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03))
    }

    /// Generator number `index` of `stream`: a family of generators, one per index, for draws that
    /// must not depend on what was drawn before (each training step's dropout masks, index = step),
    /// so that a run resumed at any index draws what the uninterrupted run drew. The index enters
    /// SplitMix64's state through its finalizer, a bijection, so distinct indices start distinct
    /// states; index 0 is `init(seed:stream:)`.
    public init(seed: UInt64, stream: Stream, index: UInt64) {
        self.init(splitMixState: seed ^ (stream.rawValue &* 0xD1B5_4A32_D192_ED03) ^ RandomSource.mix(index))
    }

    /// The state words are four outputs of SplitMix64 (Steele et al., 2014) started at `x`.
    private init(splitMixState x: UInt64) {
        var x = x
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            return RandomSource.mix(x)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// SplitMix64's finalizer (Stafford's Mix13): a bijection of 64-bit words that scatters nearby inputs.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in [0, 1), with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Standard normal, by the polar method of Marsaglia (one of each pair is used).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * Double.log(s) / s).squareRoot() }
        }
    }

    /// Uniform in `0..<n`, without modulo bias (Lemire's method).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "index below a non-positive bound")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A uniformly random permutation of `0..<n` (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<E>(_ array: inout [E]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, index(below: i + 1))
        }
    }
}
