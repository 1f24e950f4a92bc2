/// Nesterov's accelerated gradient (Sutskever et al., 2013), in the form of PyTorch's `SGD` with
/// `nesterov=True`:
///
///     v ← μ·v + g
///     θ ← θ − η·(g + μ·v)
///
/// with `g` the gradient plus the L2 weight decay `λθ`. It is heavy-ball momentum that takes the
/// step the velocity is about to take before correcting with the gradient — the "look-ahead"
/// written so that only the gradient at the current parameters is needed.
public struct Nesterov<Scalar: Real>: Optimizer {
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
        let c = NesterovCoefficients(rate: Double(learningRate), momentum: Double(momentum), decay: Double(weightDecay))
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    velocity[i].elements.withUnsafeMutableBufferPointer { v in
                        precondition(p.count == g.count && p.count == v.count, "gradient tensor \(i) does not match its parameter")
                        guard p.count > 0 else { return }
                        Nesterov.apply(p.baseAddress!, g.baseAddress!, v.baseAddress!, p.count, c)
                    }
                }
            }
        }
    }

    /// Calls `nesterovKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func apply(
        _ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, _ n: Int, _ c: NesterovCoefficients
    ) {
        if Scalar.self == Double.self {
            nesterovKernel(p.concrete(Double.self), g.concrete(Double.self), v.concrete(Double.self), n, c)
        } else if Scalar.self == Float.self {
            nesterovKernel(p.concrete(Float.self), g.concrete(Float.self), v.concrete(Float.self), n, c)
        } else {
            nesterovKernel(p, g, v, n, c)
        }
    }
}

private struct NesterovCoefficients {
    let rate, momentum, decay: Double
}

/// `v ← μ·v + g′`, `θ ← θ − η·(g′ + μ·v)` with `g′ = g + λθ`, over `n` elements.
private func nesterovKernel<U: Real>(
    _ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ v: UnsafeMutablePointer<U>, _ n: Int, _ c: NesterovCoefficients
) {
    let (rate, mu, decay) = (U(c.rate), U(c.momentum), U(c.decay))
    for j in 0..<n {
        let gj = g[j] + decay * p[j]
        v[j] = mu * v[j] + gj
        p[j] -= rate * (gj + mu * v[j])
    }
}
