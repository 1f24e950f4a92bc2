/// A method that finds eigenpairs at one end of a symmetric operator's spectrum from products
/// alone: `Lanczos` or `PowerIteration`.
public protocol EigenSolver: Sendable {
    /// The eigenpairs of `op`, starting from `start` when given (and not zero).
    func run<Op: SymmetricOperator>(_ op: Op, start: [Op.Scalar]?) -> EigenEstimate<Op.Scalar>
}

extension Lanczos: EigenSolver {}
extension PowerIteration: EigenSolver {}
