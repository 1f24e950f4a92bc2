/// RMSProp (Tieleman and Hinton, 2012), in the form of PyTorch's `RMSprop`:
///
///     v ← α·v + (1 − α)·g²        (v starts at 0)
///     θ ← θ − η·g / (√v + ε)
///
/// with `g` the gradient plus the L2 weight decay `λθ`. Like Adam without the first moment and the
/// bias correction: each coordinate is divided by its recent gradient magnitude.
public struct RMSProp<Scalar: Real>: Optimizer {
    /// `α`, the decay of the running average of squared gradients.
    public var decay: Scalar
    public var epsilon: Scalar
    public var weightDecay: Scalar
    /// `v`, created at the first step.
    public private(set) var meanSquare: [Matrix<Scalar>] = []

    public init(decay: Scalar = 0.99, epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        self.decay = decay
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var state: OptimizerState { OptimizerState(buffers: meanSquare.isEmpty ? [:] : ["mean_square": OptimizerState.buffer(meanSquare)]) }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        meanSquare = try state.tensors("mean_square", like: parameters)
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>? = nil
    ) {
        precondition(parameters.count == gradient.count, "one gradient tensor per parameter tensor")
        if meanSquare.isEmpty { meanSquare = zeroTensors(like: parameters) }
        let c = RMSPropCoefficients(rate: Double(learningRate), decay: Double(decay), epsilon: Double(epsilon), weightDecay: Double(weightDecay))
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    meanSquare[i].elements.withUnsafeMutableBufferPointer { v in
                        precondition(p.count == g.count && p.count == v.count, "gradient tensor \(i) does not match its parameter")
                        guard p.count > 0 else { return }
                        RMSProp.apply(p.baseAddress!, g.baseAddress!, v.baseAddress!, p.count, c)
                    }
                }
            }
        }
    }

    /// Calls `rmspropKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func apply(
        _ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ v: UnsafeMutablePointer<Scalar>, _ n: Int, _ c: RMSPropCoefficients
    ) {
        if Scalar.self == Double.self {
            rmspropKernel(p.concrete(Double.self), g.concrete(Double.self), v.concrete(Double.self), n, c)
        } else if Scalar.self == Float.self {
            rmspropKernel(p.concrete(Float.self), g.concrete(Float.self), v.concrete(Float.self), n, c)
        } else {
            rmspropKernel(p, g, v, n, c)
        }
    }
}

private struct RMSPropCoefficients {
    let rate, decay, epsilon, weightDecay: Double
}

/// `v ← α·v + (1 − α)·g′²`, `θ ← θ − η·g′/(√v + ε)` with `g′ = g + λθ`, over `n` elements, four at a
/// time (the square root and the division are what an update costs).
private func rmspropKernel<U: Real>(
    _ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ v: UnsafeMutablePointer<U>, _ n: Int, _ c: RMSPropCoefficients
) {
    let (rate, alpha, eps, lambda) = (U(c.rate), U(c.decay), U(c.epsilon), U(c.weightDecay))
    typealias V = SIMD4<U>
    var j = 0
    while j + 4 <= n {
        let pj = UnsafeRawPointer(p + j).loadUnaligned(as: V.self)
        let gj = UnsafeRawPointer(g + j).loadUnaligned(as: V.self) + lambda * pj
        let vj = alpha * UnsafeRawPointer(v + j).loadUnaligned(as: V.self) + (1 - alpha) * gj * gj
        UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: V.self)
        UnsafeMutableRawPointer(p + j).storeBytes(of: pj - rate * gj / (vj.squareRoot() + eps), as: V.self)
        j += 4
    }
    while j < n {
        let gj = g[j] + lambda * p[j]
        v[j] = alpha * v[j] + (1 - alpha) * gj * gj
        p[j] -= rate * gj / (v[j].squareRoot() + eps)
        j += 1
    }
}
