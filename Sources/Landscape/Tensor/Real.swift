import Foundation

/// The floating-point types every computation in `landscape` is generic over: `Float` and `Double`.
///
/// Besides the elementary functions, the protocol carries the hot kernels as static requirements.
/// Each conformance implements them with concrete SIMD code, so a kernel runs at full speed even when
/// it is called from generic code that the compiler did not specialize (as in debug builds).
public protocol Real: BinaryFloatingPoint, SIMDScalar, Codable, LosslessStringConvertible, Sendable {
    /// Name used on the command line and in outputs: `float32` or `float64`.
    static var precisionName: String { get }

    static func exp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self

    /// `C = op(A)·op(B)`, or `C += op(A)·op(B)` when `accumulate`; see `MatrixProduct.swift`.
    static func matrixProduct(
        _ a: MatrixOperand<Self>, _ b: MatrixOperand<Self>,
        into c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool)

    /// `y[i] = f(x[i])`; see `ActivationKernels.swift`.
    static func activate(_ f: Activation, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)

    /// `out[i] = g[i]·f′(x[i])`, where `y = f(x)` is passed in because some derivatives are cheaper from it.
    static func activationDerivativeProduct(
        _ f: Activation, x: UnsafePointer<Self>, y: UnsafePointer<Self>, g: UnsafePointer<Self>,
        into out: UnsafeMutablePointer<Self>, count: Int)

    /// `out[i] = ġ[i]·f′(x[i]) + g[i]·f″(x[i])·ẋ[i]`: the tangent of `g·f′(x)`, used by Hessian-vector products.
    static func activationDerivativeProductTangent(
        _ f: Activation, x: UnsafePointer<Self>, y: UnsafePointer<Self>, g: UnsafePointer<Self>,
        xDot: UnsafePointer<Self>, gDot: UnsafePointer<Self>?,
        into out: UnsafeMutablePointer<Self>, count: Int)

    /// `Σ x[i]·y[i]`, summed in a fixed order.
    static func dot(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int) -> Self

    /// `y[i] += a·x[i]`.
    static func axpy(_ a: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int)

    /// `x[i] *= a`.
    static func scale(_ a: Self, _ x: UnsafeMutablePointer<Self>, count: Int)
}

extension Float: Real {
    public static var precisionName: String { "float32" }
    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func expm1(_ x: Float) -> Float { Foundation.expm1(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { Foundation.log1p(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func erf(_ x: Float) -> Float { Foundation.erf(x) }
    @inlinable public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
}

extension Double: Real {
    public static var precisionName: String { "float64" }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { Foundation.expm1(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { Foundation.log1p(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inlinable public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}
