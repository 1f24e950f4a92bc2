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
    /// `bValues` (inner), or at the points numbered in `cells` (point `i·|bValues| + j` for
    /// `aValues[i]`, `bValues[j]`; each computed as it is in the whole grid), in that order;
    /// `progress` is told how many points are done.
    ///
    /// The first layer is affine in `(a, b)`: `X·(W + a·D₁ + b·D₂)ᵀ + (c + a·e₁ + b·e₂)` is
    /// `Z₀ + a·Z₁ + b·Z₂`, so its three products are computed once and each point pays only for
    /// the layers after it. At `(0, 0)` this is exactly the model's own first layer.
    public func evaluate<T: Real>(
        a aValues: [Double], b bValues: [Double], on batch: Batch<T>, cells numbers: [Int]? = nil, progress: (Int) -> Void = { _ in }
    ) -> [PlanePoint] {
        let cells = (numbers ?? Array(0..<aValues.count * bValues.count)).map { (a: aValues[$0 / bValues.count], b: bValues[$0 % bValues.count]) }
        var points: [PlanePoint] = []
        points.reserveCapacity(cells.count)
        let tape = Tape<T>()
        guard architecture.layerCount > 1 else {
            for (a, b) in cells {
                points.append(PlanePoint(a: a, b: b, evaluation: (network(a: a, b: b) as Network<T>).evaluate(batch, tape: tape)))
                progress(points.count)
            }
            return points
        }
        let terms = [center, first, second].map { flat -> Matrix<T> in
            let layer = architecture.unflatten(flat.map { T($0) })
            let z = tape.linear(tape.variable(batch.inputs), weight: tape.variable(layer[0]), bias: tape.variable(layer[1]))
            return tape[z]
        }
        tape.removeAll()
        let rest = Architecture(sizes: Array(architecture.sizes.dropFirst()), activation: architecture.activation, loss: architecture.loss)
        let firstCount = architecture.sizes[0] * architecture.sizes[1] + architecture.sizes[1]
        var hidden = Matrix<T>(rows: terms[0].rows, cols: terms[0].cols)
        for (a, b) in cells {
            let (ta, tb) = (T(a), T(b))
            hidden.elements.withUnsafeMutableBufferPointer { h in
                terms[0].elements.withUnsafeBufferPointer { z0 in
                    terms[1].elements.withUnsafeBufferPointer { z1 in
                        terms[2].elements.withUnsafeBufferPointer { z2 in
                            for i in 0..<h.count { h[i] = z0[i] + ta * z1[i] + tb * z2[i] }
                        }
                    }
                }
                T.activate(architecture.activation, h.baseAddress!, h.baseAddress!, count: h.count)
            }
            let parameters = (firstCount..<center.count).map { T(center[$0] + a * first[$0] + b * second[$0]) }
            let layers = Network(architecture: rest, flatParameters: parameters)
            points.append(PlanePoint(a: a, b: b, evaluation: layers.evaluate(Batch(inputs: hidden, targets: batch.targets), tape: tape)))
            progress(points.count)
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

    public init(a: Double, b: Double, evaluation: Evaluation) {
        self.a = a
        self.b = b
        self.evaluation = evaluation
    }
}
