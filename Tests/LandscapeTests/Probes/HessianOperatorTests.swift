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
        let op = HessianOperator(network: network, batch: batch)
        let v = Self.randomVector(op.dimension, seed: 3)
        let fd = finiteDifferenceHessianProduct(of: network, on: batch, along: v)
        #expect(relativeError(op.apply(v), fd) < 1e-6)
        #expect(op.loss == network.lossAndGradient(on: batch).loss)
        #expect(op.gradient == flatten(network.lossAndGradient(on: batch).gradient))
    }

    @Test("the exact Hessian is symmetric, and H v is its product with v (1e-12)", arguments: SmallSetting.all)
    func denseMatrix(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = HessianOperator(network: network, batch: batch)
        let n = op.dimension
        let h = op.denseMatrix()
        #expect(op.applications == n)
        let largest = h.map(abs).max()!
        var asymmetry = 0.0
        for i in 0..<n { for j in 0..<i { asymmetry = max(asymmetry, abs(h[i * n + j] - h[j * n + i])) } }
        #expect(asymmetry <= 1e-13 * largest)
        let v = Self.randomVector(n, seed: 4)
        let product = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + h[i * n + $1] * v[$1] } }
        #expect(relativeError(op.apply(v), product) < 1e-12)
        var unit = [Double](repeating: 0, count: n)
        unit[n / 2] = 1
        #expect(op.apply(unit) == (0..<n).map { h[$0 * n + n / 2] })
    }

    @Test("an operator recorded on a reused tape gives the same products as a fresh one")
    func reusedTape() {
        let (network, batch) = SmallSetting(activation: .gelu, loss: .crossEntropy).make(Double.self)
        let other = Network<Double>(architecture: network.architecture, seed: 99)
        let v = Self.randomVector(network.architecture.parameterCount, seed: 6)
        let tape = Tape<Double>()
        _ = HessianOperator(network: other, batch: batch, tape: tape).apply(v)
        let reused = HessianOperator(network: network, batch: batch, tape: tape)
        #expect(reused.apply(v) == HessianOperator(network: network, batch: batch).apply(v))
        #expect(reused.apply(v) == reused.apply(v))
    }

    @Test("float32 products agree with float64", arguments: SmallSetting.all)
    func float32(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let (network32, batch32) = setting.make(Float.self)
        let v = Self.randomVector(network.architecture.parameterCount, seed: 5)
        let hv = HessianOperator(network: network, batch: batch).apply(v)
        let hv32 = HessianOperator(network: network32, batch: batch32).apply(v.map { Float($0) })
        #expect(relativeError(hv32.map(Double.init), hv) < 1e-4)
    }

    @Test("the reference workload: vᵀHv and ‖Hv‖ on digits at the initial weights")
    func reference() throws {
        let checks = try TestData.expectedChecks()["hvp"]!
        let v = try TestData.workloadVector("v_hvp_and_power")
        let hv = HessianOperator(network: try TestData.referenceModel().network, batch: try TestData.referenceTrainingBatch(Double.self)).apply(v)
        #expect(relativeError(zip(v, hv).reduce(0) { $0 + $1.0 * $1.1 }, checks["vHv"]!.doubleValue!) < 1e-9)
        #expect(relativeError(hv.reduce(0) { $0 + $1 * $1 }.squareRoot(), checks["Hv_norm"]!.doubleValue!) < 1e-9)
        let hv32 = HessianOperator(network: try TestData.referenceModel().network.converted(to: Float.self),
                                   batch: try TestData.referenceTrainingBatch(Float.self)).apply(v.map { Float($0) })
        #expect(relativeError(hv32.map(Double.init), hv) < 1e-4)
    }
}
