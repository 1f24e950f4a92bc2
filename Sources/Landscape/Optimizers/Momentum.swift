/// Gradient descent with heavy-ball momentum (Polyak, 1964), in the form of PyTorch's `SGD`:
///
///     v ← μ·v + g        (v starts at 0, so the first step is plain gradient descent)
///     θ ← θ − η·v
///
/// with `g` the gradient plus the L2 weight decay `λθ`. With a constant `η` this is Polyak's
/// `θₖ₊₁ = θₖ − η·gₖ + μ·(θₖ − θₖ₋₁)`: the velocity keeps going along directions where successive
/// gradients agree and cancels across a ravine where they alternate, so on a quadratic with
/// condition number κ the best rate needs about √κ steps where plain descent needs κ.
public struct Momentum<Scalar: Real>: Optimizer {
    /// `μ` in `[0, 1)`.
    public var momentum: Scalar
    /// L2 weight decay `λ`, added to the gradient as `λθ`.
    public var weightDecay: Scalar
    /// `v`, one tensor per parameter tensor, created at the first step.
    public private(set) var velocity: [Matrix<Scalar>] = []

    public init(momentum: Scalar = 0.9, weightDecay: Scalar = 0) {
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public var state: OptimizerState { OptimizerState(buffers: velocity.isEmpty ? [:] : ["velocity": OptimizerState.buffer(velocity)]) }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        velocity = try state.tensors("velocity", like: parameters)
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>? = nil
    ) {
        precondition(parameters.count == gradient.count, "one gradient tensor per parameter tensor")
        if velocity.isEmpty { velocity = zeroTensors(like: parameters) }
        let c = MomentumCoefficients(rate: Double(learningRate), momentum: Double(momentum), decay: Double(weightDecay))
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    velocity[i].elements.withUnsafeMutableBufferPointer { v in
                        precondition(p.count == g.count && p.count == v.count, "gradient tensor \(i) does not match its parameter")
                        guard p.count > 0 else { return }
                        Momentum.apply(p.baseAddress!, g.baseAddress!, v.baseAddress!, p.count, c)
                    }
                }
            }
        }
    }

    /// Calls `momentumKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func apply(
        _ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, _ n: Int, _ c: MomentumCoefficients
    ) {
        if Scalar.self == Double.self {
            momentumKernel(p.concrete(Double.self), g.concrete(Double.self), v.concrete(Double.self), n, c)
        } else if Scalar.self == Float.self {
            momentumKernel(p.concrete(Float.self), g.concrete(Float.self), v.concrete(Float.self), n, c)
        } else {
            momentumKernel(p, g, v, n, c)
        }
    }
}

private struct MomentumCoefficients {
    let rate, momentum, decay: Double
}

/// `v ← μ·v + (g + λθ)`, `θ ← θ − η·v` over `n` elements.
private func momentumKernel<U: Real>(
    _ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ v: UnsafeMutablePointer<U>, _ n: Int, _ c: MomentumCoefficients
) {
    let (rate, mu, decay) = (U(c.rate), U(c.momentum), U(c.decay))
    for j in 0..<n {
        v[j] = mu * v[j] + (g[j] + decay * p[j])
        p[j] -= rate * v[j]
    }
}
