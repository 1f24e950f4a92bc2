/// Second-order information about an objective at the current parameters, for optimizers that ask
/// for it (`Optimizer.needsCurvature`): exact Hessian-vector products, and the dense Hessian built
/// from them column by column for problems small enough to hold it.
///
/// The products come from the autodiff tape (forward over reverse), so they are exact, not finite
/// differences; a network, a surface or any recorded objective provides them the same way.
public struct Curvature<T: Real> {
    /// Shapes of the parameter tensors the products act on.
    public let shapes: [(rows: Int, cols: Int)]
    private let product: ([Matrix<T>]) -> [Matrix<T>]

    /// Curvature from a function computing `H·v` for tensors `v` of the given shapes.
    public init(shapes: [(rows: Int, cols: Int)], hessianVectorProduct: @escaping ([Matrix<T>]) -> [Matrix<T>]) {
        self.shapes = shapes
        self.product = hessianVectorProduct
    }

    /// Curvature of the `1 × 1` value whose gradient with respect to `leaves` was recorded on `tape`
    /// as `gradient` (by `Tape.gradient(of:withRespectTo:)`): `H·v` is the tangent of the gradient
    /// when the leaves move along `v`.
    public init(tape: Tape<T>, leaves: [Tape<T>.Variable], gradient: [Tape<T>.Variable]) {
        precondition(leaves.count == gradient.count, "one gradient per leaf")
        self.init(shapes: leaves.map { tape[$0].shape }) { v in
            tape.tangents(of: gradient, seeds: Dictionary(uniqueKeysWithValues: zip(leaves, v)))
        }
    }

    /// Number of scalar parameters: the order of the Hessian.
    public var parameterCount: Int { shapes.reduce(0) { $0 + $1.rows * $1.cols } }

    /// `H·v`, with `v` given as tensors of `shapes`.
    public func hessianVectorProduct(_ v: [Matrix<T>]) -> [Matrix<T>] {
        precondition(v.count == shapes.count && zip(v, shapes).allSatisfy { $0.rows == $1.rows && $0.cols == $1.cols },
                     "direction does not match the parameter shapes")
        return product(v)
    }

    /// The dense `n × n` Hessian in flat parameter order, one Hessian-vector product per column,
    /// symmetrized as `(H + Hᵀ)/2` to remove rounding asymmetry. Costs `n` products and `n²` storage.
    public func denseHessian() -> Matrix<T> {
        let n = parameterCount
        var hessian = Matrix<T>(rows: n, cols: n)
        var unit = shapes.map { Matrix<T>(rows: $0.rows, cols: $0.cols) }
        var column = 0
        for (tensor, shape) in shapes.enumerated() {
            for element in 0..<shape.rows * shape.cols {
                unit[tensor].elements[element] = 1
                let hv = flatten(product(unit))
                unit[tensor].elements[element] = 0
                for row in 0..<n { hessian[row, column] = hv[row] }
                column += 1
            }
        }
        for i in 0..<n {
            for j in (i + 1)..<n {
                let mean = (hessian[i, j] + hessian[j, i]) / 2
                hessian[i, j] = mean
                hessian[j, i] = mean
            }
        }
        return hessian
    }
}
