import Testing
import Landscape

@Suite("Network gradients")
struct NetworkGradientTests {
    struct Combination: CustomTestStringConvertible, Sendable {
        let activation: Activation
        let loss: Loss
        var testDescription: String { "\(activation.rawValue) × \(loss.rawValue)" }
    }

    static let combinations = Activation.allCases.flatMap { a in Loss.allCases.map { Combination(activation: a, loss: $0) } }

    func setting(_ c: Combination) -> (Network<Double>, Batch<Double>) {
        let outputs = c.loss == .crossEntropy ? 3 : 2
        let architecture = Architecture(sizes: [4, 6, 5, outputs], activation: c.activation, loss: c.loss)
        return (Network(architecture: architecture, seed: 11), TestData.randomBatch(rows: 9, inputs: 4, outputs: outputs, loss: c.loss, seed: 12))
    }

    @Test("equal central differences in float64 (relative error < 1e-6)", arguments: combinations)
    func float64(c: Combination) {
        let (network, batch) = setting(c)
        let gradient = flatten(network.lossAndGradient(on: batch).gradient)
        let fd = finiteDifferenceGradient(of: { p in
            Network(architecture: network.architecture, flatParameters: p).evaluate(batch).loss
        }, at: network.flatParameters)
        #expect(relativeError(gradient, fd) < 1e-6)
    }

    @Test("in float32 agree with float64", arguments: combinations)
    func float32(c: Combination) {
        let (network, batch) = setting(c)
        let single = network.converted(to: Float.self)
        let batch32 = Batch<Float>(inputs: batch.inputs.converted(), targets: {
            switch batch.targets {
            case .classes(let l): return .classes(l)
            case .values(let v): return .values(v.converted())
            }
        }())
        let g64 = flatten(network.lossAndGradient(on: batch).gradient)
        let (loss32, g32) = single.lossAndGradient(on: batch32)
        #expect(relativeError(Double(loss32), network.evaluate(batch).loss) < 1e-6)
        #expect(relativeError(flatten(g32).map(Double.init), g64) < 1e-5)
    }

    @Test("the Hessian from tangents of the gradient is symmetric and matches differences", arguments: combinations)
    func hessian(c: Combination) {
        let (network, batch) = setting(c)
        let n = network.architecture.parameterCount
        let tape = Tape<Double>()
        let recording = network.record(on: tape, batch)
        let gradient = tape.gradient(of: recording.loss, withRespectTo: recording.parameters)
        var columns: [[Double]] = []
        for i in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[i] = 1
            let seeds = Dictionary(uniqueKeysWithValues: zip(recording.parameters, network.architecture.unflatten(e)))
            columns.append(flatten(tape.tangents(of: gradient, seeds: seeds)))
        }
        var asymmetry = 0.0, scale = 0.0
        for i in 0..<n {
            for j in 0..<n {
                asymmetry = max(asymmetry, abs(columns[i][j] - columns[j][i]))
                scale = max(scale, abs(columns[i][j]))
            }
        }
        #expect(asymmetry <= 1e-13 * max(scale, 1))
        // One column against differences of the gradient.
        let k = n / 2
        let fd = finiteDifferenceHessianProduct(of: network, on: batch, along: unitVector(k, count: n))
        #expect(relativeError(columns[k], fd) < 1e-6)
    }
}
