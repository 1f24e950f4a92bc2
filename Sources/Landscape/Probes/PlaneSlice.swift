/// A two-dimensional slice of the loss surface: the loss at `θ + a·d₁ + b·d₂` over a grid of
/// `(a, b)` (Li et al. 2018; Goodfellow et al. 2015 for the 1-D case).
public struct PlaneSlice: Sendable {
    /// The shape of every network on the plane.
    public let architecture: Architecture
    /// `θ`, flat.
    public let center: [Double]
    /// `d₁`, flat, along the first coordinate `a`.
    public let first: [Double]
    /// `d₂`, flat, along the second coordinate `b`.
    public let second: [Double]

    /// The plane through `center` spanned by two flat directions of one entry per parameter.
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
    /// The coordinate along `d₁`.
    public var a: Double
    /// The coordinate along `d₂`.
    public var b: Double
    /// Loss and accuracy of `θ + a·d₁ + b·d₂`.
    public var evaluation: Evaluation
}
