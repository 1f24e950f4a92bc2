/// How a random direction in parameter space is scaled to the model, so that a step of 1 along it
/// means the same thing for large and small weights (Li et al. 2018, "Visualizing the Loss Landscape
/// of Neural Nets").
public enum DirectionScaling: String, CaseIterable, Sendable {
    /// One Gaussian direction rescaled as a whole to the norm of the parameters it covers.
    case random
    /// Each output row of each weight matrix (a "filter") rescaled to the norm of the same row of the
    /// model — Li et al.'s filter normalization.
    case filter
    /// Each weight matrix rescaled to the Frobenius norm of the model's matrix.
    case layer
}

/// What the bias entries of a random direction hold.
public enum BiasDirection: String, CaseIterable, Sendable {
    /// Zero: biases stay fixed (Li et al.'s default, `ignore='biasbn'`).
    case zero
    /// A copy of the model's biases (Li et al.'s other choice).
    case copy
    /// Gaussian, rescaled like the weights: per bias vector (`filter`, `layer`), or with everything
    /// else (`random`).
    case normalize

    /// The usual choice for each scaling: zero for filter normalization (as Li et al.), normalize otherwise.
    public static func standard(for scaling: DirectionScaling) -> BiasDirection {
        scaling == .filter ? .zero : .normalize
    }
}

/// Directions for slices of the loss surface, as flat vectors in the flat parameter order (`docs/FORMATS.md#numerical-conventions`).
public enum Directions {
    /// A zero-mean Gaussian direction (entries drawn from `random` in flat order), scaled to
    /// `network` per `scaling`, with biases per `bias`.
    public static func random(
        for network: Network<Double>, scaling: DirectionScaling, bias: BiasDirection, random: inout RandomSource
    ) -> [Double] {
        let parameters = network.parameters
        var direction = parameters.map { p in Matrix<Double>(rows: p.rows, cols: p.cols, elements: (0..<p.count).map { _ in random.normal() }) }
        /// Rescales elements `range` of tensor `t` to the norm of the same elements of the model.
        func match(_ t: Int, _ range: Range<Int>) {
            let target = norm(parameters[t].elements[range]), current = norm(direction[t].elements[range])
            let factor = current > 0 ? target / current : 0
            for i in range { direction[t].elements[i] *= factor }
        }
        let isBias = (0..<parameters.count).map { $0 % 2 == 1 }
        for t in parameters.indices where isBias[t] {
            switch bias {
            case .zero: direction[t].elements = [Double](repeating: 0, count: parameters[t].count)
            case .copy: direction[t].elements = parameters[t].elements
            case .normalize: if scaling != .random { match(t, 0..<parameters[t].count) }
            }
        }
        switch scaling {
        case .filter:
            for t in parameters.indices where !isBias[t] {
                let cols = parameters[t].cols
                for r in 0..<parameters[t].rows { match(t, r * cols..<(r + 1) * cols) }
            }
        case .layer:
            for t in parameters.indices where !isBias[t] { match(t, 0..<parameters[t].count) }
        case .random:
            let covered = parameters.indices.filter { !isBias[$0] || bias == .normalize }
            let target = norm(covered.flatMap { parameters[$0].elements }[...])
            let current = norm(covered.flatMap { direction[$0].elements }[...])
            let factor = current > 0 ? target / current : 0
            for t in covered { direction[t].elements = direction[t].elements.map { $0 * factor } }
        }
        return flatten(direction)
    }

    /// The plane through three models, orthonormalized so the picture is not skewed: the origin is
    /// `a`, the first direction `b − a` (so `b` sits at (1, 0)), the second the part of `c − a`
    /// orthogonal to it (Gram–Schmidt), scaled to the same length. Returns the directions and the
    /// coordinates of the three models. Refuses coincident or collinear models.
    public static func plane(through a: [Double], _ b: [Double], _ c: [Double]) throws -> (first: [Double], second: [Double], coordinates: [(Double, Double)]) {
        precondition(a.count == b.count && a.count == c.count, "three models of one architecture")
        let u = zip(b, a).map { $0 - $1 }, w = zip(c, a).map { $0 - $1 }
        let uu = dot(u, u)
        guard uu > 0 else { throw LandscapeError.invalidInput("the first two models are identical: no plane through them") }
        let along = dot(w, u) / uu
        var v = zip(w, u).map { $0 - along * $1 }
        // Once more, for orthogonality to working precision.
        let correction = dot(v, u) / uu
        v = zip(v, u).map { $0 - correction * $1 }
        let vv = dot(v, v)
        guard vv > 1e-24 * max(dot(w, w), uu) else {
            throw LandscapeError.invalidInput("the three models lie on one line: no plane through them (use interpolate)")
        }
        let scale = (uu / vv).squareRoot()
        return (u, v.map { $0 * scale }, [(0, 0), (1, 0), (along + correction, (vv / uu).squareRoot())])
    }

    private static func dot(_ x: [Double], _ y: [Double]) -> Double { FlatVector.dot(x, y) }
    private static func norm(_ x: ArraySlice<Double>) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
