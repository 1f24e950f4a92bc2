import Foundation

/// Newton's method with the exact Hessian: `θ ← θ − η·(H + τI)⁻¹·g`.
///
/// `H` is the dense Hessian of the objective at `θ`, assembled from exact Hessian-vector products
/// (`HessianOperator.denseMatrix`, symmetrized), so Newton needs `n` products and an `n × n` factorization per step
/// and is refused above `maximumParameters`. With `η = 1` and a positive definite `H` the step
/// jumps to the minimum of the local quadratic model: one step on any quadratic bowl, whatever its
/// condition number. Where `H` is not positive definite (near a saddle or a maximum) the raw step
/// would head for that critical point, so the step is regularized: `τ` is raised from `damping`
/// until `H + τI` is positive definite (`CholeskyFactorization`), and the damping used is recorded.
///
/// Weight decay `λ` is the L2 penalty `λ/2·‖θ‖²`: `λθ` is added to the gradient and `λI` to `H`.
public struct Newton<Scalar: Real>: Optimizer {
    /// The largest number of parameters a dense Hessian is built for.
    public static var maximumParameters: Int { 1000 }

    /// The least `τ` added to the diagonal at every step (Levenberg–Marquardt style); 0 by default.
    public var damping: Scalar
    public var weightDecay: Scalar
    /// Steps taken, and how many of them needed more damping than `damping` because `H + damping·I`
    /// was not positive definite.
    public private(set) var steps = 0
    public private(set) var dampedSteps = 0
    /// The damping `τ` of the last step, and the largest used so far.
    public private(set) var lastDamping: Scalar = 0
    public private(set) var largestDamping: Scalar = 0

    public init(damping: Scalar = 0, weightDecay: Scalar = 0) {
        self.damping = damping
        self.weightDecay = weightDecay
    }

    public var needsHessian: Bool { true }

    public var state: OptimizerState {
        OptimizerState(counters: ["steps": steps, "damped_steps": dampedSteps],
                       scalars: ["last_damping": Double(lastDamping), "largest_damping": Double(largestDamping)])
    }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        steps = state.counters["steps"] ?? 0
        dampedSteps = state.counters["damped_steps"] ?? 0
        lastDamping = Scalar(state.scalars["last_damping"] ?? 0)
        largestDamping = Scalar(state.scalars["largest_damping"] ?? 0)
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>?
    ) throws {
        guard let hessian else {
            throw LandscapeError.invalidInput("newton needs the Hessian of the objective, and none was given")
        }
        let n = hessian.dimension
        guard n <= Newton.maximumParameters else {
            throw LandscapeError.invalidInput(
                "newton builds the dense Hessian, and this problem has \(n) parameters (at most \(Newton.maximumParameters)); use a first-order optimizer or a smaller network")
        }
        var matrix = hessian.denseMatrix().symmetrized()
        var g = flatten(gradient)
        let theta = flatten(parameters)
        precondition(g.count == n && theta.count == n, "gradient and parameters do not match the Hessian")
        if weightDecay != 0 {
            for i in 0..<n {
                g[i] += weightDecay * theta[i]
                matrix[i, i] += weightDecay
            }
        }
        // A Hessian that is not finite means the run is blowing up: the step becomes NaN, and the
        // caller sees a non-finite loss next, as with any other diverging optimizer.
        let factor = CholeskyFactorization(matrix, minimumShift: damping)
        let direction = factor?.solve(g) ?? [Scalar](repeating: .nan, count: n)
        var offset = 0
        for i in parameters.indices {
            for j in 0..<parameters[i].count {
                parameters[i].elements[j] -= learningRate * direction[offset + j]
            }
            offset += parameters[i].count
        }
        steps += 1
        if let shift = factor?.shift {
            lastDamping = shift
            largestDamping = max(largestDamping, shift)
            if shift > damping { dampedSteps += 1 }
        }
    }

    /// How often the Hessian needed damping, for the user (a sentence without the optimizer's name).
    public var report: String? {
        guard steps > 0 else { return nil }
        guard dampedSteps > 0 else {
            return damping > 0
                ? "H + \(Newton.short(damping))·I was positive definite at every step; no further damping"
                : "the Hessian was positive definite at every step; no damping"
        }
        return "the Hessian was not positive definite at \(dampedSteps) of \(steps) steps; damping τ up to \(Newton.short(largestDamping)) (last \(Newton.short(lastDamping)))"
    }

    private static func short(_ v: Scalar) -> String { String(format: "%.4g", Double(v)) }
}
