import Foundation
import Testing
import Landscape

/// The critical-point search on networks, checked against what is known without it: the least
/// squares solution, a saddle planted at zero weights, softmax's flat directions, and the index
/// recounted from a finite-difference Hessian.
@Suite("Critical points of networks")
struct NetworkCriticalPointTests {
    /// `n` rows of `d` Gaussian features with labels from `label`.
    static func data(rows n: Int, features d: Int, seed: UInt64, label: ([Double], inout RandomSource) -> Double) throws -> Dataset {
        var random = RandomSource(seed: seed, stream: .data)
        var features: [Double] = [], labels: [Double] = []
        for _ in 0..<n {
            let x = (0..<d).map { _ in random.normal() }
            features += x
            labels.append(label(x, &random))
        }
        return Dataset(source: "synthetic", featureNames: (0..<d).map { "x\($0)" }, features: Matrix(rows: n, cols: d, elements: features), labels: labels)
    }

    /// The Hessian by central differences of the exact gradient, symmetrized.
    static func finiteDifferenceHessian(_ model: Model, at parameters: [Double], data: Dataset, step h: Double = 1e-5) throws -> [Double] {
        let n = parameters.count
        func gradient(_ p: [Double]) throws -> [Double] {
            var point = model
            point.network = Network(architecture: model.architecture, flatParameters: p)
            return try ProbeSession(model: point, data: data, precision: .float64).gradient().values
        }
        var columns: [[Double]] = []
        for j in 0..<n {
            var plus = parameters, minus = parameters
            plus[j] += h
            minus[j] -= h
            let (a, b) = (try gradient(plus), try gradient(minus))
            columns.append((0..<n).map { (a[$0] - b[$0]) / (2 * h) })
        }
        return (0..<n * n).map { k in (columns[k / n][k % n] + columns[k % n][k / n]) / 2 }
    }

    @Test("linear regression: the search ends at the least-squares solution of the normal equations, index 0")
    func leastSquares() throws {
        let data = try Self.data(rows: 40, features: 2, seed: 3) { x, random in 1.5 * x[0] - 0.7 * x[1] + 0.3 + 0.2 * random.normal() }
        let model = Model(network: Network(architecture: Architecture(sizes: [2, 1], activation: .tanh, loss: .meanSquaredError), seed: 1))
        let point = try NetworkCriticalPointSearch().search(from: model.network.flatParameters, model: model, data: data)
        // Normal equations (X̃ᵀX̃) w = X̃ᵀy with X̃ = [x, 1], solved by Cramer's rule.
        var a = [[Double]](repeating: [0, 0, 0], count: 3), b = [0.0, 0, 0]
        for r in 0..<data.count {
            let row = [data.features[r, 0], data.features[r, 1], 1]
            for i in 0..<3 {
                b[i] += row[i] * data.labels[r]
                for j in 0..<3 { a[i][j] += row[i] * row[j] }
            }
        }
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let solution = (0..<3).map { k in det(a.enumerated().map { i, row in row.enumerated().map { j, v in j == k ? b[i] : v } }) / det(a) }
        #expect(point.converged && point.gradientNorm <= 1e-9)
        for (found, expected) in zip(point.parameters, solution) { #expect(abs(found - expected) < 1e-10, "\(point.parameters) vs \(solution)") }
        #expect(point.index == 0 && point.zeroCount == 0 && point.iterations <= 3)
    }

    @Test("a saddle planted at zero weights (W₁ = W₂ = 0, b₂ = the mean target) is found from near it, and its index is that of a finite-difference Hessian")
    func plantedSaddle() throws {
        let data = try Self.data(rows: 30, features: 2, seed: 4) { x, _ in sin(2 * x[0]) + x[1] * x[1] }
        let architecture = Architecture(sizes: [2, 3, 1], activation: .tanh, loss: .meanSquaredError)
        let model = Model(network: Network(architecture: architecture, seed: 1))
        let mean = data.labels.reduce(0, +) / Double(data.count)
        var planted = [Double](repeating: 0, count: architecture.parameterCount)
        planted[planted.count - 1] = mean
        var random = RandomSource(seed: 9, stream: .data)
        let start = planted.map { $0 + 1e-3 * random.normal() }
        let point = try NetworkCriticalPointSearch().search(from: start, model: model, data: data)
        #expect(point.converged)
        let distance = zip(point.parameters, planted).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
        #expect(distance < 1e-2, "ended \(distance) from the planted saddle")
        let reference = SymmetricEigendecomposition(
            matrix: try Self.finiteDifferenceHessian(model, at: point.parameters, data: data), n: architecture.parameterCount, computeVectors: false)
        // Central differences are good to about 1e-8 here; the counts ignore smaller eigenvalues.
        let negative = reference.eigenvalues.filter { $0 < -1e-6 }.count
        #expect(negative > 0 && point.negativeCount == negative, "\(point.eigenvalues) vs \(reference.eigenvalues)")
        for (exact, differenced) in zip(point.eigenvalues, reference.eigenvalues) { #expect(abs(exact - differenced) < 1e-6) }
    }

    @Test("softmax regression on overlapping classes: a minimum whose zero eigenvalues are the d + 1 shifts of every logit")
    func softmaxShifts() throws {
        let data = try Self.data(rows: 60, features: 3, seed: 5) { x, random in Double((x[0] + 0.8 * random.normal() > 0 ? 1 : 0) + (x[1] > 0.5 ? 1 : 0)) }
        let model = Model(network: Network(architecture: Architecture(sizes: [3, 3], activation: .tanh, loss: .crossEntropy), seed: 2))
        let point = try NetworkCriticalPointSearch().search(from: model.network.flatParameters, model: model, data: data)
        #expect(point.converged)
        // Adding the same vector to every class's weights and the same number to every bias leaves
        // softmax unchanged: 3 + 1 flat directions; every other curvature is positive (convex loss).
        #expect(point.zeroCount == 4 && point.negativeCount == 0 && point.index == 0, "\(point.eigenvalues)")
    }

    @Test("separable classes have no critical point: the loss and its gradient fall together, and the search does not call it critical")
    func separable() throws {
        let data = try Self.data(rows: 20, features: 2, seed: 6) { x, _ in x[0] > 0 ? 1 : 0 }
        let model = Model(network: Network(architecture: Architecture(sizes: [2, 2], activation: .tanh, loss: .crossEntropy), seed: 2))
        let point = try NetworkCriticalPointSearch(iterations: 30).search(from: model.network.flatParameters, model: model, data: data)
        #expect(!point.converged && point.kind == .notCritical)
        #expect(point.loss < 1e-3 && point.gradientNorm > 1e-8 * point.loss, "loss \(point.loss), gradient \(point.gradientNorm)")
    }
}
