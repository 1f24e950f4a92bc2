import Testing
import Landscape

@Suite("Training")
struct TrainerTests {
    func irisData() throws -> (Batch<Double>, Batch<Double>?) {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .fraction(0.8), testSet: nil,
                                    loss: .crossEntropy, seed: 0, standardize: true)
        return try data.batches()
    }

    func train(seed: UInt64, length: TrainingPlan.Length = .epochs(30), lr: Double = 0.1) throws -> TrainingResult<Double> {
        let (train, test) = try irisData()
        let network = Network<Double>(architecture: Architecture(sizes: [4, 16, 3], activation: .tanh, loss: .crossEntropy), seed: seed)
        let plan = TrainingPlan(batchSize: 16, length: length, learningRate: lr, order: .shuffled(seed: seed))
        return try Trainer<Double>(plan: plan).run(network, on: train, test: test, optimizer: GradientDescent())
    }

    @Test("the same seed gives the same weights bit for bit; another seed does not")
    func determinism() throws {
        let a = try train(seed: 1), b = try train(seed: 1), c = try train(seed: 2)
        #expect(a.network.flatParameters.map(\.bitPattern) == b.network.flatParameters.map(\.bitPattern))
        #expect(a.train!.loss == b.train!.loss)
        #expect(a.network.flatParameters != c.network.flatParameters)
    }

    @Test("training lowers the loss and learns iris")
    func learns() throws {
        let result = try train(seed: 3, length: .epochs(100))
        #expect(result.train!.loss < 0.2)
        #expect((result.test?.accuracy ?? 0) > 0.85)
        #expect(result.steps == 100 * 8)
    }

    @Test("--steps stops inside an epoch and counts fractional epochs")
    func steps() throws {
        let result = try train(seed: 3, length: .steps(20))
        #expect(result.steps == 20)
        #expect(result.epochs == 2.5)
    }

    @Test("a diverging run stops at the step whose loss is not finite")
    func divergence() throws {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .whole, testSet: nil,
                                    loss: .meanSquaredError, seed: 0, standardize: true)
        let (batch, _) = try data.batches(Double.self)
        let network = Network<Double>(architecture: Architecture(sizes: [4, 8, 1], activation: .identity, loss: .meanSquaredError), seed: 0)
        let plan = TrainingPlan(batchSize: 150, length: .epochs(10_000), learningRate: 5, order: .shuffled(seed: 0))
        do {
            _ = try Trainer<Double>(plan: plan).run(network, on: batch, optimizer: GradientDescent())
            Issue.record("expected divergence")
        } catch let LandscapeError.diverged(step, lastLoss, lastStep) {
            #expect(step > 1 && step < 10_000)
            #expect(lastStep == step - 1)
            #expect(lastLoss?.isFinite == true)
        }
    }

    @Test("the number of threads does not change a single bit")
    func threads() throws {
        let digits = try TestData.dataset("digits.csv").rows(Array(0..<600))
        let data = try TrainingData(dataset: digits, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: true)
        let (batch, _) = try data.batches(Double.self)
        let network = Network<Double>(architecture: Architecture(sizes: [64, 96, 10], activation: .tanh, loss: .crossEntropy), seed: 0)
        let plan = TrainingPlan(batchSize: 300, length: .epochs(2), learningRate: 0.05, order: .shuffled(seed: 0))
        let one = try withThreads(1) { try Trainer<Double>(plan: plan).run(network, on: batch, optimizer: GradientDescent()) }
        let many = try withThreads(nil) { try Trainer<Double>(plan: plan).run(network, on: batch, optimizer: GradientDescent()) }
        #expect(one.network.flatParameters.map(\.bitPattern) == many.network.flatParameters.map(\.bitPattern))
    }
}
