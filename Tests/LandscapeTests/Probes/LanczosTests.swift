import Testing
import Landscape

@Suite("Hessian spectra: exact decomposition and Lanczos")
struct LanczosTests {
    @Test("exact Hessian eigenvalues: Σλ = trace, Σλ² = ‖H‖²_F, ‖H v − λ v‖ < 1e-10 by products", arguments: SmallSetting.all)
    func exactSpectrum(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let n = op.dimension
        let h = op.denseMatrix().elements
        let e = SymmetricEigendecomposition(matrix: h, n: n)
        let trace = (0..<n).reduce(0.0) { $0 + h[$1 * n + $1] }
        let frobenius = h.reduce(0) { $0 + $1 * $1 }
        #expect(abs(e.eigenvalues.reduce(0, +) - trace) < 1e-12 * frobenius.squareRoot() * Double(n))
        #expect(relativeError(e.eigenvalues.reduce(0) { $0 + $1 * $1 }, frobenius) < 1e-12)
        for k in 0..<n {
            let v = Array(e.eigenvector(k))
            let hv = op.apply(v)
            let residual = zip(hv, v).reduce(0.0) { $0 + ($1.0 - e.eigenvalues[k] * $1.1) * ($1.0 - e.eigenvalues[k] * $1.1) }.squareRoot()
            #expect(residual < 1e-10, "eigenpair \(k)")
        }
    }

    @Test("Lanczos top-3 equal the exact top-3 to 1e-8", arguments: SmallSetting.all)
    func topThree(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let exact = SymmetricEigendecomposition(matrix: op.denseMatrix().elements, n: op.dimension, computeVectors: false).eigenvalues
        let found = Lanczos(count: 3, tolerance: 1e-10).run(op)
        #expect(found.converged)
        #expect(found.eigenvalues.count == 3)
        for (x, y) in zip(found.eigenvalues, exact.prefix(3)) { #expect(abs(x - y) < 1e-8 * max(1, abs(y))) }
        #expect(found.residuals.allSatisfy { $0 <= 1e-10 * found.scale })
    }

    @Test("Lanczos finds the most negative curvature of a saddle", arguments: [SmallSetting(activation: .tanh, loss: .crossEntropy),
                                                                               SmallSetting(activation: .gelu, loss: .meanSquaredError)])
    func smallest(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let exact = SymmetricEigendecomposition(matrix: op.denseMatrix().elements, n: op.dimension, computeVectors: false).eigenvalues
        let found = Lanczos(count: 2, end: .smallest, tolerance: 1e-10).run(op)
        #expect(found.converged)
        #expect(exact.last! < 0)
        for (x, y) in zip(found.eigenvalues, exact.suffix(2)) { #expect(abs(x - y) < 1e-8 * max(1, abs(y))) }
    }

    @Test("an operator with a repeated eigenvalue and an exact invariant subspace")
    func invariantSubspace() {
        // The start vector lies in a 2-dimensional invariant subspace: Lanczos must restart to see 9.
        let op = DenseOperator.diagonal([1, 2, 9, 4, 4, -3])
        let found = Lanczos(count: 2, tolerance: 1e-12).run(op, start: [1, 1, 0, 0, 0, 0])
        #expect(found.converged)
        #expect(abs(found.eigenvalues[0] - 9) < 1e-12 && abs(found.eigenvalues[1] - 4) < 1e-12)
        let bottom = Lanczos(count: 1, end: .smallest, tolerance: 1e-12).run(op)
        #expect(abs(bottom.eigenvalues[0] + 3) < 1e-12)
    }

    @Test("the same seed gives the same numbers; a different one the same eigenvalues")
    func deterministic() {
        let (network, batch) = SmallSetting(activation: .softplus, loss: .crossEntropy).make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let a = Lanczos(count: 2, tolerance: 1e-10, seed: 1).run(op), b = Lanczos(count: 2, tolerance: 1e-10, seed: 1).run(op)
        let c = Lanczos(count: 2, tolerance: 1e-10, seed: 2).run(op)
        #expect(a.eigenvalues == b.eigenvalues && a.residuals == b.residuals && a.iterations == b.iterations)
        #expect(zip(a.eigenvalues, c.eigenvalues).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("stopping early is reported as not converged")
    func notConverged() {
        let (network, batch) = SmallSetting(activation: .tanh, loss: .crossEntropy).make(Double.self)
        let found = Lanczos(count: 3, tolerance: 1e-12, maxIterations: 4).run(network.lossAndHessian(on: batch).hessian)
        #expect(!found.converged)
        #expect(found.iterations == 4)
    }

    @Test("digits at the initial weights: top-3 by Lanczos are 0.8975442, 0.877456, 0.867926")
    func reference() throws {
        let op = try TestData.referenceModel().network.lossAndHessian(on: TestData.referenceTrainingBatch(Double.self)).hessian
        let found = Lanczos(count: 3).run(op)
        #expect(found.converged)
        for (x, y) in zip(found.eigenvalues, [0.8975442, 0.877456, 0.867926]) { #expect(relativeError(x, y) < 2e-6) }
        #expect(found.residuals.allSatisfy { $0 <= 1e-6 * found.scale })
    }
}
