import Testing
import Landscape

@Suite("Initialization")
struct InitializationTests {
    /// The network of the peers' workloads, 64-128-128-10 tanh.
    let architecture = Architecture(sizes: [64, 128, 128, 10], activation: .tanh, loss: .crossEntropy)

    @Test("init scale 1, or none, gives the initialization as it always was, bit for bit")
    func unchanged() {
        // The rule of docs/FORMATS.md#numerical-conventions, drawn here by hand: U(−1/√fan_in, 1/√fan_in),
        // layer by layer, weight before bias, row-major.
        var random = RandomSource(seed: 0, stream: .initialization)
        let byHand = architecture.parameterShapes.enumerated().flatMap { index, shape in
            let bound = 1 / Double(architecture.sizes[index / 2]).squareRoot()
            return (0..<shape.rows * shape.cols).map { _ in random.uniform(-bound, bound) }
        }
        let plain = Network<Double>(architecture: architecture, seed: 0).flatParameters
        #expect(plain.map(\.bitPattern) == byHand.map(\.bitPattern))
        #expect(Network<Double>(architecture: architecture, seed: 0, initScale: 1).flatParameters.map(\.bitPattern) == byHand.map(\.bitPattern))
        // The same weights from an implementation of the generator and the rule outside Swift (Python).
        #expect(plain.count == 26_122 && plain.reduce(0) { $0 &+ $1.bitPattern } == 14_659_767_663_037_724_775)
        #expect(plain[0] == -0.06807051369337441 && plain[64 * 128] == -0.09172552607899867 && plain[26_121] == 0.022278688860802823)
    }

    @Test("init scale 2 doubles every initial weight exactly, in float64 and float32")
    func doubled() {
        let one = flatten(architecture.initialParameters(seed: 3, as: Double.self))
        #expect(flatten(architecture.initialParameters(seed: 3, scale: 2, as: Double.self)) == one.map { 2 * $0 })
        let single = flatten(architecture.initialParameters(seed: 3, as: Float.self))
        #expect(flatten(architecture.initialParameters(seed: 3, scale: 2, as: Float.self)) == single.map { 2 * $0 })
        let bounds = flatten(architecture.initialParameters(seed: 3, scale: 0.25, as: Double.self)).map(abs)
        #expect(bounds.prefix(64 * 128).allSatisfy { $0 < 0.25 / 8 } && bounds.suffix(10).allSatisfy { $0 < 0.25 / 128.0.squareRoot() })
    }
}
