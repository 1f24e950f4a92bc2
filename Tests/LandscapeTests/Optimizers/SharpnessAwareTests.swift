import Testing
import Landscape

/// SAM and ASAM (`SharpnessAware`) against independent computations: the ascent, the gradient at
/// the ascent point from `Network.lossAndGradient`, and the base step, worked in the test.
@Suite("Sharpness-aware minimization")
struct SharpnessAwareTests {
    static let architecture = Architecture(sizes: [4, 5, 3], activation: .tanh, loss: .crossEntropy)

    struct Case: CustomTestStringConvertible, Sendable {
        let settings: OptimizerSettings
        let steps: Int
        var testDescription: String { "\(settings), \(steps) step\(steps == 1 ? "" : "s")" }
    }

    static let cases = [
        Case(settings: OptimizerSettings(kind: .sam, rho: 0.05), steps: 1),
        Case(settings: OptimizerSettings(kind: .asam, rho: 0.5, eta: 0.01), steps: 1),
        Case(settings: OptimizerSettings(kind: .sam, weightDecay: 0.01, rho: 0.1), steps: 2),
        Case(settings: OptimizerSettings(kind: .sam, momentum: 0.9, weightDecay: 0.01, rho: 0.05), steps: 2),
        Case(settings: OptimizerSettings(kind: .asam, momentum: 0.9, weightDecay: 0.01, rho: 0.5, eta: 0.1), steps: 2),
    ]

    /// Full-batch steps of `settings` by hand, in flat vectors: ε from the gradient at θ, the gradient
    /// at θ + ε, then `v ← μv + (g′ + λθ)`, `θ ← θ − α·v` (μ = 0: plain gradient descent).
    func byHand(_ settings: OptimizerSettings, steps: Int, from network: Network<Double>, on batch: Batch<Double>,
                rate: Double) -> [Double] {
        var theta = network.flatParameters
        var velocity = [Double](repeating: 0, count: theta.count)
        func gradient(at point: [Double]) -> [Double] {
            flatten(Network(architecture: network.architecture, flatParameters: point).lossAndGradient(on: batch).gradient)
        }
        for _ in 0..<steps {
            let g = gradient(at: theta)
            let scale = theta.map { settings.kind == .asam ? abs($0) + settings.eta : 1 }
            let norm = zip(scale, g).map { ($0 * $1) * ($0 * $1) }.reduce(0, +).squareRoot()
            let epsilon = zip(scale, g).map { settings.rho * $0 * $0 * $1 / norm }
            let ascended = gradient(at: zip(theta, epsilon).map { $0 + $1 })
            for i in theta.indices {
                velocity[i] = settings.momentum * velocity[i] + (ascended[i] + settings.weightDecay * theta[i])
                theta[i] -= rate * velocity[i]
            }
        }
        return theta
    }

    /// `steps` full-batch steps through `Trainer`, in precision `T`.
    func trained<T: Real>(_ settings: OptimizerSettings, steps: Int, from network: Network<T>, on batch: Batch<T>,
                          rate: Double) throws -> [T] {
        let plan = TrainingPlan(batchSize: batch.count, length: .steps(steps), learningRate: rate,
                                order: .permutations([Array(0..<batch.count)]))
        return try Trainer<T>(plan: plan).run(network, on: batch, optimizer: settings.makeOptimizer(T.self)).network.flatParameters
    }

    @Test("a step through the trainer equals ε, the gradient at θ + ε and the base step worked by hand", arguments: cases)
    func independentStep(example: Case) throws {
        let batch: Batch<Double> = TestData.randomBatch(rows: 12, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 7)
        let network = Network<Double>(architecture: Self.architecture, seed: 3)
        let start = network.flatParameters
        let actual = try trained(example.settings, steps: example.steps, from: network, on: batch, rate: 0.3)
        let expected = byHand(example.settings, steps: example.steps, from: network, on: batch, rate: 0.3)
        // The displacement, not θ, so that the step's own digits are compared.
        let error = relativeError(zip(actual, start).map { $0 - $1 }, zip(expected, start).map { $0 - $1 })
        #expect(error < 1e-12, "relative difference \(error)")
        let base = OptimizerSettings(kind: .momentum, momentum: example.settings.momentum, weightDecay: example.settings.weightDecay)
        let plain = try trained(base, steps: example.steps, from: network, on: batch, rate: 0.3)
        #expect(relativeError(actual, plain) > 1e-6, "the ascent changes the step")
    }

    @Test("with dropout, both gradients of a SAM step see that step's masks")
    func dropoutMasks() throws {
        let batch: Batch<Double> = TestData.randomBatch(rows: 12, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 7)
        let network = Network<Double>(architecture: Self.architecture, seed: 3)
        let dropout = Dropout(rate: 0.3, seed: 11)
        let (rho, rate) = (0.05, 0.3)
        let masks = dropout.masks(for: Self.architecture, rows: batch.count, step: 0, as: Double.self)
        func gradient(at point: [Double]) -> [Double] {
            flatten(Network(architecture: Self.architecture, flatParameters: point).lossAndGradient(on: batch, masks: masks).gradient)
        }
        let theta = network.flatParameters
        let g = gradient(at: theta)
        let norm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
        let ascended = gradient(at: zip(theta, g).map { $0 + rho * $1 / norm })
        let expected = zip(theta, ascended).map { $0 - rate * $1 }
        let plan = TrainingPlan(batchSize: batch.count, length: .steps(1), learningRate: rate, order: .permutations([Array(0..<batch.count)]))
        var trainer = Trainer<Double>(plan: plan)
        trainer.dropout = dropout
        let actual = try trainer.run(network, on: batch, optimizer: OptimizerSettings(kind: .sam, rho: rho).makeOptimizer(Double.self))
            .network.flatParameters
        let error = relativeError(zip(actual, theta).map { $0 - $1 }, zip(expected, theta).map { $0 - $1 })
        #expect(error < 1e-12, "relative difference \(error)")
    }

    @Test("on ½θᵀAθ the SAM step is −α·A(θ + ρAθ/‖Aθ‖) and the ASAM step −α·A(θ + ρT²Aθ/‖T·Aθ‖)")
    func quadratic() throws {
        // A = [[3, 1], [1, 2]], θ = (1, −0.5): Aθ = (2.5, 0).
        let surface = try Surface(formula: "0.5*(3*x^2 + 2*x*y + 2*y^2)")
        let theta = SurfacePoint(x: 1, y: -0.5)
        let descent = SurfaceDescent(surface: surface, start: theta, steps: 1)
        func a(_ v: (Double, Double)) -> (Double, Double) { (3 * v.0 + v.1, v.0 + 2 * v.1) }
        let (rho, eta, rate) = (0.2, 0.1, 0.1)
        let g = a((theta.x, theta.y))
        let norm = (g.0 * g.0 + g.1 * g.1).squareRoot()
        let sam = a((theta.x + rho * g.0 / norm, theta.y + rho * g.1 / norm))
        let t = (abs(theta.x) + eta, abs(theta.y) + eta)
        let scaledNorm = ((t.0 * g.0) * (t.0 * g.0) + (t.1 * g.1) * (t.1 * g.1)).squareRoot()
        let asam = a((theta.x + rho * t.0 * t.0 * g.0 / scaledNorm, theta.y + rho * t.1 * t.1 * g.1 / scaledNorm))
        for (kind, direction) in [(OptimizerKind.sam, sam), (.asam, asam)] {
            let run = try descent.run(OptimizerSettings(kind: kind, rho: rho, eta: kind == .asam ? eta : nil), precision: .float64,
                                      label: "", learningRate: rate)
            let step = run.path[1].point
            #expect(abs(step.x - (theta.x - rate * direction.0)) <= 1e-15 && abs(step.y - (theta.y - rate * direction.1)) <= 1e-15,
                    "\(kind): \(step)")
        }
    }

    @Test("with gradient noise on a surface, the same draw is added at θ and at θ + ε")
    func surfaceNoise() throws {
        let surface = try Surface(formula: "0.5*(3*x^2 + 2*x*y + 2*y^2)")
        let theta = SurfacePoint(x: 1, y: -0.5)
        let descent = SurfaceDescent(surface: surface, start: theta, steps: 1)
        let (rho, rate) = (0.2, 0.1)
        // Plain SGD with the same seed shows the draw n: θ₁ = θ − α·(Aθ + n).
        let sgd = try descent.run(GradientDescent<Double>(), label: "", learningRate: rate, noise: 0.5, seed: 3).path[1].point
        let n = ((theta.x - sgd.x) / rate - 2.5, (theta.y - sgd.y) / rate - 0)
        let g = (2.5 + n.0, n.1)
        let norm = (g.0 * g.0 + g.1 * g.1).squareRoot()
        let point = (theta.x + rho * g.0 / norm, theta.y + rho * g.1 / norm)
        let ascended = (3 * point.0 + point.1 + n.0, point.0 + 2 * point.1 + n.1)
        let run = try descent.run(OptimizerSettings(kind: .sam, rho: rho), precision: .float64, label: "", learningRate: rate,
                                  noise: 0.5, seed: 3)
        let step = run.path[1].point
        #expect(abs(step.x - (theta.x - rate * ascended.0)) <= 1e-14 && abs(step.y - (theta.y - rate * ascended.1)) <= 1e-14, "\(step)")
    }

    @Test("float32 training agrees with float64", arguments: [OptimizerKind.sam, .asam])
    func float32(kind: OptimizerKind) throws {
        let settings = OptimizerSettings(kind: kind, momentum: 0.9, weightDecay: 0.001, rho: 0.1)
        let network = Network<Double>(architecture: Self.architecture, seed: 3)
        let batch64: Batch<Double> = TestData.randomBatch(rows: 12, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 7)
        let batch32: Batch<Float> = TestData.randomBatch(rows: 12, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 7)
        let double = try trained(settings, steps: 5, from: network, on: batch64, rate: 0.1)
        let single = try trained(settings, steps: 5, from: network.converted(to: Float.self), on: batch32, rate: 0.1)
        let error = relativeError(single.map(Double.init), double)
        #expect(error < 1e-5, "relative difference \(error)")
    }

    @Test("a zero gradient gives no ascent; the state is the base rule's")
    func edges() throws {
        let optimizer = OptimizerSettings(kind: .asam).makeOptimizer(Double.self)
        let parameters = [Matrix<Double>(row: [1, -2]), Matrix<Double>(scalar: 0.5)]
        let point = try #require(optimizer.ascent(from: parameters, gradient: [Matrix(row: [0, 0]), Matrix(scalar: 0)]))
        #expect(point.map(\.elements) == parameters.map(\.elements))
        #expect(OptimizerSettings(kind: .momentum).makeOptimizer(Double.self).ascent(from: parameters, gradient: parameters) == nil)
        var heavy = OptimizerSettings(kind: .sam, momentum: 0.5).makeOptimizer(Double.self)
        var moved = parameters
        try heavy.update(&moved, gradient: parameters, learningRate: 0.1, hessian: nil)
        #expect(heavy.state.buffers["velocity"] == parameters.map(\.elements))
        #expect(OptimizerSettings(kind: .sam).makeOptimizer(Double.self).state == OptimizerState())
        #expect(OptimizerSettings(kind: .sam).description == "sam(momentum=0.0, rho=0.05)")
        #expect(OptimizerSettings(kind: .asam, momentum: 0.9).description == "asam(momentum=0.9, rho=0.05, eta=0.01)")
    }
}
