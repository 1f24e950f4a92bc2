import Testing
import Landscape

@Suite("Dropout")
struct DropoutTests {
    @Test("masks drop a fraction p, keep 1/(1−p) exactly, and depend only on the seed and the step")
    func masks() {
        let architecture = Architecture(sizes: [4, 50, 30, 3], activation: .tanh, loss: .crossEntropy)
        let dropout = Dropout(rate: 0.3, seed: 5)
        let steps = (0..<200).map { dropout.masks(for: architecture, rows: 10, step: $0, as: Double.self) }
        #expect(steps.allSatisfy { $0.map(\.rows) == [10, 10] && $0.map(\.cols) == [50, 30] })
        let entries = steps.flatMap { $0.flatMap(\.elements) }
        let zeros = Double(entries.filter { $0 == 0 }.count) / Double(entries.count)
        #expect(abs(zeros - 0.3) < 0.005, "\(zeros) of \(entries.count) entries are zero")   // 4 sd
        #expect(entries.allSatisfy { $0 == 0 || $0 == 1 / (1 - 0.3) })
        #expect(dropout.masks(for: architecture, rows: 10, step: 117, as: Double.self) == steps[117])
        #expect(steps[117] != steps[118])
        #expect(Dropout(rate: 0.3, seed: 6).masks(for: architecture, rows: 10, step: 117, as: Double.self) != steps[117])
        let single = dropout.masks(for: architecture, rows: 10, step: 117, as: Float.self)
        #expect(single.flatMap(\.elements) == steps[117].flatMap(\.elements).map { $0 == 0 ? 0 : Float(1 / (1 - 0.3)) })
        #expect(Dropout(rate: 0, seed: 5).masks(for: architecture, rows: 10, step: 3, as: Double.self).allSatisfy { $0.elements.allSatisfy { $0 == 1 } })
    }

    func setting(_ c: NetworkGradientTests.Combination) -> (Network<Double>, Batch<Double>, [Matrix<Double>]) {
        let outputs = c.loss == .crossEntropy ? 3 : 2
        let architecture = Architecture(sizes: [4, 6, 5, outputs], activation: c.activation, loss: c.loss)
        return (Network(architecture: architecture, seed: 11), TestData.randomBatch(rows: 9, inputs: 4, outputs: outputs, loss: c.loss, seed: 12),
                Dropout(rate: 0.4, seed: 13).masks(for: architecture, rows: 9, step: 7))
    }

    @Test("the masked loss's gradient equals its central differences (float64, relative error < 1e-6)",
          arguments: NetworkGradientTests.combinations)
    func gradient(c: NetworkGradientTests.Combination) {
        let (network, batch, masks) = setting(c)
        let (loss, gradient) = network.lossAndGradient(on: batch, masks: masks)
        #expect(Double(loss) != network.evaluate(batch).loss, "the masks change the loss")
        let fd = finiteDifferenceGradient(of: { p in
            Network(architecture: network.architecture, flatParameters: p).lossAndGradient(on: batch, masks: masks).loss
        }, at: network.flatParameters)
        #expect(relativeError(flatten(gradient), fd) < 1e-6)
    }

    @Test("the masked loss's Hessian-vector products equal central differences of its gradient",
          arguments: NetworkGradientTests.combinations)
    func hessianVectorProduct(c: NetworkGradientTests.Combination) {
        let (network, batch, masks) = setting(c)
        let n = network.architecture.parameterCount
        var random = RandomSource(seed: 14, stream: .directions)
        let v = (0..<n).map { _ in random.normal() }
        let (_, gradient, hessian) = network.lossGradientAndHessian(on: batch, masks: masks)
        #expect(flatten(gradient) == flatten(network.lossAndGradient(on: batch, masks: masks).gradient))
        let fd = finiteDifferenceHessianProduct(of: network, on: batch, along: v, masks: masks)
        #expect(relativeError(hessian.apply(v), fd) < 1e-6)
        #expect(relativeError(hessian.apply(v), network.lossAndHessian(on: batch).hessian.apply(v)) > 1e-3, "the masks change the Hessian")
    }

    @Test("in float32 the masked gradient agrees with float64", arguments: NetworkGradientTests.combinations)
    func float32(c: NetworkGradientTests.Combination) {
        let (network, batch, masks) = setting(c)
        let batch32 = Batch<Float>(inputs: batch.inputs.converted(), targets: {
            switch batch.targets {
            case .classes(let l): return .classes(l)
            case .values(let v): return .values(v.converted())
            }
        }())
        let masks32 = Dropout(rate: 0.4, seed: 13).masks(for: network.architecture, rows: 9, step: 7, as: Float.self)
        #expect(masks32.flatMap(\.elements).map(Double.init) == masks.flatMap(\.elements).map { Double(Float($0)) })
        let (loss64, g64) = network.lossAndGradient(on: batch, masks: masks)
        let (loss32, g32) = network.converted(to: Float.self).lossAndGradient(on: batch32, masks: masks32)
        #expect(relativeError(Double(loss32), loss64) < 1e-6)
        #expect(relativeError(flatten(g32).map(Double.init), flatten(g64)) < 1e-5)
    }

    @Test("masks of ones give the network without dropout, bit for bit")
    func ones() {
        let (network, batch, _) = setting(NetworkGradientTests.Combination(activation: .tanh, loss: .crossEntropy))
        let ones = Dropout(rate: 0, seed: 1).masks(for: network.architecture, rows: batch.count, step: 0, as: Double.self)
        let (plainLoss, plain) = network.lossAndGradient(on: batch)
        let (maskedLoss, masked) = network.lossAndGradient(on: batch, masks: ones)
        #expect(plainLoss.bitPattern == maskedLoss.bitPattern)
        #expect(flatten(plain).map(\.bitPattern) == flatten(masked).map(\.bitPattern))
    }
}
