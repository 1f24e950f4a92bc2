/// Eigenpairs of a symmetric operator found by an iterative method, with the evidence for them.
public struct EigenEstimate<T: Real>: Sendable {
    /// The eigenvalues found, largest first (`docs/FORMATS.md#numerical-conventions`), each the Rayleigh quotient `vᵀAv` of its vector.
    public var eigenvalues: [Double]
    /// Unit eigenvectors, in the order of `eigenvalues`.
    public var eigenvectors: [[T]]
    /// `‖A v − λ v‖` for each pair, computed from a product with `v` (not an estimate): Lanczos spends
    /// one more product per pair on it, power iteration has it from its last step.
    public var residuals: [Double]
    /// Iterations of the method: Lanczos steps, or power-iteration steps over all pairs.
    public var iterations: Int
    /// Products with the operator, Lanczos's residual checks included.
    public var products: Int
    /// Whether every residual is within the tolerance: `‖A v − λ v‖ ≤ tol·‖A‖`.
    public var converged: Bool
    /// The estimate of `‖A‖` (the largest |eigenvalue| seen) the tolerance was scaled by.
    public var scale: Double
}

extension EigenEstimate {
    /// Rayleigh quotients and true residuals of unit `vectors`, sorted largest first.
    static func checked<Op: SymmetricOperator>(
        _ vectors: [[T]], of op: Op, tolerance: Double, scale: Double, iterations: Int, products: Int
    ) -> EigenEstimate where Op.Scalar == T {
        var pairs: [(value: Double, vector: [T], residual: Double)] = vectors.map { v in
            let av = op.apply(v)
            let rho = FlatVector.dot(v, av) / FlatVector.dot(v, v)
            var r = av
            FlatVector.axpy(-rho, v, &r)
            return (rho, v, FlatVector.norm(r))
        }
        pairs.sort { $0.value > $1.value }
        let scale = max(scale, pairs.map { Swift.abs($0.value) }.max() ?? 0)
        return EigenEstimate(
            eigenvalues: pairs.map(\.value), eigenvectors: pairs.map(\.vector), residuals: pairs.map(\.residual),
            iterations: iterations, products: products + vectors.count,
            converged: pairs.allSatisfy { $0.residual <= tolerance * scale }, scale: scale)
    }
}
