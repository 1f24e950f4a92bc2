/// A symmetric linear map `v ↦ A v` on flat vectors, known only through its action: what the
/// iterative eigensolvers, trace and density estimators need of a Hessian.
public protocol SymmetricOperator {
    associatedtype Scalar: Real
    /// The length of the vectors it acts on.
    var dimension: Int { get }
    /// `A v`, for `v` of length `dimension`.
    func apply(_ v: [Scalar]) -> [Scalar]
}
