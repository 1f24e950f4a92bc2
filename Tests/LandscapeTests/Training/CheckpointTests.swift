import Testing
import Landscape

@Suite("Checkpoints")
struct CheckpointTests {
    struct Setup: CustomTestStringConvertible, Sendable {
        let optimizer: OptimizerKind
        let batch: Int
        var momentum: Double? = nil
        var testDescription: String { "\(optimizer.rawValue)\(momentum.map { " (momentum \($0))" } ?? ""), batch \(batch)" }
    }

    static let setups = [Setup(optimizer: .sgd, batch: 16), Setup(optimizer: .adam, batch: 7), Setup(optimizer: .momentum, batch: 120),
                         Setup(optimizer: .sam, batch: 16, momentum: 0.9), Setup(optimizer: .asam, batch: 7, momentum: 0.5)]

    func run<T: Real>(_: T.Type, _ setup: Setup, resumingFrom checkpoint: TrainingCheckpoint? = nil,
                      saving: ((TrainingCheckpoint) -> Void)? = nil) throws -> TrainingResult<T> {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .whole, testSet: nil, loss: .crossEntropy,
                                    seed: 0, standardize: true)
        let (batch, _) = try data.batches(T.self)
        let network = Network<T>(architecture: Architecture(sizes: [4, 10, 3], activation: .tanh, loss: .crossEntropy), seed: 5)
        let plan = TrainingPlan(batchSize: setup.batch, length: .epochs(7), learningRate: 0.05, order: .shuffled(seed: 5),
                                schedule: try LearningRateSchedule(parsing: "cosine"))
        var trainer = Trainer<T>(plan: plan)
        trainer.evaluatesEachEpoch = true
        if let saving { trainer.checkpoints = (interval: 5, save: saving) }
        return try trainer.run(network, on: batch, optimizer: OptimizerSettings(kind: setup.optimizer, momentum: setup.momentum).makeOptimizer(T.self),
                               resumingFrom: checkpoint)
    }

    @Test("a run resumed from any of its checkpoints ends bit for bit as the run that never stopped", arguments: setups)
    func resume(setup: Setup) throws {
        var saved: [TrainingCheckpoint] = []
        let whole = try run(Double.self, setup) { saved.append($0) }
        #expect(saved.count > 3)
        for checkpoint in [saved[1], saved[saved.count / 2], saved[saved.count - 2]] {
            let reread = try TrainingCheckpoint(json: try JSON(parsing: checkpoint.json.compactText))
            let resumed = try run(Double.self, setup, resumingFrom: reread)
            #expect(resumed.network.flatParameters.map(\.bitPattern) == whole.network.flatParameters.map(\.bitPattern), "from step \(checkpoint.step)")
            #expect(resumed.steps == whole.steps)
            #expect(resumed.history.map(\.train.loss) == whole.history.map(\.train.loss))
        }
    }

    @Test("float32 runs resume exactly too")
    func resumeFloat32() throws {
        let setup = Setup(optimizer: .adam, batch: 16)
        var saved: [TrainingCheckpoint] = []
        let whole = try run(Float.self, setup) { saved.append($0) }
        let resumed = try run(Float.self, setup, resumingFrom: try TrainingCheckpoint(json: try JSON(parsing: saved[3].json.compactText)))
        #expect(resumed.network.flatParameters.map(\.bitPattern) == whole.network.flatParameters.map(\.bitPattern))
    }

    @Test("an interruption stops the run with the step, after saving where it stood")
    func interruption() throws {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .whole, testSet: nil, loss: .crossEntropy,
                                    seed: 0, standardize: true)
        let (batch, _) = try data.batches(Double.self)
        var trainer = Trainer<Double>(plan: TrainingPlan(batchSize: 10, length: .epochs(5), learningRate: 0.1, order: .shuffled(seed: 1)))
        var asked = 0
        var last: TrainingCheckpoint?
        trainer.interruption = {
            asked += 1
            return asked > 23
        }
        trainer.checkpoints = (interval: nil, save: { last = $0 })
        #expect(throws: LandscapeError.interrupted(step: 23)) {
            try trainer.run(Network(architecture: Architecture(sizes: [4, 5, 3], activation: .relu, loss: .crossEntropy), seed: 1),
                            on: batch, optimizer: GradientDescent())
        }
        #expect(last?.step == 23)
    }
}
