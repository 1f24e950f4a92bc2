/// An update rule: new parameters from the current ones and their gradient. Optimizers are clients
/// of the autodiff — they see parameter tensors, gradients and, when they ask for it, the Hessian —
/// and keep their own state (velocities, moment estimates, step counts).
///
/// The same optimizer serves a network (one tensor per weight and bias) and a 2-D surface (one
/// `1 × 1` tensor per coordinate).
public protocol Optimizer<Scalar> {
    associatedtype Scalar: Real

    /// True when `update` needs `hessian`: the caller must then supply Hessian-vector products of
    /// the objective at the current parameters (Newton's method). First-order rules leave it false.
    var needsHessian: Bool { get }

    /// The point at which `update` wants the gradient, when it is not `parameters` themselves: the
    /// caller then evaluates the same objective (the same mini-batch) there and hands `update` that
    /// gradient in place of `gradient`, still with the current parameters. Sharpness-aware rules
    /// ascend to `θ + ε`; every other rule returns nil, and `gradient` is the one at `θ`.
    func ascent(from parameters: [Matrix<Scalar>], gradient: [Matrix<Scalar>]) -> [Matrix<Scalar>]?

    /// Applies one step with learning rate `learningRate`. `gradient` is the gradient at the point
    /// `ascent` returned, or at `parameters` when it returned nil. `hessian` is the Hessian of the
    /// same objective at `parameters`, when `needsHessian`; nil otherwise.
    ///
    /// Throws `LandscapeError.invalidInput` when the step cannot be taken as asked (Newton without
    /// a Hessian, or on more parameters than a dense Hessian can hold).
    mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>?
    ) throws

    /// One line on what the optimizer did beyond its formula (Newton's damping), or nil; it does not
    /// repeat the optimizer's name, which the caller shows.
    var report: String? { get }

    /// Everything the next step depends on besides the hyperparameters, for checkpoints.
    var state: OptimizerState { get }

    /// Continues from a saved `state`; `parameters` give the shapes its buffers must have.
    mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws
}

extension Optimizer {
    public var needsHessian: Bool { false }
    public func ascent(from parameters: [Matrix<Scalar>], gradient: [Matrix<Scalar>]) -> [Matrix<Scalar>]? { nil }
    public var report: String? { nil }
    public var state: OptimizerState { OptimizerState() }
    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {}
}

/// Zero tensors of the shapes of `parameters`: the initial state of moment and velocity buffers.
func zeroTensors<T: Real>(like parameters: [Matrix<T>]) -> [Matrix<T>] {
    parameters.map { Matrix(rows: $0.rows, cols: $0.cols) }
}

// Update loops are generic over the precision, but a generic loop that the compiler has not
// specialized calls every arithmetic operation through the `Real` witness table, which makes an
// update on a long parameter vector several times slower than the gradient that fed it (debug
// builds compile each file on its own, so a call from another file is never specialized). Each
// optimizer therefore keeps its per-element kernel as a file-scope generic function (a member of the
// generic optimizer type would stay generic over the type's own parameter) and calls it with
// concrete `Double` or `Float` pointers from the same file, where the compiler specializes it.
// These reinterpret a pointer as one to the same type under its concrete name.
extension UnsafeMutablePointer where Pointee: Real {
    /// This pointer as `UnsafeMutablePointer<U>`; `U` must be `Pointee`.
    func concrete<U: Real>(_: U.Type) -> UnsafeMutablePointer<U> {
        precondition(Pointee.self == U.self, "reinterpreting \(Pointee.self) as \(U.self)")
        return UnsafeMutableRawPointer(self).assumingMemoryBound(to: U.self)
    }
}

extension UnsafePointer where Pointee: Real {
    /// This pointer as `UnsafePointer<U>`; `U` must be `Pointee`.
    func concrete<U: Real>(_: U.Type) -> UnsafePointer<U> {
        precondition(Pointee.self == U.self, "reinterpreting \(Pointee.self) as \(U.self)")
        return UnsafeRawPointer(self).assumingMemoryBound(to: U.self)
    }
}
