import Foundation
import Testing
import Landscape

/// "Linear regression has a convex loss surface; neural networks have non-convex loss surfaces":
/// the exact Hessian at random points against the closed forms of the convex cases, and a negative
/// curvature with one hidden layer, confirmed by second differences of the loss.
@Suite("Convexity")
struct ConvexityTests {
    static let iris = try! Dataset.load(TestData.repository.appendingPathComponent("datasets/iris.csv").path)

    static func hessian(_ model: Model, _ data: Dataset, _ precision: Precision) throws -> (matrix: [Double], eigenvalues: [Double]) {
        let spectrum = try ProbeSession(model: model, data: data, precision: precision).hessian()
        return (spectrum.matrix.elements, spectrum.eigenvalues)
    }

    /// Parameter `j` of a layer without hidden units (flat order: weights `o·d + i`, then biases) as
    /// (output, input feature or nil for the bias).
    static func role(_ j: Int, inputs d: Int, outputs k: Int) -> (output: Int, feature: Int?) {
        j < k * d ? (j / d, j % d) : (j - k * d, nil)
    }

    @Test("softmax regression: the Hessian is (1/n) Σ (diag p − p pᵀ) ⊗ x̃ x̃ᵀ, positive semi-definite at random points", arguments: [Precision.float64, .float32])
    func softmaxRegression(precision: Precision) throws {
        let data = Self.iris
        let (d, k) = (4, 3)
        for seed: UInt64 in 1...3 {
            let model = Model(network: Network(architecture: Architecture(sizes: [d, k], activation: .tanh, loss: .crossEntropy), seed: seed, initScale: 2))
            let (matrix, eigenvalues) = try Self.hessian(model, data, precision)
            let n = k * d + k
            var expected = [Double](repeating: 0, count: n * n)
            let parameters = model.network.flatParameters
            for r in 0..<data.count {
                let x = (0..<d).map { data.features[r, $0] }
                let z = (0..<k).map { o in parameters[k * d + o] + (0..<d).reduce(0) { $0 + parameters[o * d + $1] * x[$1] } }
                let top = z.max()!
                let e = z.map { exp($0 - top) }
                let p = e.map { $0 / e.reduce(0, +) }
                for a in 0..<n {
                    let (o, i) = Self.role(a, inputs: d, outputs: k)
                    for b in 0..<n {
                        let (o2, i2) = Self.role(b, inputs: d, outputs: k)
                        let curvature = (o == o2 ? p[o] : 0) - p[o] * p[o2]
                        expected[a * n + b] += curvature * (i.map { x[$0] } ?? 1) * (i2.map { x[$0] } ?? 1) / Double(data.count)
                    }
                }
            }
            let scale = eigenvalues.map(abs).max()!
            let tolerance = precision == .float64 ? 1e-12 : 1e-5
            #expect(zip(matrix, expected).allSatisfy { abs($0 - $1) <= tolerance * scale }, "seed \(seed)")
            #expect(eigenvalues.last! >= -tolerance * scale, "seed \(seed): smallest eigenvalue \(eigenvalues.last!)")
        }
    }

    @Test("linear regression with mse: the same Hessian (2/n) X̃ᵀX̃ at every point", arguments: [Precision.float64, .float32])
    func linearRegression(precision: Precision) throws {
        // Petal width regressed on the other three measurements.
        let table = Self.iris
        let features = Matrix(rows: table.count, cols: 3, elements: (0..<table.count).flatMap { r in (0..<3).map { table.features[r, $0] } })
        let data = Dataset(source: "iris petals", featureNames: ["a", "b", "c"], features: features, labels: (0..<table.count).map { table.features[$0, 3] })
        let d = 3, n = d + 1
        var expected = [Double](repeating: 0, count: n * n)
        for r in 0..<data.count {
            let x = (0..<d).map { data.features[r, $0] } + [1]
            for a in 0..<n { for b in 0..<n { expected[a * n + b] += 2 * x[a] * x[b] / Double(data.count) } }
        }
        let tolerance = precision == .float64 ? 1e-12 : 1e-5
        for seed: UInt64 in 1...3 {
            let model = Model(network: Network(architecture: Architecture(sizes: [d, 1], activation: .tanh, loss: .meanSquaredError), seed: seed, initScale: Double(seed)))
            let (matrix, eigenvalues) = try Self.hessian(model, data, precision)
            let scale = expected.map(abs).max()!
            #expect(zip(matrix, expected).allSatisfy { abs($0 - $1) <= tolerance * scale }, "seed \(seed)")
            #expect(eigenvalues.last! > 0)
        }
    }

    @Test("one hidden layer: negative curvature at random points, confirmed by second differences of the loss along its eigenvector")
    func oneHiddenLayer() throws {
        for seed: UInt64 in 1...4 {
            let model = Model(network: Network(architecture: Architecture(sizes: [4, 8, 3], activation: .tanh, loss: .crossEntropy), seed: seed))
            let session = try ProbeSession(model: model, data: Self.iris, precision: .float64)
            let spectrum = try session.hessian()
            let n = model.architecture.parameterCount
            let decomposition = SymmetricEigendecomposition(matrix: spectrum.matrix.elements, n: n)
            let lambda = decomposition.eigenvalues[n - 1]
            #expect(lambda < -1e-6 * decomposition.eigenvalues[0], "seed \(seed): smallest eigenvalue \(lambda)")
            let v = Array(decomposition.eigenvector(n - 1)), h = 1e-3
            func loss(_ t: Double) throws -> Double {
                var point = model
                point.network = Network(architecture: model.architecture, flatParameters: zip(model.network.flatParameters, v).map { $0 + t * $1 })
                return try ProbeSession(model: point, data: Self.iris, precision: .float64).evaluation.loss
            }
            let second = (try loss(h) + loss(-h) - 2 * loss(0)) / (h * h)
            #expect(second < 0 && abs(second - lambda) < 1e-4 * abs(lambda) + 1e-7, "seed \(seed): \(second) vs λ_min \(lambda)")
        }
    }
}
