/// Adam (Kingma and Ba, 2015), and AdamW (Loshchilov and Hutter, 2019) when the weight decay is
/// decoupled. At step `t = 1, 2, …`:
///
///     m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
///     m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
///     θ ← θ − η·m̂ / (√v̂ + ε)
///
/// Each coordinate's step is scaled by a running estimate of its own gradient magnitude, so the
/// step length is about `η` whatever the gradient's scale: Adam crosses plateaus where gradient
/// descent crawls, but its diagonal scaling cannot undo curvature that is not axis-aligned.
///
/// Weight decay `λ`: coupled (Adam, as PyTorch's `Adam`), `g ← g + λθ` before the moments;
/// decoupled (AdamW, as PyTorch's `AdamW`), `θ ← θ·(1 − ηλ)` before the Adam step, so the decay is
/// not rescaled by `√v̂`.
public struct Adam<Scalar: Real>: Optimizer {
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    public var weightDecay: Scalar
    /// True for AdamW.
    public var decoupledWeightDecay: Bool
    /// Steps taken so far (`t` after the step).
    public private(set) var step = 0
    /// The first and second moment estimates `m` and `v`, created at the first step.
    public private(set) var firstMoment: [Matrix<Scalar>] = []
    public private(set) var secondMoment: [Matrix<Scalar>] = []

    public init(beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0, decoupledWeightDecay: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    public var state: OptimizerState {
        OptimizerState(counters: ["step": step], buffers: firstMoment.isEmpty ? [:] : [
            "first_moment": OptimizerState.buffer(firstMoment), "second_moment": OptimizerState.buffer(secondMoment),
        ])
    }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        step = state.counters["step"] ?? 0
        firstMoment = try state.tensors("first_moment", like: parameters)
        secondMoment = try state.tensors("second_moment", like: parameters)
        guard firstMoment.count == secondMoment.count else {
            throw LandscapeError.invalidInput("the optimizer state has one of Adam's two moments only")
        }
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>? = nil
    ) {
        precondition(parameters.count == gradient.count, "one gradient tensor per parameter tensor")
        if firstMoment.isEmpty {
            firstMoment = zeroTensors(like: parameters)
            secondMoment = zeroTensors(like: parameters)
        }
        step += 1
        let c = AdamCoefficients(
            rate: Double(learningRate), beta1: Double(beta1), beta2: Double(beta2), epsilon: Double(epsilon),
            correction1: Double(1 - Scalar.pow(beta1, Scalar(step))), correction2: Double(1 - Scalar.pow(beta2, Scalar(step))),
            coupledDecay: decoupledWeightDecay ? 0 : Double(weightDecay),
            shrink: Double(decoupledWeightDecay ? 1 - learningRate * weightDecay : 1))
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    firstMoment[i].elements.withUnsafeMutableBufferPointer { m in
                        secondMoment[i].elements.withUnsafeMutableBufferPointer { v in
                            precondition(p.count == g.count && p.count == m.count, "gradient tensor \(i) does not match its parameter")
                            guard p.count > 0 else { return }
                            Adam.apply(p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!, p.count, c)
                        }
                    }
                }
            }
        }
    }

    /// Calls `adamKernel` at the concrete precision, where it is specialized (see `concrete`).
    private static func apply(
        _ p: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>,
        _ v: UnsafeMutablePointer<Scalar>, _ n: Int, _ c: AdamCoefficients
    ) {
        if Scalar.self == Double.self {
            adamKernel(p.concrete(Double.self), g.concrete(Double.self), m.concrete(Double.self), v.concrete(Double.self), n, c)
        } else if Scalar.self == Float.self {
            adamKernel(p.concrete(Float.self), g.concrete(Float.self), m.concrete(Float.self), v.concrete(Float.self), n, c)
        } else {
            adamKernel(p, g, m, v, n, c)
        }
    }
}

private struct AdamCoefficients {
    let rate, beta1, beta2, epsilon: Double
    /// `1 − β₁ᵗ` and `1 − β₂ᵗ`, computed in the optimizer's precision.
    let correction1, correction2: Double
    /// `λ` when the decay is coupled, else 0; `1 − ηλ` when it is decoupled, else 1.
    let coupledDecay, shrink: Double
}

/// One Adam step over `n` elements, as `θ ← shrink·θ − (η/(1 − β₁ᵗ))·m / (√v/√(1 − β₂ᵗ) + ε)`, which is
/// the formula above with the bias corrections taken out of the loop (PyTorch's arrangement), four
/// elements at a time: the square root and the division are what an update costs.
private func adamKernel<U: Real>(
    _ p: UnsafeMutablePointer<U>, _ g: UnsafePointer<U>, _ m: UnsafeMutablePointer<U>, _ v: UnsafeMutablePointer<U>,
    _ n: Int, _ c: AdamCoefficients
) {
    let (b1, b2, eps, decay, shrink) = (U(c.beta1), U(c.beta2), U(c.epsilon), U(c.coupledDecay), U(c.shrink))
    let stepSize = U(c.rate) / U(c.correction1)
    let rootCorrection = U(c.correction2).squareRoot()
    typealias V = SIMD4<U>
    var j = 0
    while j + 4 <= n {
        let pj = UnsafeRawPointer(p + j).loadUnaligned(as: V.self)
        let gj = UnsafeRawPointer(g + j).loadUnaligned(as: V.self) + decay * pj
        let mj = b1 * UnsafeRawPointer(m + j).loadUnaligned(as: V.self) + (1 - b1) * gj
        let vj = b2 * UnsafeRawPointer(v + j).loadUnaligned(as: V.self) + (1 - b2) * gj * gj
        UnsafeMutableRawPointer(m + j).storeBytes(of: mj, as: V.self)
        UnsafeMutableRawPointer(v + j).storeBytes(of: vj, as: V.self)
        let denominator = vj.squareRoot() / rootCorrection + eps
        UnsafeMutableRawPointer(p + j).storeBytes(of: shrink * pj - stepSize * mj / denominator, as: V.self)
        j += 4
    }
    while j < n {
        let gj = g[j] + decay * p[j]
        m[j] = b1 * m[j] + (1 - b1) * gj
        v[j] = b2 * v[j] + (1 - b2) * gj * gj
        p[j] = shrink * p[j] - stepSize * m[j] / (v[j].squareRoot() / rootCorrection + eps)
        j += 1
    }
}
