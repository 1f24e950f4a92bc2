/// `v ↦ H v`, where `H` is the exact Hessian of a recorded objective with respect to its
/// parameters, in the flat order of the parameter tensors (for a network, the flat order of
/// `docs/FORMATS.md#numerical-conventions`).
///
/// A product is the tangent of the recorded gradient when the parameters move along `v`: forward
/// mode over the recorded backward pass (forward-over-reverse, like `jax.linearize` of `jax.grad`),
/// exact, with no finite differences, at about twice the cost of the gradient. The recording is
/// made once, so repeated products (Lanczos, power iteration, Hutchinson, Newton's columns) pay only
/// for the tangent pass. Optimizers take `H` in tensor form, the probes in flat form
/// (`SymmetricOperator`).
public final class HessianOperator<T: Real>: SymmetricOperator {
    /// Shapes of the parameter tensors the products act on.
    public let shapes: [(rows: Int, cols: Int)]
    /// The number of parameters `n`: `H` is `n × n`.
    public let dimension: Int
    /// How many products have been computed.
    public private(set) var applications = 0

    private let product: ([Matrix<T>]) -> [Matrix<T>]

    /// The operator of a function computing `H v` for tensors `v` of `shapes` (a quadratic's matrix,
    /// say, in tests and examples).
    public init(shapes: [(rows: Int, cols: Int)], product: @escaping ([Matrix<T>]) -> [Matrix<T>]) {
        self.shapes = shapes
        self.product = product
        dimension = shapes.reduce(0) { $0 + $1.rows * $1.cols }
    }

    /// The Hessian of the `1 × 1` value whose gradient with respect to `leaves` was recorded on
    /// `tape` as `gradient` (by `Tape.gradient(of:withRespectTo:)`). The tape must stay as it is
    /// while the operator is used.
    public convenience init(tape: Tape<T>, leaves: [Tape<T>.Variable], gradient: [Tape<T>.Variable]) {
        precondition(leaves.count == gradient.count, "one gradient per leaf")
        self.init(shapes: leaves.map { tape[$0].shape }) { v in
            tape.tangents(of: gradient, seeds: Dictionary(uniqueKeysWithValues: zip(leaves, v)))
        }
    }

    /// `H v`, with `v` given as tensors of `shapes`.
    public func apply(_ v: [Matrix<T>]) -> [Matrix<T>] {
        precondition(v.count == shapes.count && zip(v, shapes).allSatisfy { $0.rows == $1.rows && $0.cols == $1.cols },
                     "direction does not match the parameter shapes")
        applications += 1
        return product(v)
    }

    /// `H v` for a flat vector `v` of `dimension` entries.
    public func apply(_ v: [T]) -> [T] {
        precondition(v.count == dimension, "a vector of \(v.count) entries for \(dimension) parameters")
        var offset = 0
        let tensors = shapes.map { shape -> Matrix<T> in
            let n = shape.rows * shape.cols
            defer { offset += n }
            return Matrix(rows: shape.rows, cols: shape.cols, elements: Array(v[offset..<offset + n]))
        }
        return flatten(apply(tensors))
    }

    /// The dense `n × n` Hessian in flat order, column `j` being `H eⱼ` exactly as computed: `n`
    /// products and `n²` numbers. Rounding leaves it slightly asymmetric; `symmetrized()` removes
    /// that where a factorization needs an exactly symmetric matrix. Callers decide whether `n²`
    /// numbers fit (see `denseLimit`).
    public func denseMatrix() -> Matrix<T> {
        let n = dimension
        var hessian = Matrix<T>(rows: n, cols: n)
        var unit = shapes.map { Matrix<T>(rows: $0.rows, cols: $0.cols) }
        var column = 0
        for (tensor, shape) in shapes.enumerated() {
            for element in 0..<shape.rows * shape.cols {
                unit[tensor].elements[element] = 1
                let hv = flatten(apply(unit))
                unit[tensor].elements[element] = 0
                for row in 0..<n { hessian[row, column] = hv[row] }
                column += 1
            }
        }
        return hessian
    }

    /// The most parameters for which the dense Hessian and its eigendecomposition are offered: the
    /// matrix and its work copy take `2·8·n²` bytes (256 MiB at this size) and the decomposition
    /// `~2n³` flops.
    public static var denseLimit: Int { 4096 }
}

extension Matrix {
    /// `(A + Aᵀ)/2` of a square matrix: the nearest symmetric matrix.
    public func symmetrized() -> Matrix {
        precondition(rows == cols, "only a square matrix has a symmetric part")
        var result = self
        for i in 0..<rows {
            for j in (i + 1)..<cols {
                let mean = (self[i, j] + self[j, i]) / 2
                result[i, j] = mean
                result[j, i] = mean
            }
        }
        return result
    }
}
