/// Plain (stochastic) gradient descent: `θ ← θ − η·(g + λθ)`, where `λ` is the (coupled, L2) weight
/// decay, 0 by default. With `λ = 0` the update is one `axpy` per tensor, which reproduces the
/// reference implementations bit for bit.
public struct GradientDescent<Scalar: Real>: Optimizer {
    /// L2 weight decay `λ`: the gradient of `λ/2·‖θ‖²` is added to the gradient.
    public var weightDecay: Scalar

    public init(weightDecay: Scalar = 0) {
        self.weightDecay = weightDecay
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>? = nil
    ) {
        precondition(parameters.count == gradient.count, "one gradient tensor per parameter tensor")
        let decay = weightDecay
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    precondition(p.count == g.count, "gradient tensor \(i) does not match its parameter")
                    if decay == 0 {
                        Scalar.axpy(-learningRate, g.baseAddress!, p.baseAddress!, count: p.count)
                    } else if p.count > 0 {
                        GradientDescent.applyDecay(p.baseAddress!, g.baseAddress!, p.count, rate: Double(learningRate), decay: Double(decay))
                    }
                }
            }
        }
    }

    /// Calls `gradientDescentKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func applyDecay(_ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ n: Int, rate: Double, decay: Double) {
        if Scalar.self == Double.self {
            gradientDescentKernel(p.concrete(Double.self), g.concrete(Double.self), n, rate, decay)
        } else if Scalar.self == Float.self {
            gradientDescentKernel(p.concrete(Float.self), g.concrete(Float.self), n, rate, decay)
        } else {
            gradientDescentKernel(p, g, n, rate, decay)
        }
    }
}

/// `θ ← θ − η·(g + λθ)` over `n` elements.
private func gradientDescentKernel<U: Real>(_ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ n: Int, _ rate: Double, _ decay: Double) {
    let (eta, lambda) = (U(rate), U(decay))
    for j in 0..<n { p[j] -= eta * (g[j] + lambda * p[j]) }
}
