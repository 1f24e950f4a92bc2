/// Gradient clipping by global norm, as PyTorch's `clip_grad_norm_`: when the Euclidean norm of the
/// whole gradient (all tensors together) exceeds `maximumNorm`, every tensor is scaled by
/// `maximumNorm / norm`, which keeps the direction and bounds the step.
public struct GradientClipping: Equatable, Sendable {
    public var maximumNorm: Double

    public init(maximumNorm: Double) {
        precondition(maximumNorm > 0, "clipping norm must be positive")
        self.maximumNorm = maximumNorm
    }

    /// Scales `gradient` in place when its norm exceeds `maximumNorm`; returns the norm before clipping.
    @discardableResult
    public func clip<T: Real>(_ gradient: inout [Matrix<T>]) -> T {
        var squares: T = 0
        for tensor in gradient {
            tensor.elements.withUnsafeBufferPointer { g in
                if let base = g.baseAddress { squares += T.dot(base, base, count: g.count) }
            }
        }
        let norm = squares.squareRoot()
        let limit = T(maximumNorm)
        guard norm > limit else { return norm }
        let factor = limit / norm
        for i in gradient.indices {
            gradient[i].elements.withUnsafeMutableBufferPointer { g in
                guard let base = g.baseAddress else { return }
                if T.self == Double.self {
                    scaleKernel(base.concrete(Double.self), g.count, by: Double(factor))
                } else if T.self == Float.self {
                    scaleKernel(base.concrete(Float.self), g.count, by: Double(factor))
                } else {
                    scaleKernel(base, g.count, by: Double(factor))
                }
            }
        }
        return norm
    }
}

/// `g ← factor·g` over `n` elements, called at concrete types (see `concrete`).
private func scaleKernel<U: Real>(_ g: UnsafeMutablePointer<U>, _ n: Int, by factor: Double) {
    let f = U(factor)
    for j in 0..<n { g[j] *= f }
}
