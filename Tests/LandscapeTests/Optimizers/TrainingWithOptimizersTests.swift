import Testing
import Landscape

/// The trainer's hooks for schedules, clipping and curvature, with the optimizers on real data.
@Suite("Training with optimizers")
struct TrainingWithOptimizersTests {
    func iris() throws -> Batch<Double> {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .whole, testSet: nil,
                                    loss: .crossEntropy, seed: 0, standardize: true)
        return try data.batches(Double.self).0
    }

    let architecture = Architecture(sizes: [4, 6, 3], activation: .tanh, loss: .crossEntropy)

    func train<O: Optimizer>(_ optimizer: O, plan: TrainingPlan, on batch: Batch<Double>) throws -> TrainingResult<Double>
    where O.Scalar == Double {
        try Trainer<Double>(plan: plan).run(Network(architecture: architecture, seed: 4), on: batch, optimizer: optimizer)
    }

    @Test("a constant schedule and a clipping limit that never binds change no bit")
    func neutralHooks() throws {
        let batch = try iris()
        let plain = TrainingPlan(batchSize: 16, length: .epochs(3), learningRate: 0.1, order: .shuffled(seed: 1))
        var hooked = plain
        hooked.schedule = try LearningRateSchedule(parsing: "constant")
        hooked.clipping = GradientClipping(maximumNorm: 1e300)
        let a = try train(GradientDescent(), plan: plain, on: batch), b = try train(GradientDescent(), plan: hooked, on: batch)
        #expect(a.network.flatParameters.map(\.bitPattern) == b.network.flatParameters.map(\.bitPattern))
    }

    @Test("the trainer applies the scheduled rate of each step and clips each gradient")
    func scheduleAndClipping() throws {
        let batch = try iris()
        let order = TrainingPlan.Order.permutations([Array(0..<batch.count)])
        let plan = TrainingPlan(batchSize: batch.count, length: .steps(3), learningRate: 0.4, order: order,
                                schedule: LearningRateSchedule(shape: .step(every: 1, factor: 0.5)),
                                clipping: GradientClipping(maximumNorm: 0.05))
        let result = try train(GradientDescent(), plan: plan, on: batch)
        // By hand: full-batch steps at rates 0.4, 0.2, 0.1 with each gradient scaled to norm ≤ 0.05.
        var network = Network<Double>(architecture: architecture, seed: 4)
        var sgd = GradientDescent<Double>()
        for rate in [0.4, 0.2, 0.1] {
            var gradient = network.lossAndGradient(on: batch).gradient
            GradientClipping(maximumNorm: 0.05).clip(&gradient)
            sgd.update(&network.parameters, gradient: gradient, learningRate: rate)
        }
        #expect(result.network.flatParameters.map(\.bitPattern) == network.flatParameters.map(\.bitPattern))
    }

    @Test("every first-order optimizer lowers the training loss of iris")
    func firstOrder() throws {
        let batch = try iris()
        let start = Network<Double>(architecture: architecture, seed: 4).evaluate(batch).loss
        let plan = TrainingPlan(batchSize: 16, length: .epochs(20), learningRate: 0.01, order: .shuffled(seed: 1))
        for kind in OptimizerKind.allCases where kind != .newton {
            let result = try train(OptimizerSettings(kind: kind).makeOptimizer(Double.self), plan: plan, on: batch)
            #expect(result.train!.loss < 0.6 * start, "\(kind): \(result.train!.loss) from \(start)")
        }
    }

    @Test("full-batch Newton on a small network fits iris in a few steps and reports its damping")
    func newton() throws {
        let batch = try iris()
        let plan = TrainingPlan(batchSize: batch.count, length: .steps(15), learningRate: 1, order: .shuffled(seed: 1))
        let newton = try train(Newton<Double>(), plan: plan, on: batch)
        let sgd = try train(GradientDescent(), plan: TrainingPlan(batchSize: batch.count, length: .steps(15), learningRate: 1,
                                                                  order: .shuffled(seed: 1)), on: batch)
        #expect(newton.train!.loss < 0.5 * sgd.train!.loss, "newton \(newton.train!.loss), sgd \(sgd.train!.loss)")
        #expect(newton.optimizerReport != nil)
    }

    @Test("Newton refuses a network too large for a dense Hessian, before it changes anything")
    func newtonTooLarge() throws {
        let batch = try iris()
        let big = Architecture(sizes: [4, 200, 3], activation: .tanh, loss: .crossEntropy)
        let plan = TrainingPlan(batchSize: 16, length: .steps(1), learningRate: 1, order: .shuffled(seed: 1))
        #expect(throws: LandscapeError.self) {
            try Trainer<Double>(plan: plan).run(Network(architecture: big, seed: 0), on: batch, optimizer: Newton<Double>())
        }
    }
}
