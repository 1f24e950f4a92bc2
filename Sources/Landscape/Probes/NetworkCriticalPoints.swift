/// A critical point of a network's loss, as `NetworkCriticalPointSearch` left it: where it is, its
/// loss and gradient norm, and the exact Hessian's spectrum there.
public struct NetworkCriticalPoint: Sendable {
    /// The weights and biases, in flat order.
    public let parameters: [Double]
    public let loss: Double
    public let gradientNorm: Double
    /// The Hessian's eigenvalues at the point, largest first.
    public let eigenvalues: [Double]
    /// Eigenvalues with `|λ| ≤ zeroTolerance` count as zero (flat directions, such as the shift of
    /// every logit by the same amount, which softmax cannot see), the others by their sign.
    public let zeroTolerance: Double
    /// Levenberg–Marquardt iterations taken.
    public let iterations: Int
    /// Whether `‖∇L‖ ≤ tolerance · L` was reached. A search that stalls ends at a minimum of
    /// ‖∇L‖² that is not a critical point (Frye et al. 2021 call these gradient-flat regions), and
    /// one on separable classes follows the loss down towards 0 at infinity, where ‖∇L‖ shrinks
    /// with L; such points are reported, not counted as critical.
    public let converged: Bool

    public var negativeCount: Int { eigenvalues.filter { $0 < -zeroTolerance }.count }
    public var zeroCount: Int { eigenvalues.filter { Swift.abs($0) <= zeroTolerance }.count }
    public var positiveCount: Int { eigenvalues.count - negativeCount - zeroCount }

    /// Dauphin et al. (2014)'s index `α`: the fraction of the Hessian's eigenvalues that are
    /// negative. 0 at a minimum; at a saddle, the share of directions that lead down.
    public var index: Double { Double(negativeCount) / Double(eigenvalues.count) }

    /// What the point is: by the signs of the Hessian's eigenvalues when the search converged. A
    /// minimum may have flat directions (zero eigenvalues), as every softmax network does.
    public enum Kind: String, Sendable, CaseIterable {
        case minimum, saddle, maximum
        case notCritical = "not critical"
    }

    public var kind: Kind {
        guard converged else { return .notCritical }
        return negativeCount == 0 ? .minimum : positiveCount == 0 ? .maximum : .saddle
    }
}

/// Finds critical points of a network's loss, `∇L(θ) = 0`, of any index: minima, saddles and
/// maxima alike, as Dauphin et al. (2014, "Identifying and attacking the saddle point problem in
/// high-dimensional non-convex optimization", §3 and Fig. 1) need to plot the index of critical
/// points against their loss.
///
/// Levenberg–Marquardt on the system `g(θ) = ∇L(θ) = 0`, whose Jacobian is the exact Hessian `H`:
/// each step minimizes `‖g + H Δ‖² + μ‖Δ‖²`, that is `Δ = −(H² + μI)⁻¹ H g`, computed in the
/// Hessian's eigenbasis (`H = Σ λᵢ qᵢ qᵢᵀ`): `Δ = −Σ λᵢ (qᵢᵀg) / (λᵢ² + μ) · qᵢ`. A step is taken
/// when it lowers `‖g‖`, and then `μ` shrinks fourfold (towards Newton's step `−H⁺g`, quadratic
/// convergence near a nondegenerate critical point); otherwise `μ` grows fourfold (towards a short
/// step along `−H g = −∇(½‖g‖²)`, which always lowers `‖g‖` unless `H g = 0`). Unlike Newton's
/// method on `L`, nothing here prefers minima. Directions with `λᵢ = 0` are left alone. The
/// Hessian is dense, so the search is for small networks (`HessianOperator.denseLimit`
/// parameters), and runs in float64: float32 cannot resolve gradients much below 1e-4 of its loss.
public struct NetworkCriticalPointSearch: Sendable {
    /// A point is critical when `‖∇L‖ ≤ tolerance · L`. Relative to the loss, because a
    /// cross-entropy whose classes the network separates has no critical point but a gradient that
    /// vanishes with the loss as the weights grow: there `‖∇L‖ / L` stays bounded away from 0.
    public var tolerance: Double
    /// Most Levenberg–Marquardt iterations (each one Hessian and eigendecomposition).
    public var iterations: Int
    /// Eigenvalues with `|λ| ≤ zeroTolerance · max|λ|` count as zero.
    public var relativeZeroTolerance = 1e-8

    public init(tolerance: Double = 1e-8, iterations: Int = 100) {
        precondition(tolerance > 0 && iterations >= 0, "a search needs a positive tolerance")
        self.tolerance = tolerance
        self.iterations = iterations
    }

    /// `count` starting points around `parameters`: `parameters` itself, then `parameters + radius·z`
    /// with `z` standard normal per parameter, drawn from `seed`.
    public static func starts(around parameters: [Double], count: Int, radius: Double, seed: UInt64) -> [[Double]] {
        var random = RandomSource(seed: seed, stream: .starts)
        return (0..<count).map { s in s == 0 ? parameters : parameters.map { $0 + radius * random.normal() } }
    }

    /// The point reached from each of `starts`, searched in parallel; the first error in start
    /// order is thrown, so that it is the same on any number of threads.
    public func search(from starts: [[Double]], model: Model, data: Dataset) throws -> [NetworkCriticalPoint] {
        var outcomes = [Result<NetworkCriticalPoint, Error>?](repeating: nil, count: starts.count)
        outcomes.withUnsafeMutableBufferPointer { results in
            let results = UnsafeSendable(results)
            WorkerPool.shared.run(tasks: starts.count) { s in
                results.value[s] = Result { try search(from: starts[s], model: model, data: data) }
            }
        }
        return try outcomes.map { try $0!.get() }
    }

    /// The critical point reached from `start` (flat parameters of `model`'s architecture), on the
    /// rows of `data`.
    public func search(from start: [Double], model: Model, data: Dataset) throws -> NetworkCriticalPoint {
        precondition(start.count == model.architecture.parameterCount, "a start of \(start.count) parameters for \(model.architecture.parameterCount)")
        func session(_ parameters: [Double]) throws -> ProbeSession {
            var point = model
            point.network = Network(architecture: model.architecture, flatParameters: parameters)
            return try ProbeSession(model: point, data: data, precision: .float64)
        }
        var parameters = start
        var current = try session(parameters)
        var gradient = try current.gradient()
        var damping: Double?
        var taken = 0
        var stalled = false
        while gradient.norm > tolerance * current.evaluation.loss && taken < iterations && !stalled {
            let n = parameters.count
            let decomposition = SymmetricEigendecomposition(matrix: try current.hessianMatrix().elements, n: n)
            let largest = decomposition.eigenvalues.map(Swift.abs).max() ?? 0
            guard largest > 0 else { stalled = true; break }
            var mu = damping ?? 1e-6 * largest * largest
            let projections = (0..<n).map { k in zip(decomposition.eigenvector(k), gradient.values).reduce(0) { $0 + $1.0 * $1.1 } }
            stalled = true
            // Up to 40 fourfold increases take μ from 1e-6·λ² past 1e18·λ², a step of nothing.
            for _ in 0..<40 {
                var step = [Double](repeating: 0, count: n)
                for k in 0..<n {
                    let lambda = decomposition.eigenvalues[k]
                    let denominator = lambda * lambda + mu
                    guard denominator > 0 else { continue }
                    let coefficient = -lambda * projections[k] / denominator
                    for (i, q) in decomposition.eigenvector(k).enumerated() { step[i] += coefficient * q }
                }
                let trial = zip(parameters, step).map { $0 + $1 }
                if let next = try? session(trial), let nextGradient = try? next.gradient(), nextGradient.norm < gradient.norm {
                    (parameters, current, gradient) = (trial, next, nextGradient)
                    mu /= 4
                    stalled = false
                    break
                }
                mu *= 4
            }
            damping = mu
            taken += 1
        }
        let eigenvalues = try current.hessian().eigenvalues
        let largest = eigenvalues.map(Swift.abs).max() ?? 0
        return NetworkCriticalPoint(parameters: parameters, loss: current.evaluation.loss, gradientNorm: gradient.norm, eigenvalues: eigenvalues,
                                    zeroTolerance: relativeZeroTolerance * largest, iterations: taken, converged: gradient.norm <= tolerance * current.evaluation.loss)
    }
}
