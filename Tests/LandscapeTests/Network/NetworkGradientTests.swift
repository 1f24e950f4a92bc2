import Foundation
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

@Suite("Network outputs")
struct NetworkOutputTests {
    @Test("outputs are the logits the loss and the accuracy are computed from")
    func logits() throws {
        let architecture = Architecture(sizes: [4, 6, 3], activation: .relu, loss: .crossEntropy)
        let network = Network<Double>(architecture: architecture, seed: 5)
        let batch: Batch<Double> = TestData.randomBatch(rows: 40, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 6)
        let z = network.outputs(batch.inputs)
        #expect(z.rows == 40 && z.cols == 3)
        guard case .classes(let labels) = batch.targets else { return }
        // Cross-entropy by hand: the mean of logsumexp(z) − z[label].
        let loss = (0..<z.rows).reduce(0.0) { total, r in
            let row = (0..<3).map { z[r, $0] }
            let top = row.max()!
            return total + top + log(row.reduce(0) { $0 + exp($1 - top) }) - row[labels[r]]
        } / Double(z.rows)
        let evaluation = network.evaluate(batch)
        #expect(abs(loss - evaluation.loss) < 1e-14)
        let correct = (0..<z.rows).filter { r in (0..<3).max { z[r, $0] < z[r, $1] } == labels[r] }.count
        #expect(Double(correct) / Double(z.rows) == evaluation.accuracy)
    }
}
