/// A two-dimensional slice of the loss surface: the loss at `θ + a·d₁ + b·d₂` over a grid of
/// `(a, b)` (Li et al. 2018; Goodfellow et al. 2015 for the 1-D case).
public struct PlaneSlice: Sendable {
    public let architecture: Architecture
    /// `θ`, flat.
    public let center: [Double]
    public let first: [Double]
    public let second: [Double]

    public init(center: Network<Double>, first: [Double], second: [Double]) {
        let n = center.architecture.parameterCount
        precondition(first.count == n && second.count == n, "directions must have one entry per parameter")
        architecture = center.architecture
        self.center = center.flatParameters
        self.first = first
        self.second = second
    }

    /// The network at `(a, b)`, combined in `Double` and then converted to `T`; exactly `θ` at (0, 0).
    public func network<T: Real>(a: Double, b: Double, as: T.Type = T.self) -> Network<T> {
        Network(architecture: architecture, flatParameters: (0..<center.count).map { T(center[$0] + a * first[$0] + b * second[$0]) })
    }

    /// Loss and accuracy on `batch` at every `(a, b)` with `a` from `aValues` (outer) and `b` from
    /// `bValues` (inner); `progress` is told how many points are done.
    public func evaluate<T: Real>(
        a aValues: [Double], b bValues: [Double], on batch: Batch<T>, progress: (Int) -> Void = { _ in }
    ) -> [PlanePoint] {
        var points: [PlanePoint] = []
        points.reserveCapacity(aValues.count * bValues.count)
        let tape = Tape<T>()
        for a in aValues {
            for b in bValues {
                points.append(PlanePoint(a: a, b: b, evaluation: (network(a: a, b: b) as Network<T>).evaluate(batch, tape: tape)))
                progress(points.count)
            }
        }
        return points
    }
}

/// Loss and accuracy at one point of a plane.
public struct PlanePoint: Sendable {
    public var a: Double
    public var b: Double
    public var evaluation: Evaluation
}
