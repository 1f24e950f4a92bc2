import Testing
import Landscape

@Suite("Activation matching")
struct ActivationMatchingTests {
    /// Each hidden layer's outputs computed with loops, `h = f(W h_prev + b)`, independently of the tape.
    static func handActivations(_ network: Network<Double>, _ x: Matrix<Double>) -> [[[Double]]] {
        let architecture = network.architecture
        var layers: [[[Double]]] = []
        var h = (0..<x.rows).map { r in (0..<x.cols).map { x[r, $0] } }
        for layer in 0..<architecture.layerCount - 1 {
            let w = network.parameters[2 * layer], b = network.parameters[2 * layer + 1]
            h = h.map { row in (0..<w.rows).map { i in architecture.activation.value((0..<w.cols).reduce(b.elements[i]) { $0 + w[i, $1] * row[$1] }) } }
            layers.append(h)
        }
        return layers
    }

    @Test("hidden activations agree with a forward pass by hand to 1e-12")
    func activations() throws {
        let network = Network<Double>(architecture: Architecture(sizes: [4, 6, 5, 3], activation: .gelu, loss: .crossEntropy), seed: 8)
        let x = try PermutationTests.inputs()
        for (tape, hand) in zip(network.hiddenActivations(x), Self.handActivations(network, x)) {
            for r in 0..<x.rows {
                for i in 0..<tape.cols { #expect(abs(tape[r, i] - hand[r][i]) <= 1e-12 * max(1, abs(hand[r][i]))) }
            }
        }
    }

    @Test("each layer's permutation maximizes the summed inner products of the paired units, as brute force over all permutations does")
    func bruteForce() throws {
        let architecture = Architecture(sizes: [4, 6, 5, 3], activation: .tanh, loss: .crossEntropy)
        let a = Network<Double>(architecture: architecture, seed: 31), b = Network<Double>(architecture: architecture, seed: 32)
        let x = try PermutationTests.inputs()
        let found = try ActivationMatching.permutations(b, to: a, inputs: x)
        for (layer, (za, zb)) in zip(Self.handActivations(a, x), Self.handActivations(b, x)).enumerated() {
            func total(_ p: [Int]) -> Double {
                p.indices.reduce(0.0) { sum, i in sum + za.indices.reduce(0.0) { $0 + za[$1][i] * zb[$1][p[i]] } }
            }
            let best = SymmetryFixtures.allPermutations(found[layer].count).map(total).max()!
            #expect(abs(total(found[layer]) - best) <= 1e-12 * abs(best), "layer \(layer)")
        }
    }
}
