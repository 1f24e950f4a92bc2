/// Extreme eigenvalues of a symmetric operator by power iteration, the method PyHessian uses for
/// the top Hessian eigenvalue: `v₀` unit; repeat `w = A v`, `λ = v·w`, `v = w/‖w‖`.
///
/// Simple and cheap per step, but its error shrinks like `(λ₂/λ₁)ᵏ`, so on a cluster of eigenvalues
/// it can stall far from the answer while `λ` looks steady — which is why each step's residual
/// `‖A v − λ v‖` (free: it uses the same product) is checked against `tolerance·‖A‖` and reported.
///
/// Power iteration finds the eigenvalue of largest magnitude. When that lies at the other end of
/// the spectrum than asked, the run is repeated on `A − λ I`, whose dominant eigenvalue is then the
/// wanted one. Further eigenpairs come from deflation (iterating orthogonally to those found) on
/// `A ∓ ‖A‖ I`, shifted so that the wanted end stays dominant.
public struct PowerIteration: Sendable {
    /// How many eigenvalues to find.
    public var count: Int
    /// Which end of the spectrum to find.
    public var end: SpectrumEnd
    /// A pair has converged when `‖A v − λ v‖ ≤ tolerance·‖A‖` (`‖A‖` estimated by the largest |λ|).
    public var tolerance: Double
    /// The most steps for each eigenpair.
    public var maxIterations: Int
    /// Seeds the random starting vectors.
    public var seed: UInt64

    public init(count: Int = 1, end: SpectrumEnd = .largest, tolerance: Double = 1e-6, maxIterations: Int = 1000, seed: UInt64 = 0) {
        precondition(count >= 1 && maxIterations >= 1 && tolerance >= 0, "power iteration needs count ≥ 1, maxIterations ≥ 1, tolerance ≥ 0")
        self.count = count
        self.end = end
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// The `count` eigenpairs of `op` at `end`; the first run starts from `start` if given (and not zero).
    public func run<Op: SymmetricOperator>(_ op: Op, start: [Op.Scalar]? = nil) -> EigenEstimate<Op.Scalar> {
        typealias T = Op.Scalar
        let n = op.dimension
        var random = RandomSource(seed: seed, stream: .probe)
        let given = start.flatMap { FlatVector.norm($0) > 0 ? $0 : nil }
        let firstStart: [T] = given ?? FlatVector.gaussian(n, &random)
        var found: [(value: Double, vector: [T], residual: Double, converged: Bool)] = []
        var steps = 0
        var scale = 0.0

        /// One eigenpair of `A − shift·I`, deflated against `found`.
        func iterate(from v0: [T], shift: Double) -> (value: Double, vector: [T], residual: Double, converged: Bool) {
            let deflated = found.map(\.vector)
            var v = FlatVector.orthogonalized(v0, against: deflated)
            v = FlatVector.scaled(v, by: 1 / FlatVector.norm(v))
            var last = (value: 0.0, vector: v, residual: Double.infinity, converged: false)
            for _ in 0..<maxIterations {
                let av = op.apply(v)
                steps += 1
                let lambda = FlatVector.dot(v, av)
                var w = av
                FlatVector.axpy(-lambda, v, &w)
                let residual = FlatVector.norm(w)
                scale = max(scale, Swift.abs(lambda))
                last = (lambda, v, residual, residual <= tolerance * scale)
                if last.converged { break }
                // w = (A − shift I) v, deflated: w = av − shift·v, minus its parts along found vectors.
                w = av
                if shift != 0 { FlatVector.axpy(-shift, v, &w) }
                if !deflated.isEmpty { w = FlatVector.orthogonalized(w, against: deflated) }
                let norm = FlatVector.norm(w)
                guard norm > 0, norm.isFinite else { break }
                v = FlatVector.scaled(w, by: 1 / norm)
            }
            return last
        }

        var first = iterate(from: firstStart, shift: 0)
        let wrongEnd = end == .largest ? first.value < 0 : first.value > 0
        let shift: Double
        if wrongEnd {
            // The dominant eigenvalue is at the other end: A − λ I has the wanted end dominant.
            shift = first.value
            first = iterate(from: firstStart, shift: shift)
        } else {
            // |λ| ≈ ‖A‖: A + ‖A‖ I (largest) or A − ‖A‖ I (smallest) keeps the wanted end dominant.
            shift = end == .largest ? -Swift.abs(first.value) : Swift.abs(first.value)
        }
        found.append(first)
        for _ in 1..<min(count, n) {
            found.append(iterate(from: FlatVector.gaussian(n, &random), shift: shift))
        }
        found.sort { $0.value > $1.value }
        return EigenEstimate(
            eigenvalues: found.map(\.value), eigenvectors: found.map(\.vector), residuals: found.map(\.residual),
            iterations: steps, products: steps,
            converged: found.allSatisfy { $0.residual <= tolerance * scale }, scale: scale)
    }
}
