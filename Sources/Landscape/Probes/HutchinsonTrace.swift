/// The trace of a symmetric operator by Hutchinson's estimator (Hutchinson 1990; as in PyHessian):
/// `tr(A) = E[zᵀ A z]` for `z` with independent Rademacher (±1) entries.
///
/// Each sample costs one product. The estimate is the mean of the samples and its standard error
/// the sample standard deviation over `√samples`; for a Rademacher `z` the variance of `zᵀAz` is
/// `2 Σ_{i≠j} A_ij²`, so diagonal-heavy operators converge fast and a diagonal one is exact.
public struct HutchinsonTrace: Sendable {
    /// Samples to draw (at least 2, for a standard error).
    public var samples: Int
    /// Seeds the Rademacher vectors.
    public var seed: UInt64

    public init(samples: Int = 100, seed: UInt64 = 0) {
        precondition(samples >= 2, "Hutchinson's estimator needs at least two samples for a standard error")
        self.samples = samples
        self.seed = seed
    }

    /// The estimate of `tr(op)`.
    public func estimate<Op: SymmetricOperator>(_ op: Op) -> TraceEstimate {
        var random = RandomSource(seed: seed, stream: .probe)
        var values: [Double] = []
        for _ in 0..<samples {
            let z: [Op.Scalar] = HutchinsonTrace.rademacher(op.dimension, &random)
            values.append(FlatVector.dot(z, op.apply(z)))
        }
        return TraceEstimate(samples: values)
    }

    /// `n` independent ±1 entries, one random bit each.
    static func rademacher<T: Real>(_ n: Int, _ random: inout RandomSource) -> [T] {
        var z = [T](repeating: 0, count: n)
        var bits: UInt64 = 0
        for i in 0..<n {
            if i % 64 == 0 { bits = random.next() }
            z[i] = bits & 1 == 0 ? 1 : -1
            bits >>= 1
        }
        return z
    }
}

/// A Monte Carlo estimate of a trace from independent samples of `zᵀ A z`.
public struct TraceEstimate: Sendable {
    /// The samples `zᵀ A z`, in the order drawn.
    public let samples: [Double]

    public init(samples: [Double]) {
        precondition(samples.count >= 2, "a standard error needs at least two samples")
        self.samples = samples
    }

    /// The mean of the samples.
    public var trace: Double { samples.reduce(0, +) / Double(samples.count) }

    /// The sample standard deviation (ddof 1) over `√samples`.
    public var standardError: Double {
        let mean = trace
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count - 1)
        return (variance / Double(samples.count)).squareRoot()
    }
}
