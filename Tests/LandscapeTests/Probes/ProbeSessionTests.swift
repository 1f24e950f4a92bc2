import Foundation
import Testing
import Landscape

/// The session is the precision-free face of the probes: each of its answers must be exactly what
/// the generic code gives in the chosen precision, and it must refuse what would only look like an
/// answer.
@Suite("Probe sessions")
struct ProbeSessionTests {
    static func model() -> Model {
        Model(network: Network(architecture: Architecture(sizes: [4, 5, 3], activation: .tanh, loss: .crossEntropy), seed: 2),
              inputTransform: nil)
    }

    static func data() throws -> Dataset { try TestData.dataset("iris.csv") }

    @Test("in each precision, the session's numbers are the generic code's, bit for bit", arguments: Precision.allCases)
    func sameBits(precision: Precision) throws {
        switch precision {
        case .float32: try check(Float.self, precision)
        case .float64: try check(Double.self, precision)
        }
    }

    func check<T: Real>(_: T.Type, _ precision: Precision) throws {
        let model = Self.model(), data = try Self.data()
        let session = try ProbeSession(model: model, data: data, precision: precision)
        let network: Network<T> = model.network.converted()
        let batch: Batch<T> = try model.batch(for: data)
        #expect(session.evaluation == network.evaluate(batch))
        let (loss, gradient) = network.lossAndGradient(on: batch)
        let g = try session.gradient()
        #expect(g.loss == Double(loss) && g.values == flatten(gradient).map(Double.init) && g.norm == FlatVector.norm(flatten(gradient)))
        let v = (0..<session.parameterCount).map { Double($0 % 7) - 3 }
        let hv = try session.hessianVectorProduct(v)
        #expect(hv.product == network.lossAndHessian(on: batch).hessian.apply(v.map { T($0) }).map(Double.init))
        #expect(hv.curvature == zip(v, hv.product).reduce(0) { $0 + $1.0 * $1.1 })
        let spectrum = try session.hessian()
        #expect(spectrum.matrix.elements == network.lossAndHessian(on: batch).hessian.denseMatrix().elements.map(Double.init))
        #expect(spectrum.eigenvalues.count == session.parameterCount)
        let lanczos = Lanczos(count: 2, tolerance: precision == .float32 ? 1e-4 : 1e-8)
        let found = try session.eigenvalues(lanczos)
        #expect(found.eigenvalues == lanczos.run(network.lossAndHessian(on: batch).hessian).eigenvalues)
        #expect(zip(found.eigenvalues, spectrum.eigenvalues.prefix(2)).allSatisfy { abs($0 - $1) <= 1e-3 * abs($1) })
        let trace = try session.trace(HutchinsonTrace(samples: 10, seed: 4))
        #expect(trace.samples == HutchinsonTrace(samples: 10, seed: 4).estimate(network.lossAndHessian(on: batch).hessian).samples)
        let density = try session.density(probes: 2, steps: 10, seed: 1)
        #expect(density.nodes == SpectralDensity(network.lossAndHessian(on: batch).hessian, probes: 2, steps: 10, seed: 1).nodes)
        let epsilon = EpsilonSharpness(epsilon: 1e-3, maxIterations: 5)
        #expect(try session.epsilonSharpness(epsilon).sharpness == epsilon.measure(network, on: batch).sharpness)
    }

    @Test("a loss that overflows in the session's precision, and data that does not fit, are refused when the session opens")
    func refusals() throws {
        var model = Self.model()
        // Logits of up to 5·10³⁸: beyond Float's range, well within Double's.
        model.network.parameters[2].elements = model.network.parameters[2].elements.map { $0 < 0 ? -1e38 : 1e38 }
        #expect(throws: LandscapeError.self) { try ProbeSession(model: model, data: try Self.data(), precision: .float32) }
        #expect(try ProbeSession(model: model, data: try Self.data(), precision: .float64).evaluation.loss.isFinite)
        model.network.parameters[2].elements = model.network.parameters[2].elements.map { $0 * 1.7e270 }
        #expect(throws: LandscapeError.self) { try ProbeSession(model: model, data: try Self.data(), precision: .float64) }
        let wine = try TestData.dataset("wine.csv")
        #expect(throws: LandscapeError.self) { try ProbeSession(model: Self.model(), data: wine, precision: .float64) }
    }

    @Test("a model too large for the dense Hessian is refused by the session, not allocated")
    func denseLimit() throws {
        let sizes = [4, 70, 60, 3]
        let big = Model(network: Network(architecture: Architecture(sizes: sizes, activation: .tanh, loss: .crossEntropy), seed: 1))
        let session = try ProbeSession(model: big, data: try Self.data(), precision: .float32)
        #expect(session.parameterCount > HessianOperator<Double>.denseLimit)
        #expect(throws: LandscapeError.self) { try session.hessian() }
    }
}
