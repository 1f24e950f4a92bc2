/// Extreme eigenvalues of a symmetric operator by power iteration, the method PyHessian uses for
/// the top Hessian eigenvalue: `v₀` unit; repeat `w = A v`, `λ = v·w`, `v = w/‖w‖`.
///
/// Simple and cheap per step, but its error shrinks like `(λ₂/λ₁)ᵏ`, so on a cluster of eigenvalues
/// it can stall far from the answer while `λ` looks steady — which is why each step's residual
/// `‖A v − λ v‖` (free: it uses the same product) is checked against `tolerance·‖A‖` and reported.
///
/// Power iteration finds the eigenvalue of largest magnitude. Further eigenpairs come from deflation:
/// iterating orthogonally to those found, as PyHessian does, so the contraction is set by the next
/// eigenvalues themselves. When the eigenvalue found lies at the other end of the spectrum than
/// asked (a negative one dominates when the largest are wanted), it is that end's extreme `μ`, an
/// estimate of the spectrum's lower (or upper) end, and the run is repeated on `A − (μ/2) I`, where
/// the wanted end dominates again; the shift is kept for the eigenpairs after it. (Shifting by
/// `‖A‖` instead, which also keeps the wanted end dominant, contracts like `(λ₃ + ‖A‖)/(λ₂ + ‖A‖)`,
/// close to 1.)
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

        /// The iterate before the last one of the latest run, when there was one.
        var previous: [T]?

        /// Converged eigenvectors of the other end than asked, kept out of every later run.
        var avoided: [[T]] = []

        func isAtOtherEnd(_ value: Double) -> Bool { end == .largest ? value < 0 : value > 0 }
        func isBeyond(_ value: Double, _ shift: Double) -> Bool { end == .largest ? value < shift : value > shift }

        /// One eigenpair of `A − shift·I`, deflated against `found` and `avoided`. With `watching`,
        /// the run stops once its Rayleigh quotient has stayed at the other end for a few steps: it is
        /// heading there, and an estimate of that end is all the caller needs of it.
        func iterate(from v0: [T], shift: Double, watching: Bool = false) -> (value: Double, vector: [T], residual: Double, converged: Bool) {
            let deflated = found.map(\.vector) + avoided
            var v = FlatVector.orthogonalized(v0, against: deflated)
            v = FlatVector.scaled(v, by: 1 / FlatVector.norm(v))
            var last = (value: 0.0, vector: v, residual: Double.infinity, converged: false)
            previous = nil
            var stepsAtOtherEnd = 0
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
                stepsAtOtherEnd = watching && isAtOtherEnd(lambda) ? stepsAtOtherEnd + 1 : 0
                if stepsAtOtherEnd == 5 { break }
                // w = (A − shift I) v, deflated: w = av − shift·v, minus its parts along found vectors.
                w = av
                if shift != 0 { FlatVector.axpy(-shift, v, &w) }
                if !deflated.isEmpty { w = FlatVector.orthogonalized(w, against: deflated) }
                let norm = FlatVector.norm(w)
                guard norm > 0, norm.isFinite else { break }
                previous = v
                v = FlatVector.scaled(w, by: 1 / norm)
            }
            return last
        }

        // Power iteration converges to the eigenvalue of largest magnitude of what is left. When that
        // lies at the other end than asked, the run (stopped early) gives an estimate μ of that end's
        // extreme, and a shift by μ/2 makes the wanted end dominant for every eigenvalue of the
        // wanted sign (|λ − μ/2| > |μ/2|) while contracting faster than a full shift by μ. A run that
        // still ends beyond the shift has found the other end (an eigenvalue of the other sign was
        // wanted, or μ was too rough): its value refines μ, its vector is kept out once converged, and
        // the full shift by μ, from a fresh vector, makes the largest (smallest) of what is left
        // dominant.
        var shift = 0.0
        var otherEnd: Double?
        // Each eigenpair after the first starts from the part of the previous run's second-to-last
        // iterate that is orthogonal to the vectors kept out: the run has already amplified the next
        // eigenvectors in it, by the ratios it contracted the others with, so far fewer steps are left
        // than from a random vector, in which a wanted direction is one of n. A run too short to
        // leave such a part starts from a seeded random vector.
        func nextStart() -> [T] {
            if let previous {
                let rest = FlatVector.orthogonalized(previous, against: found.map(\.vector) + avoided)
                if FlatVector.norm(rest) > 1e3 * Double(T.ulpOfOne) { return rest }
            }
            return FlatVector.gaussian(n, &random)
        }
        for k in 0..<min(count, n) {
            let start = k == 0 ? firstStart : nextStart()
            var pair = iterate(from: start, shift: shift, watching: otherEnd == nil)
            if otherEnd == nil, isAtOtherEnd(pair.value) {
                otherEnd = pair.value
                if pair.converged { avoided.append(pair.vector) }
                shift = pair.value / 2
                pair = iterate(from: start, shift: shift)
            }
            while let estimate = otherEnd, isBeyond(pair.value, shift) {
                if pair.converged { avoided.append(pair.vector) }
                let refined = end == .largest ? min(estimate, pair.value) : max(estimate, pair.value)
                guard refined != shift else { break }
                otherEnd = refined
                shift = refined
                pair = iterate(from: FlatVector.gaussian(n, &random), shift: shift)
            }
            found.append(pair)
        }
        found.sort { $0.value > $1.value }
        return EigenEstimate(
            eigenvalues: found.map(\.value), eigenvectors: found.map(\.vector), residuals: found.map(\.residual),
            iterations: steps, products: steps,
            converged: found.allSatisfy { $0.residual <= tolerance * scale }, scale: scale)
    }
}
