import Testing
import Landscape

@Suite("Hessian-vector products")
struct HessianOperatorTests {
    static func randomVector(_ n: Int, seed: UInt64) -> [Double] {
        var random = RandomSource(seed: seed, stream: .directions)
        return (0..<n).map { _ in random.normal() }
    }

    @Test("H v equals central differences of the gradient (float64, relative 1e-6)", arguments: SmallSetting.all)
    func finiteDifferences(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let (loss, gradient, op) = network.lossGradientAndHessian(on: batch)
        let v = Self.randomVector(op.dimension, seed: 3)
        let fd = finiteDifferenceHessianProduct(of: network, on: batch, along: v)
        #expect(relativeError(op.apply(v), fd) < 1e-6)
        #expect(loss == network.lossAndGradient(on: batch).loss)
        #expect(flatten(gradient) == flatten(network.lossAndGradient(on: batch).gradient))
        #expect(network.lossAndHessian(on: batch).loss == loss)
    }

    @Test("the exact Hessian is symmetric, and H v is its product with v (1e-12)", arguments: SmallSetting.all)
    func denseMatrix(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let n = op.dimension
        let h = op.denseMatrix()
        #expect(op.applications == n)
        let largest = h.elements.map(abs).max()!
        var asymmetry = 0.0
        for i in 0..<n { for j in 0..<i { asymmetry = max(asymmetry, abs(h[i, j] - h[j, i])) } }
        #expect(asymmetry <= 1e-13 * largest)
        let v = Self.randomVector(n, seed: 4)
        let product = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + h[i, $1] * v[$1] } }
        #expect(relativeError(op.apply(v), product) < 1e-12)
        var unit = [Double](repeating: 0, count: n)
        unit[n / 2] = 1
        #expect(op.apply(unit) == (0..<n).map { h[$0, n / 2] })
        let symmetric = h.symmetrized()
        #expect((0..<n).allSatisfy { i in (0..<n).allSatisfy { j in symmetric[i, j] == symmetric[j, i] && symmetric[i, j] == (h[i, j] + h[j, i]) / 2 } })
    }

    @Test("an operator recorded on a reused tape gives the same products as a fresh one")
    func reusedTape() {
        let (network, batch) = SmallSetting(activation: .gelu, loss: .crossEntropy).make(Double.self)
        let other = Network<Double>(architecture: network.architecture, seed: 99)
        let v = Self.randomVector(network.architecture.parameterCount, seed: 6)
        let tape = Tape<Double>()
        _ = other.lossAndHessian(on: batch, tape: tape).hessian.apply(v)
        let reused = network.lossAndHessian(on: batch, tape: tape).hessian
        #expect(reused.apply(v) == network.lossAndHessian(on: batch).hessian.apply(v))
        #expect(reused.apply(v) == reused.apply(v))
    }

    @Test("float32 products agree with float64", arguments: SmallSetting.all)
    func float32(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let (network32, batch32) = setting.make(Float.self)
        let v = Self.randomVector(network.architecture.parameterCount, seed: 5)
        let hv = network.lossAndHessian(on: batch).hessian.apply(v)
        let hv32 = network32.lossAndHessian(on: batch32).hessian.apply(v.map { Float($0) })
        #expect(relativeError(hv32.map(Double.init), hv) < 1e-4)
    }

    @Test("the reference workload: vᵀHv and ‖Hv‖ on digits at the initial weights")
    func reference() throws {
        let checks = try TestData.expectedChecks()["hvp"]!
        let v = try TestData.workloadVector("v_hvp_and_power")
        let hv = try TestData.referenceModel().network.lossAndHessian(on: TestData.referenceTrainingBatch(Double.self)).hessian.apply(v)
        #expect(relativeError(zip(v, hv).reduce(0) { $0 + $1.0 * $1.1 }, checks["vHv"]!.doubleValue!) < 1e-9)
        #expect(relativeError(hv.reduce(0) { $0 + $1 * $1 }.squareRoot(), checks["Hv_norm"]!.doubleValue!) < 1e-9)
        let hv32 = try TestData.referenceModel().network.converted(to: Float.self).lossAndHessian(on: TestData.referenceTrainingBatch(Float.self)).hessian.apply(v.map { Float($0) })
        #expect(relativeError(hv32.map(Double.init), hv) < 1e-4)
    }
}
