import Testing
import Landscape

@Suite("Keskar's ε-sharpness")
struct EpsilonSharpnessTests {
    @Test("for a convex quadratic loss the maximum over the box is the best of its corners")
    func convexQuadratic() {
        // 1-1 identity network with mse: f(w, b) = mean((w x + b − y)²), convex; its maximum over a
        // box is at a vertex, so the four corners are an independent answer.
        let architecture = Architecture(sizes: [1, 1], activation: .identity, loss: .meanSquaredError)
        let network = Network<Double>(architecture: architecture, flatParameters: [0.7, -0.3])
        let batch = Batch<Double>(inputs: Matrix(rows: 4, cols: 1, elements: [-1, 0.5, 2, 3]),
                                  targets: .values(Matrix(rows: 4, cols: 1, elements: [0.1, 0.2, 1.1, 2.5])))
        for epsilon in [1e-3, 0.1, 0.8] {
            let result = EpsilonSharpness(epsilon: epsilon).measure(network, on: batch)
            let base = network.evaluate(batch).loss
            var best = -Double.infinity
            for sw in [-1.0, 1] {
                for sb in [-1.0, 1] {
                    let corner = [0.7 + sw * epsilon * 1.7, -0.3 + sb * epsilon * 1.3]
                    best = max(best, Network(architecture: architecture, flatParameters: corner).evaluate(batch).loss)
                }
            }
            #expect(abs(result.maximumLoss - best) < 1e-12 * best, "ε = \(epsilon)")
            #expect(abs(result.sharpness - 100 * (best - base) / (1 + base)) < 1e-9)
            #expect(result.converged && result.fractionAtBounds == 1)
        }
    }

    @Test("for small ε it is the linear bound 100 Σ |gᵢ| ε (|θᵢ| + 1) / (1 + f)", arguments: SmallSetting.all)
    func linearRegime(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let epsilon = 1e-7
        let (loss, gradient) = network.lossAndGradient(on: batch)
        let linear = zip(flatten(gradient), network.flatParameters).reduce(0.0) { $0 + abs($1.0) * epsilon * (abs($1.1) + 1) }
        let result = EpsilonSharpness(epsilon: epsilon).measure(network, on: batch)
        #expect(abs(result.sharpness - 100 * linear / (1 + loss)) < 1e-4 * result.sharpness)
        #expect(result.loss == loss)
    }

    @Test("the maximizer stays in the box and beats random points of it; larger boxes are sharper")
    func bounded() {
        let (network, batch) = SmallSetting(activation: .tanh, loss: .crossEntropy).make(Double.self)
        let theta = network.flatParameters
        let epsilon = 0.05
        let result = EpsilonSharpness(epsilon: epsilon).measure(network, on: batch)
        #expect(zip(result.perturbation, theta).allSatisfy { abs($0) <= epsilon * (abs($1) + 1) })
        let shifted = Network(architecture: network.architecture, flatParameters: zip(theta, result.perturbation).map { $0 + $1 })
        #expect(shifted.evaluate(batch).loss == result.maximumLoss)
        var random = RandomSource(seed: 8, stream: .noise)
        for _ in 0..<200 {
            let p = theta.map { $0 + epsilon * (abs($0) + 1) * (random.uniform() < 0.5 ? -1 : 1) * random.uniform() }
            #expect(Network(architecture: network.architecture, flatParameters: p).evaluate(batch).loss <= result.maximumLoss)
        }
        let smaller = EpsilonSharpness(epsilon: epsilon / 10).measure(network, on: batch)
        #expect(smaller.sharpness < result.sharpness && smaller.sharpness > 0)
    }

    @Test("float32 agrees with float64")
    func float32() {
        let setting = SmallSetting(activation: .gelu, loss: .crossEntropy)
        let (n64, b64) = setting.make(Double.self)
        let (n32, b32) = setting.make(Float.self)
        let a = EpsilonSharpness().measure(n64, on: b64), b = EpsilonSharpness().measure(n32, on: b32)
        #expect(abs(a.sharpness - b.sharpness) < 1e-3 * a.sharpness)
    }
}
