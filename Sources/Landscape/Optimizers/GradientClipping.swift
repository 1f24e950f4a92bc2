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
                if let base = g.baseAddress { T.scale(factor, base, count: g.count) }
            }
        }
        return norm
    }
}
