/// `v ↦ H v`, where `H` is the exact Hessian of a network's mean loss on a batch with respect to all
/// weights and biases (flat order of SPEC §3).
///
/// The forward pass and the backward pass are recorded on a tape once, at construction, by the
/// network's `lossGradientAndCurvature` recording; each `apply` is then a `Curvature` product,
/// forward mode over that recording — the tangent of the gradient along `v`, i.e.
/// forward-over-reverse, like `jax.linearize` of `jax.grad`. No finite differences are involved,
/// and repeated products (Lanczos, power iteration, Hutchinson) pay only for the tangent pass.
public final class HessianOperator<T: Real>: SymmetricOperator {
    /// The number of parameters `n`: `H` is `n × n`.
    public let dimension: Int
    /// The mean loss at the parameters.
    public let loss: T
    /// The gradient of the mean loss, flat. Computed on first use: the products only need the
    /// backward pass up to the weight gradients, not the weight gradients themselves.
    public private(set) lazy var gradient: [T] = flatten(gradientVariables.map { tape[$0] })
    /// How many products `apply` has computed.
    public private(set) var applications = 0

    private let tape: Tape<T>
    private let gradientVariables: [Tape<T>.Variable]
    private let curvature: Curvature<T>
    private let architecture: Architecture

    /// Records the loss of `network` on `batch` and its gradient on `tape`, which it clears first and
    /// then keeps: passing the tape of an operator that is no longer needed (the previous step of a
    /// loop) reuses its storage instead of allocating anew. That operator must not be used again.
    public init(network: Network<T>, batch: Batch<T>, tape: Tape<T> = Tape()) {
        let recorded = network.recordCurvature(on: batch, tape: tape)
        self.tape = tape
        gradientVariables = recorded.gradient
        curvature = recorded.curvature
        architecture = network.architecture
        dimension = architecture.parameterCount
        loss = recorded.loss
    }

    /// `H v` for a flat vector `v` of `dimension` entries.
    public func apply(_ v: [T]) -> [T] {
        precondition(v.count == dimension, "a vector of \(v.count) entries for \(dimension) parameters")
        applications += 1
        return flatten(curvature.hessianVectorProduct(architecture.unflatten(v)))
    }

    /// The `n × n` Hessian, row-major in `Double`, one column `H eᵢ` per product (so `n` products).
    /// Callers decide whether `n²` numbers fit; see `HessianOperator.denseLimit`.
    public func denseMatrix() -> [Double] {
        let n = dimension
        var h = [Double](repeating: 0, count: n * n)
        var e = [T](repeating: 0, count: n)
        for j in 0..<n {
            e[j] = 1
            let column = apply(e)
            e[j] = 0
            for i in 0..<n { h[i * n + j] = Double(column[i]) }
        }
        return h
    }

    /// The most parameters for which `denseMatrix` and its eigendecomposition are offered: the matrix
    /// and its work copy take `2·8·n²` bytes (256 MiB at this size) and the decomposition `~2n³` flops.
    public static var denseLimit: Int { 4096 }
}
