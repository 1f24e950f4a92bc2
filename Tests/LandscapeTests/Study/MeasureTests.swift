import Foundation
import Testing
import Landscape

/// Each measure of a study against its definition computed another way: finite differences of the
/// gradient, a dense eigendecomposition, sums written out here, a linear model whose outputs are
/// known, and fresh Gaussian draws of the PAC-Bayes perturbation.
@Suite("Measures")
struct MeasureTests {
    static let architecture = Architecture(sizes: [4, 5, 3], activation: .tanh, loss: .crossEntropy)
    static let batch: Batch<Double> = TestData.randomBatch(rows: 40, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 3)
    static let initial = Network<Double>(architecture: architecture, seed: 1)
    /// A network away from its initialization, with a positive-definite-ish Hessian.
    static let trained: Network<Double> = {
        var network = initial
        for _ in 0..<300 {
            let gradient = flatten(network.lossAndGradient(on: batch).gradient)
            network = Network(architecture: architecture, flatParameters: zip(network.flatParameters, gradient).map { $0 - 0.5 * $1 })
        }
        return network
    }()

    static func measure(_ m: Measure, _ network: Network<Double> = trained) -> Double? {
        m.value(of: network, initial: initial, on: batch, tolerance: 1e-10)
    }

    @Test("the trace is the sum of the Hessian's diagonal by central differences of the gradient")
    func trace() throws {
        let theta = Self.trained.flatParameters
        func gradient(_ x: [Double]) -> [Double] {
            flatten(Network(architecture: Self.architecture, flatParameters: x).lossAndGradient(on: Self.batch).gradient)
        }
        var diagonal = 0.0
        let h = 1e-5
        for i in theta.indices {
            var plus = theta, minus = theta
            plus[i] += h
            minus[i] -= h
            diagonal += (gradient(plus)[i] - gradient(minus)[i]) / (2 * h)
        }
        let trace = try #require(Self.measure(.trace))
        #expect(abs(trace - diagonal) < 1e-6 * max(1, abs(diagonal)), "\(trace) against \(diagonal)")
    }

    @Test("the sharpness is the top eigenvalue of the dense Hessian")
    func sharpness() throws {
        let dense = Self.trained.lossAndHessian(on: Self.batch).hessian.denseMatrix()
        let top = SymmetricEigendecomposition(matrix: dense.elements, n: dense.rows, computeVectors: false).eigenvalues.max()!
        let sharpness = try #require(Self.measure(.sharpness))
        #expect(relativeError(sharpness, top) < 1e-8, "\(sharpness) against \(top)")
    }

    @Test("the weight norm and the distance from initialization are the sums written out")
    func norms() throws {
        let theta = Self.trained.parameters.flatMap(\.elements), start = Self.initial.parameters.flatMap(\.elements)
        let norm = theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let distance = zip(theta, start).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        #expect(relativeError(try #require(Self.measure(.weightNorm)), norm) < 1e-14)
        #expect(relativeError(try #require(Self.measure(.distanceFromInit)), distance) < 1e-14)
        #expect(Self.measure(.distanceFromInit, Self.initial) == 0)
    }

    @Test("the spectral-norm product multiplies each weight matrix's largest singular value, from a dense eigendecomposition of WᵀW")
    func spectralNormProduct() throws {
        var product = 1.0
        for layer in 0..<Self.architecture.layerCount {
            let w = Self.trained.parameters[2 * layer]
            var gram = [Double](repeating: 0, count: w.cols * w.cols)
            for i in 0..<w.cols {
                for j in 0..<w.cols {
                    gram[i * w.cols + j] = (0..<w.rows).reduce(0) { $0 + w[$1, i] * w[$1, j] }
                }
            }
            product *= SymmetricEigendecomposition(matrix: gram, n: w.cols, computeVectors: false).eigenvalues.max()!.squareRoot()
        }
        #expect(relativeError(try #require(Self.measure(.spectralNormProduct)), product) < 1e-10)
    }

    @Test("the margin is the 10th percentile of z_y − max_{j≠y} z_j, on a linear model whose logits are the inputs")
    func margin() throws {
        // No hidden layer, W = I, b = 0: the logits are the rows themselves.
        let architecture = Architecture(sizes: [3, 3], activation: .tanh, loss: .crossEntropy)
        let identity = Matrix<Double>(rows: 3, cols: 3, elements: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        let network = Network(architecture: architecture, parameters: [identity, Matrix(rows: 1, cols: 3, elements: [0, 0, 0])])
        // Margins 2, −1, 0.5, 3, 1 (rows' label logit minus the largest other one).
        let rows: [[Double]] = [[3, 1, 0], [0, 1, 0], [0.5, 0, 1], [0, 4, 1], [1, 0, 2]]
        let labels = [0, 0, 2, 1, 2]
        let batch = Batch(inputs: Matrix(rows: 5, cols: 3, elements: rows.flatMap { $0 }), targets: .classes(labels))
        // Sorted −1, 0.5, 1, 2, 3; the 10th percentile lies 0.4 of the way from −1 to 0.5.
        let margin = try #require(Measure.margin.value(of: network, initial: network, on: batch, tolerance: 1e-10))
        #expect(abs(margin - (-1 + 0.4 * 1.5)) < 1e-15)
        let regression: Batch<Double> = TestData.randomBatch(rows: 5, inputs: 3, outputs: 3, loss: .meanSquaredError, seed: 1)
        #expect(Measure.margin.value(of: network, initial: network, on: regression, tolerance: 1e-10) == nil)
    }

    @Test("the PAC-Bayes σ keeps the accuracy drop within 0.1, and twice it does not, on fresh Gaussian draws", arguments: [false, true])
    func pacBayes(magnitudeAware: Bool) throws {
        let measure: Measure = magnitudeAware ? .pacBayesSigmaMagnitude : .pacBayesSigma
        let sigma = try #require(Self.measure(measure))
        #expect(sigma > 1e-6 && sigma < 10)
        let theta = Self.trained.flatParameters
        let base = try #require(Self.trained.evaluate(Self.batch).accuracy)
        // Box–Muller on a generator of this test's own, 200 draws.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        func drop(_ s: Double) -> Double {
            var total = 0.0
            for _ in 0..<200 {
                let perturbed = theta.map { value -> Double in
                    let z = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
                    let deviation = magnitudeAware ? (s * s * value * value + 1e-6).squareRoot() : s
                    return value + deviation * z
                }
                total += Network(architecture: Self.architecture, flatParameters: perturbed).evaluate(Self.batch).accuracy!
            }
            return base - total / 200
        }
        #expect(drop(sigma / 2) < 0.1, "σ = \(sigma)")
        #expect(drop(2 * sigma) > 0.1, "σ = \(sigma)")
    }

    @Test("ε-sharpness is Keskar et al.'s metric at ε = 10⁻³ (checked against its definition in EpsilonSharpnessTests)")
    func epsilonSharpness() throws {
        let value = try #require(Self.measure(.epsilonSharpness))
        #expect(value == EpsilonSharpness(epsilon: 1e-3).measure(Self.trained, on: Self.batch).sharpness)
        #expect(value > 0)
    }
}
