/// The nonlinearity that follows every layer but the last (`docs/FORMATS.md#numerical-conventions`).
///
/// Each case states its value and first two derivatives side by side; the first derivative drives
/// backpropagation and the second the tangent of backpropagation, i.e. Hessian-vector products.
public enum Activation: String, CaseIterable, Sendable {
    case tanh, relu, sigmoid, gelu, softplus, identity

    /// `f(x)`.
    @inlinable
    public func value<T: Real>(_ x: T) -> T {
        switch self {
        case .tanh: return T.tanh(x)
        case .relu: return x < 0 ? 0 : x
        case .sigmoid: return Activation.logistic(x)
        case .gelu: return x * Activation.normalCDF(x)
        case .softplus: return Swift.max(x, 0) + T.log1p(T.exp(-Swift.abs(x)))
        case .identity: return x
        }
    }

    /// `f′(x)`, given also `y = f(x)`.
    @inlinable
    public func derivative<T: Real>(x: T, y: T) -> T {
        switch self {
        case .tanh: return 1 - y * y
        case .relu: return x > 0 ? 1 : 0
        case .sigmoid: return y * (1 - y)
        case .gelu: return Activation.normalCDF(x) + x * Activation.normalPDF(x)
        case .softplus: return Activation.logistic(x)
        case .identity: return 1
        }
    }

    /// `f″(x)`, given also `y = f(x)`.
    @inlinable
    public func secondDerivative<T: Real>(x: T, y: T) -> T {
        switch self {
        case .tanh: return -2 * y * (1 - y * y)
        case .relu: return 0
        case .sigmoid: return y * (1 - y) * (1 - 2 * y)
        case .gelu: return Activation.normalPDF(x) * (2 - x * x)
        case .softplus:
            let s = Activation.logistic(x)
            return s * (1 - s)
        case .identity: return 0
        }
    }

    /// `1 / (1 + e^−x)`, without overflow for large negative `x`.
    @inlinable
    static func logistic<T: Real>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }

    /// Φ(x), the standard normal distribution function, in its exact erf form.
    @inlinable
    static func normalCDF<T: Real>(_ x: T) -> T {
        (1 + T.erf(x * T(0.70710678118654752440084436210484903928))) / 2
    }

    /// φ(x), the standard normal density.
    @inlinable
    static func normalPDF<T: Real>(_ x: T) -> T {
        T.exp(-x * x / 2) * T(0.39894228040143267793994605993438186848)
    }
}
