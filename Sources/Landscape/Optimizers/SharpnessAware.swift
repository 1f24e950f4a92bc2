/// Sharpness-aware minimization: SAM (Foret et al., 2021, "Sharpness-Aware Minimization for
/// Efficiently Improving Generalization") and its adaptive form ASAM (Kwon et al., 2021, "ASAM:
/// Adaptive Sharpness-Aware Minimization for Scale-Invariant Learning of Deep Neural Networks").
///
/// SAM descends on the worst loss near θ, `max_{‖ε‖ ≤ ρ} L(θ + ε)`. To first order the maximum is
/// at `ε = ρ·g/‖g‖`, and the step is the base rule's step from θ with the gradient there:
///
///     ε  = ρ·g/‖g‖           ‖·‖ the Euclidean norm over all tensors together; ε = 0 when g = 0
///     g′ = ∇L(θ + ε)         on the same mini-batch as g
///     v ← μ·v + (g′ + λθ),  θ ← θ − α·v     with heavy-ball momentum (`Momentum`), or
///     θ ← θ − α·(g′ + λθ)                    with plain gradient descent (`GradientDescent`)
///
/// ASAM measures the neighbourhood in the coordinates `T⁻¹θ`, with the element-wise scale
/// `T = |θ| + η`, so that it grows with each parameter's size and the sharpness does not change
/// when weights are rescaled without changing the network's function (exactly so for η = 0). The
/// maximum is then at
///
///     ε = ρ·T²g/‖T·g‖        products element by element
///
/// The authors' code scales weight matrices only and leaves biases at `T = 1`; here every tensor is
/// scaled. `ε = ρ·g/‖g‖` is exact: the PyTorch implementations add 1e-12 (SAM) or 1e-16 (ASAM) to
/// the norm instead of treating a zero gradient apart.
///
/// Weight decay belongs to the base rule, as in the common PyTorch SAM (github.com/davda54/sam),
/// where it is the base optimizer's: the step adds `λθ` to g′, and the ascent uses g alone.
/// `OptimizerSettings` takes heavy-ball momentum as the base when μ > 0 and plain gradient descent
/// otherwise; any first-order rule may be the base, and the optimizer's state is the base's.
public struct SharpnessAware<Base: Optimizer>: Optimizer {
    public typealias Scalar = Base.Scalar

    /// The radius ρ of the neighbourhood, positive.
    public var radius: Scalar
    /// η of ASAM's scale `T = |θ| + η`, 0 or more; nil for SAM.
    public var adaptiveOffset: Scalar?
    /// The first-order rule that steps from θ with the gradient at θ + ε.
    public private(set) var base: Base

    public init(radius: Scalar = 0.05, adaptiveOffset: Scalar? = nil, base: Base) {
        precondition(!base.needsHessian, "a sharpness-aware step takes a first-order base rule")
        self.radius = radius
        self.adaptiveOffset = adaptiveOffset
        self.base = base
    }

    public var report: String? { base.report }

    public var state: OptimizerState { base.state }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        try base.restore(state, parameters: parameters)
    }

    /// `θ + ε`, with ε as above.
    public func ascent(from parameters: [Matrix<Scalar>], gradient: [Matrix<Scalar>]) -> [Matrix<Scalar>]? {
        precondition(parameters.count == gradient.count, "one gradient tensor per parameter tensor")
        var point = parameters
        let offset = adaptiveOffset.map { Double($0) }
        var squares = 0.0
        for i in parameters.indices {
            parameters[i].elements.withUnsafeBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    precondition(p.count == g.count, "gradient tensor \(i) does not match its parameter")
                    guard p.count > 0 else { return }
                    if let offset {
                        squares += SharpnessAware.scaledSquares(p.baseAddress!, g.baseAddress!, p.count, offset: offset)
                    } else {
                        squares += Double(Scalar.dot(g.baseAddress!, g.baseAddress!, count: g.count))
                    }
                }
            }
        }
        let norm = squares.squareRoot()
        guard norm > 0 else { return point }
        let scale = Double(radius) / norm
        for i in point.indices {
            point[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    guard p.count > 0 else { return }
                    if let offset {
                        SharpnessAware.scaledAscent(p.baseAddress!, g.baseAddress!, p.count, scale: scale, offset: offset)
                    } else {
                        Scalar.axpy(Scalar(scale), g.baseAddress!, p.baseAddress!, count: p.count)
                    }
                }
            }
        }
        return point
    }

    /// The base rule's step from `parameters` with `gradient`, the gradient at `θ + ε`.
    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>? = nil
    ) throws {
        try base.update(&parameters, gradient: gradient, learningRate: learningRate, hessian: nil)
    }

    /// Calls `scaledSquaresKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func scaledSquares(_ p: UnsafePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ n: Int, offset: Double) -> Double {
        if Scalar.self == Double.self {
            scaledSquaresKernel(p.concrete(Double.self), g.concrete(Double.self), n, offset)
        } else if Scalar.self == Float.self {
            scaledSquaresKernel(p.concrete(Float.self), g.concrete(Float.self), n, offset)
        } else {
            scaledSquaresKernel(p, g, n, offset)
        }
    }

    /// Calls `scaledAscentKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func scaledAscent(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ n: Int, scale: Double, offset: Double) {
        if Scalar.self == Double.self {
            scaledAscentKernel(p.concrete(Double.self), g.concrete(Double.self), n, scale, offset)
        } else if Scalar.self == Float.self {
            scaledAscentKernel(p.concrete(Float.self), g.concrete(Float.self), n, scale, offset)
        } else {
            scaledAscentKernel(p, g, n, scale, offset)
        }
    }
}

/// `Σ (T·g)²` with `T = |θ| + η`, over `n` elements, summed in the precision of the elements.
private func scaledSquaresKernel<U: Real>(_ p: UnsafePointer<U>, _ g: UnsafePointer<U>, _ n: Int, _ offset: Double) -> Double {
    let eta = U(offset)
    var sum: U = 0
    for j in 0..<n {
        let scaled = (p[j].magnitude + eta) * g[j]
        sum += scaled * scaled
    }
    return Double(sum)
}

/// `θ ← θ + s·T²·g` with `T = |θ| + η` (at θ before the move) and `s = ρ/‖T·g‖`, over `n` elements.
private func scaledAscentKernel<U: Real>(_ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ n: Int, _ scale: Double, _ offset: Double) {
    let (s, eta) = (U(scale), U(offset))
    for j in 0..<n {
        let t = p[j].magnitude + eta
        p[j] += s * (t * t * g[j])
    }
}
