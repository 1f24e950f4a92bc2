import Foundation

/// A number measured on a trained network, as generalization studies compare them (Jiang et al.
/// 2020, "Fantastic Generalization Measures and Where to Find Them"; Keskar et al. 2017). Each is
/// measured on the full training rows in float64, from the final weights θ and, for the distance,
/// the initial weights θ₀ of the same seed.
public enum Measure: String, CaseIterable, Sendable {
    /// `λ_max(∇²L(θ))`: the top Hessian eigenvalue, by Lanczos.
    case sharpness
    /// `tr ∇²L(θ) = Σᵢ eᵢᵀ∇²L eᵢ`, exactly from one Hessian-vector product per parameter up to
    /// `exactTraceLimit` parameters; beyond, Hutchinson's estimate from 100 Rademacher vectors.
    case trace
    /// Keskar et al.'s Metric 2.1 at ε = 10⁻³, in percent (`EpsilonSharpness`).
    case epsilonSharpness = "epsilon_sharpness"
    /// Jiang et al.'s PAC-Bayesian flatness: the largest σ such that perturbing every parameter by
    /// `N(0, σ²)` lowers the training accuracy by at most 0.1, averaged over 16 seeded draws, found by
    /// bisection on log σ. Larger is flatter.
    case pacBayesSigma = "pac_bayes_sigma"
    /// The same with the magnitude-aware perturbation `N(0, σ²θᵢ² + ε²)`, ε = 10⁻³: scale-invariant.
    case pacBayesSigmaMagnitude = "pac_bayes_sigma_magnitude"
    /// `‖θ‖₂` over all weights and biases.
    case weightNorm = "weight_norm"
    /// `‖θ − θ₀‖₂`.
    case distanceFromInit = "distance_from_init"
    /// `∏ₗ ‖Wₗ‖₂`: the product of the weight matrices' largest singular values (biases left out).
    case spectralNormProduct = "spectral_norm_product"
    /// The 10th percentile over the training rows of the output margin `z_y − max_{j≠y} z_j`; none
    /// for mse.
    case margin

    /// What `compare` measures: the sharpness and the weight norm.
    public static let standard: [Measure] = [.sharpness, .weightNorm]

    /// The measure in a few words, for tables and axes.
    public var title: String {
        switch self {
        case .sharpness: "sharpness (top Hessian eigenvalue)"
        case .trace: "Hessian trace"
        case .epsilonSharpness: "ε-sharpness (%)"
        case .pacBayesSigma: "PAC-Bayes σ"
        case .pacBayesSigmaMagnitude: "magnitude-aware PAC-Bayes σ"
        case .weightNorm: "weight norm ‖θ‖"
        case .distanceFromInit: "distance from init ‖θ − θ₀‖"
        case .spectralNormProduct: "product of spectral norms"
        case .margin: "output margin (10th percentile)"
        }
    }

    /// Measures `network` (trained from `initial`) on the training rows `train`; nil where the measure
    /// does not apply. `tolerance` is the Lanczos tolerance of the sharpness.
    public func value(of network: Network<Double>, initial: Network<Double>, on train: Batch<Double>, tolerance: Double) -> Double? {
        switch self {
        case .sharpness:
            return network.sharpness(on: train, tolerance: tolerance).eigenvalues.first
        case .trace:
            let hessian = network.lossAndHessian(on: train).hessian
            guard hessian.dimension > Measure.exactTraceLimit else { return Measure.exactTrace(hessian) }
            return HutchinsonTrace(samples: 100, seed: 0).estimate(hessian).trace
        case .epsilonSharpness:
            return EpsilonSharpness().measure(network, on: train).sharpness
        case .pacBayesSigma:
            return PACBayesFlatness(magnitudeAware: false).sigma(of: network, on: train)
        case .pacBayesSigmaMagnitude:
            return PACBayesFlatness(magnitudeAware: true).sigma(of: network, on: train)
        case .weightNorm:
            return FlatVector.norm(network.flatParameters)
        case .distanceFromInit:
            return network.distance(to: initial)
        case .spectralNormProduct:
            return (0..<network.architecture.layerCount).reduce(1.0) { $0 * Measure.spectralNorm(network.parameters[2 * $1]) }
        case .margin:
            guard case .classes(let labels) = train.targets else { return nil }
            let z = network.outputs(train.inputs)
            let margins = labels.enumerated().map { row, label -> Double in
                let others = (0..<z.cols).filter { $0 != label }.map { z[row, $0] }.max() ?? -.infinity
                return z[row, label] - others
            }.sorted()
            // The 10th percentile, by linear interpolation between order statistics.
            let position = 0.1 * Double(margins.count - 1)
            let low = Int(position.rounded(.down)), high = min(low + 1, margins.count - 1)
            return margins[low] + (position - Double(low)) * (margins[high] - margins[low])
        }
    }

    /// The most parameters whose Hessian trace is summed exactly, one product per diagonal entry.
    public static let exactTraceLimit = 4096

    /// `Σᵢ (H eᵢ)ᵢ`.
    static func exactTrace(_ hessian: HessianOperator<Double>) -> Double {
        var unit = [Double](repeating: 0, count: hessian.dimension)
        var trace = 0.0
        for i in unit.indices {
            unit[i] = 1
            trace += hessian.apply(unit)[i]
            unit[i] = 0
        }
        return trace
    }

    /// The largest singular value of `w`: the square root of the top eigenvalue of `wᵀw`, by power
    /// iteration to 10⁻¹² relative (the Gram matrix is positive semidefinite, so its dominant
    /// eigenvalue is the largest).
    static func spectralNorm(_ w: Matrix<Double>) -> Double {
        let gram = Matrix.product(w, w, transposeA: true)
        let top = PowerIteration(count: 1, tolerance: 1e-12, maxIterations: 10_000).run(DenseSymmetric(matrix: gram))
        return max(top.eigenvalues[0], 0).squareRoot()
    }
}

/// A dense symmetric matrix as an operator.
struct DenseSymmetric: SymmetricOperator {
    let matrix: Matrix<Double>
    var dimension: Int { matrix.rows }
    func apply(_ v: [Double]) -> [Double] {
        Matrix.product(matrix, Matrix(rows: v.count, cols: 1, elements: v)).elements
    }
}

/// Jiang et al. (2020)'s PAC-Bayesian flatness σ: the largest standard deviation of a Gaussian
/// perturbation of the parameters that keeps the mean training accuracy within `drop` of the
/// unperturbed one, over `samples` seeded draws, by `steps` bisection steps on log σ between
/// 10⁻⁶ and 10 (their Section 4 and Appendix; they take the deviation 0.1 of accuracy).
struct PACBayesFlatness {
    var magnitudeAware: Bool
    var drop = 0.1
    var samples = 16
    var steps = 20
    /// The ε of the magnitude-aware form, `N(0, σ²θᵢ² + ε²)`.
    var floor = 1e-3

    func sigma(of network: Network<Double>, on batch: Batch<Double>) -> Double? {
        guard case .classes = batch.targets else { return nil }
        let theta = network.flatParameters
        let tape = Tape<Double>()
        guard let base = network.evaluate(batch, tape: tape).accuracy else { return nil }
        func accuracyDrop(_ sigma: Double) -> Double {
            var random = RandomSource(seed: 0, stream: .probe)
            var total = 0.0
            for _ in 0..<samples {
                let perturbed = theta.map { value -> Double in
                    let deviation = magnitudeAware ? (sigma * sigma * value * value + floor * floor).squareRoot() : sigma
                    return value + deviation * random.normal()
                }
                total += Network(architecture: network.architecture, flatParameters: perturbed).evaluate(batch, tape: tape).accuracy ?? 0
            }
            return base - total / Double(samples)
        }
        var low = Foundation.log(1e-6), high = Foundation.log(10.0)
        guard accuracyDrop(Foundation.exp(low)) <= drop else { return Foundation.exp(low) }
        for _ in 0..<steps {
            let middle = (low + high) / 2
            if accuracyDrop(Foundation.exp(middle)) <= drop { low = middle } else { high = middle }
        }
        return Foundation.exp(low)
    }
}
