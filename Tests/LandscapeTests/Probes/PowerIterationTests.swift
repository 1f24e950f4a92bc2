import Testing
import Landscape

@Suite("Power iteration")
struct PowerIterationTests {
    @Test("20 steps from the fixture vector give the peers' 0.8028834737182226, well short of Lanczos' 0.8975442")
    func reference() throws {
        let op = try TestData.referenceModel().network.lossAndHessian(on: TestData.referenceTrainingBatch(Double.self)).hessian
        let v = try TestData.workloadVector("v_hvp_and_power")
        let power = PowerIteration(tolerance: 0, maxIterations: 20).run(op, start: v)
        let want = try TestData.expectedChecks()["power"]!["lambda_after_20"]!.doubleValue!
        #expect(relativeError(power.eigenvalues[0], want) < 1e-10)
        #expect(power.iterations == 20 && op.applications == 20)
        #expect(!power.converged)
        // The residual says what the value hides: far from an eigenpair.
        #expect(power.residuals[0] > 1e-2)
        // The peers' Lanczos value (checked against ours in LanczosTests).
        #expect(0.8975442 - power.eigenvalues[0] > 0.09)
    }

    @Test("converges to the exact extreme eigenvalues of small Hessians", arguments: [SmallSetting(activation: .tanh, loss: .crossEntropy),
                                                                                     SmallSetting(activation: .sigmoid, loss: .meanSquaredError)])
    func smallModels(setting: SmallSetting) {
        let (network, batch) = setting.make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let exact = SymmetricEigendecomposition(matrix: op.denseMatrix().elements, n: op.dimension, computeVectors: false).eigenvalues
        let top = PowerIteration(count: 2, tolerance: 1e-9, maxIterations: 100_000).run(op)
        #expect(top.converged)
        for (x, y) in zip(top.eigenvalues, exact.prefix(2)) { #expect(abs(x - y) < 1e-8 * max(1, abs(y))) }
        let bottom = PowerIteration(end: .smallest, tolerance: 1e-9, maxIterations: 100_000).run(op)
        #expect(bottom.converged)
        #expect(abs(bottom.eigenvalues[0] - exact.last!) < 1e-8 * max(1, abs(exact.last!)))
    }

    @Test("a dominant negative eigenvalue does not pass for the largest")
    func shifts() {
        let op = DenseOperator.diagonal([-5, 1, 2, 3, -4.5])
        let top = PowerIteration(count: 2, tolerance: 1e-12, maxIterations: 10_000).run(op)
        #expect(top.converged)
        #expect(abs(top.eigenvalues[0] - 3) < 1e-10 && abs(top.eigenvalues[1] - 2) < 1e-10)
        let bottom = PowerIteration(count: 2, end: .smallest, tolerance: 1e-12, maxIterations: 10_000).run(op)
        #expect(abs(bottom.eigenvalues[0] + 4.5) < 1e-10 && abs(bottom.eigenvalues[1] + 5) < 1e-10)
        let positive = DenseOperator.diagonal([5, 1, -2])
        let least = PowerIteration(end: .smallest, tolerance: 1e-12, maxIterations: 10_000).run(positive)
        #expect(abs(least.eigenvalues[0] + 2) < 1e-10)
    }

    @Test("past the first eigenvalue, deflation converges in few products where a shift by ‖H‖ stalled")
    func deflation() throws {
        // The tour's iris model: λ₁ = 1.397 dominates, λ₂ = 0.280 and λ₃ = 0.111 follow, the lowest is
        // −0.017. Iterating on H + ‖H‖·I contracted like (λ₃ + ‖H‖)/(λ₂ + ‖H‖) ≈ 0.9945 and took 1114
        // products without converging.
        var configuration = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/iris.csv").path)
        configuration.split = .fraction(0.8)
        configuration.hidden = [16]
        configuration.length = .epochs(200)
        var run = try TrainingRun(configuration: configuration)
        let model = try run.run().model
        let op = model.network.lossAndHessian(on: try model.batch(for: TestData.dataset("iris.csv"))).hessian
        let exact = SymmetricEigendecomposition(matrix: op.denseMatrix().elements, n: op.dimension, computeVectors: false).eigenvalues
        let top = PowerIteration(count: 3).run(op)
        #expect(top.converged)
        #expect(top.products < 400, "\(top.products) products")
        for (x, y) in zip(top.eigenvalues, exact.prefix(3)) { #expect(abs(x - y) < 1e-5 * exact[0], "\(x) against \(y)") }
    }

    @Test("asked for more of one end than it has, power iteration still finds them, in order")
    func beyondTheSign() {
        // Largest four of a spectrum with three positive eigenvalues: the fourth is −0.5, found once the
        // half shift by the lowest end (−5) loses to that end and the full shift takes over.
        let op = DenseOperator.diagonal([-5, 3, 2, -1, -0.5, 0.1])
        let top = PowerIteration(count: 4, tolerance: 1e-12, maxIterations: 10_000).run(op)
        #expect(top.converged)
        #expect(zip(top.eigenvalues, [3, 2, 0.1, -0.5]).allSatisfy { abs($0 - $1) < 1e-10 }, "\(top.eigenvalues)")
        let bottom = PowerIteration(count: 4, end: .smallest, tolerance: 1e-12, maxIterations: 10_000).run(DenseOperator.diagonal([5, -3, -2, 1, 0.5, -0.1]))
        #expect(zip(bottom.eigenvalues, [0.5, -0.1, -2, -3]).allSatisfy { abs($0 - $1) < 1e-10 }, "\(bottom.eigenvalues)")
    }
}
