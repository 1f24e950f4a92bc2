/// A model and the rows it is probed on, in a precision chosen at run time: the loss, its
/// gradient, exact Hessian-vector products and every probe built on them, with results in
/// `Double` whatever the precision the products ran in.
///
/// Opening a session checks that the rows fit the model and that the loss is finite in that
/// precision, so that every probe's result means something; a probe whose result is not finite
/// although the loss is (weights or data so large that the products derivatives are made of
/// overflow) throws rather than answer NaN.
///
/// ```swift
/// let session = try ProbeSession(model: try Model.load("iris.json"), data: try Dataset.load("datasets/iris.csv"),
///                                precision: .float64, name: "iris.json")
/// let top = try session.eigenvalues(Lanczos(count: 3))
/// ```
public struct ProbeSession: Sendable {
    public let model: Model
    public let data: Dataset
    public let precision: Precision
    /// The model's name (its file, say), for messages.
    public let name: String
    /// Mean loss and accuracy on the rows, in the session's precision.
    public let evaluation: Evaluation

    private let network: any PrecisionNetwork

    public init(model: Model, data: Dataset, precision: Precision, name: String = "the model") throws {
        self.model = model
        self.data = data
        self.precision = precision
        self.name = name
        network = switch precision {
        case .float32: NetworkInPrecision<Float>(network: model.network.converted(), batch: try model.batch(for: data))
        case .float64: NetworkInPrecision<Double>(network: model.network, batch: try model.batch(for: data))
        }
        evaluation = network.measure(Evaluate())
        guard evaluation.loss.isFinite else {
            throw LandscapeError.invalidInput(
                "\(name): the loss on \(data.source) is \(evaluation.loss.isNaN ? "NaN" : "infinite") in \(precision.rawValue): the weights, the input transform or the data are too large")
        }
    }

    /// The number of weights and biases: the order of the Hessian.
    public var parameterCount: Int { model.architecture.parameterCount }

    /// Runs `measure` on the network and the rows in the session's precision.
    public func measure<M: NetworkMeasure>(_ measure: M) -> M.Result { network.measure(measure) }

    /// The gradient of the mean loss with respect to every weight and bias, in flat order.
    public func gradient() throws -> Gradient {
        try requireFinite(measure(GradientMeasure()), "the gradient") { $0.values + [$0.norm] }
    }

    /// `H v`, exactly (forward-over-reverse), for `v` in flat order.
    public func hessianVectorProduct(_ v: [Double]) throws -> HessianVectorProduct {
        precondition(v.count == parameterCount, "a vector of \(v.count) entries for \(parameterCount) parameters")
        return try requireFinite(measure(ProductMeasure(vector: v)), "H v") { $0.product }
    }

    /// The dense Hessian, one exact product per parameter, and its whole spectrum; for models of at
    /// most `HessianOperator.denseLimit` parameters.
    public func hessian() throws -> HessianSpectrum {
        HessianSpectrum(matrix: try hessianMatrix())
    }

    /// The dense Hessian alone, checked as `hessian()` checks it, for callers that decompose it
    /// their own way (with eigenvectors, say).
    public func hessianMatrix() throws -> Matrix<Double> {
        let n = parameterCount
        guard n <= HessianOperator<Double>.denseLimit else {
            throw LandscapeError.invalidInput(
                "the exact Hessian of \(n) parameters would take \(String(Double(n) * Double(n) * 8 / 1_073_741_824).prefix(5)) GiB; at most \(HessianOperator<Double>.denseLimit) parameters are held (find the top eigenvalues by Lanczos, or the spectrum's density, instead)")
        }
        let matrix = measure(DenseHessian())
        guard matrix.elements.allSatisfy(\.isFinite) else {
            throw LandscapeError.invalidInput("\(name): the Hessian has non-finite entries: the loss overflows at these weights")
        }
        return matrix
    }

    /// Eigenpairs at one end of the Hessian's spectrum by `solver`, from `start` (flat order) or its
    /// own seeded vector; the eigenvectors are returned in `Double`.
    public func eigenvalues(_ solver: some EigenSolver, start: [Double]? = nil) throws -> EigenEstimate<Double> {
        try requireFinite(measure(EigenMeasure(solver: solver, start: start)), "the Hessian's eigenvalues") { $0.eigenvalues + $0.residuals }
    }

    /// The Hessian's trace by Hutchinson's estimator.
    public func trace(_ estimator: HutchinsonTrace) throws -> TraceEstimate {
        try requireFinite(measure(TraceMeasure(estimator: estimator)), "the Hessian's trace") { [$0.trace, $0.standardError] }
    }

    /// The Hessian's spectral density by stochastic Lanczos quadrature.
    public func density(probes: Int, steps: Int, seed: UInt64) throws -> SpectralDensity {
        try requireFinite(measure(DensityMeasure(probes: probes, steps: steps, seed: seed)), "the Hessian's spectrum") { $0.nodes + $0.weights }
    }

    /// Keskar et al.'s ε-sharpness.
    public func epsilonSharpness(_ measure: EpsilonSharpness) throws -> EpsilonSharpness.Result {
        try requireFinite(self.measure(measure), "the ε-sharpness") { [$0.sharpness, $0.maximumLoss] }
    }

    /// `result` when the numbers `values` picks from it are finite; otherwise an error naming `what`.
    private func requireFinite<R>(_ result: R, _ what: String, _ values: (R) -> [Double]) throws -> R {
        guard values(result).allSatisfy(\.isFinite) else {
            throw LandscapeError.invalidInput(
                "\(name): \(what) on \(data.source) is not finite: the weights, the input transform or the data are too large for its derivatives")
        }
        return result
    }
}

/// A network and its rows in one precision, behind the session's precision-free interface.
private protocol PrecisionNetwork: Sendable {
    func measure<M: NetworkMeasure>(_ measure: M) -> M.Result
}

private struct NetworkInPrecision<T: Real>: PrecisionNetwork {
    let network: Network<T>
    let batch: Batch<T>

    func measure<M: NetworkMeasure>(_ measure: M) -> M.Result { measure.measure(network, on: batch) }
}

// MARK: Results

/// The gradient of the mean loss: its flat values and its norm.
public struct Gradient: Sendable {
    /// The mean loss the gradient is of.
    public var loss: Double
    /// `∂loss/∂θ` in flat order.
    public var values: [Double]
    /// `‖∂loss/∂θ‖`, summed in the session's precision.
    public var norm: Double
}

/// `H v` for one vector `v`, with the numbers people read off it.
public struct HessianVectorProduct: Sendable {
    /// The mean loss at the parameters.
    public var loss: Double
    public var vector: [Double]
    /// `H v` in flat order.
    public var product: [Double]

    /// `vᵀ H v`: the curvature along `v`, times `‖v‖²`.
    public var curvature: Double { zip(vector, product).reduce(0) { $0 + $1.0 * $1.1 } }
    public var productNorm: Double { product.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    public var vectorNorm: Double { vector.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

/// The dense Hessian and everything read off it: the eigenvalues (largest first), trace,
/// Frobenius norm, how many eigenvalues are negative, and how far rounding left `H` from
/// symmetric.
public struct HessianSpectrum: Sendable {
    /// `H`, as the products gave its columns.
    public let matrix: Matrix<Double>
    public let eigenvalues: [Double]

    init(matrix: Matrix<Double>) {
        self.matrix = matrix
        eigenvalues = SymmetricEigendecomposition(matrix: matrix.elements, n: matrix.rows, computeVectors: false).eigenvalues
    }

    public var trace: Double { (0..<matrix.rows).reduce(0.0) { $0 + matrix[$1, $1] } }
    public var frobenius: Double { matrix.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    public var negativeCount: Int { eigenvalues.filter { $0 < 0 }.count }

    /// `max |H − Hᵀ|` over the entries.
    public var asymmetry: Double {
        var largest = 0.0
        for i in 0..<matrix.rows { for j in 0..<i { largest = max(largest, Swift.abs(matrix[i, j] - matrix[j, i])) } }
        return largest
    }
}

// MARK: Measures

private struct Evaluate: NetworkMeasure {
    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> Evaluation { network.evaluate(batch) }
}

private struct GradientMeasure: NetworkMeasure {
    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> Gradient {
        let (loss, gradient) = network.lossAndGradient(on: batch)
        let flat = flatten(gradient)
        return Gradient(loss: Double(loss), values: flat.map(Double.init), norm: FlatVector.norm(flat))
    }
}

private struct ProductMeasure: NetworkMeasure {
    let vector: [Double]

    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> HessianVectorProduct {
        let (loss, hessian) = network.lossAndHessian(on: batch)
        return HessianVectorProduct(loss: Double(loss), vector: vector, product: hessian.apply(vector.map { T($0) }).map(Double.init))
    }
}

private struct DenseHessian: NetworkMeasure {
    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> Matrix<Double> {
        network.lossAndHessian(on: batch).hessian.denseMatrix().converted()
    }
}

private struct EigenMeasure<Solver: EigenSolver>: NetworkMeasure {
    let solver: Solver
    let start: [Double]?

    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> EigenEstimate<Double> {
        let found = solver.run(network.lossAndHessian(on: batch).hessian, start: start.map { $0.map { T($0) } })
        return EigenEstimate(eigenvalues: found.eigenvalues, eigenvectors: found.eigenvectors.map { $0.map(Double.init) },
                             residuals: found.residuals, iterations: found.iterations, products: found.products,
                             converged: found.converged, scale: found.scale)
    }
}

private struct TraceMeasure: NetworkMeasure {
    let estimator: HutchinsonTrace

    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> TraceEstimate {
        estimator.estimate(network.lossAndHessian(on: batch).hessian)
    }
}

private struct DensityMeasure: NetworkMeasure {
    let probes: Int
    let steps: Int
    let seed: UInt64

    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> SpectralDensity {
        SpectralDensity(network.lossAndHessian(on: batch).hessian, probes: probes, steps: steps, seed: seed)
    }
}
