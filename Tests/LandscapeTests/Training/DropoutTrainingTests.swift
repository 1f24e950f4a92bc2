import Foundation
import Testing
import Landscape

@Suite("Training with dropout")
struct DropoutTrainingTests {
    let architecture = Architecture(sizes: [4, 16, 12, 3], activation: .tanh, loss: .crossEntropy)

    func iris<T: Real>(_: T.Type = T.self) throws -> (Batch<T>, Batch<T>?) {
        let data = try TrainingData(dataset: try TestData.dataset("iris.csv"), split: .fraction(0.8), testSet: nil,
                                    loss: .crossEntropy, seed: 0, standardize: true)
        return try data.batches(T.self)
    }

    func train<T: Real>(_: T.Type = T.self, dropout: Dropout?, optimizer: OptimizerKind = .adam, epochs: Int = 20,
                        resumingFrom checkpoint: TrainingCheckpoint? = nil,
                        saving: ((TrainingCheckpoint) -> Void)? = nil) throws -> TrainingResult<T> {
        let (train, test) = try iris(T.self)
        var trainer = Trainer<T>(plan: TrainingPlan(batchSize: 16, length: .epochs(epochs), learningRate: 0.01, order: .shuffled(seed: 4)))
        trainer.dropout = dropout
        trainer.evaluatesEachEpoch = true
        if let saving { trainer.checkpoints = (interval: 5, save: saving) }
        return try trainer.run(Network<T>(architecture: architecture, seed: 4), on: train, test: test,
                               optimizer: OptimizerSettings(kind: optimizer).makeOptimizer(T.self), resumingFrom: checkpoint)
    }

    @Test("rate 0 trains bit for bit as no dropout; a positive rate trains differently, the same way every time")
    func rateZero() throws {
        let plain = try train(Double.self, dropout: nil)
        let zero = try train(Double.self, dropout: Dropout(rate: 0, seed: 4))
        #expect(zero.network.flatParameters.map(\.bitPattern) == plain.network.flatParameters.map(\.bitPattern))
        #expect(zero.history.map(\.train.loss) == plain.history.map(\.train.loss))
        let a = try train(Double.self, dropout: Dropout(rate: 0.2, seed: 4)), b = try train(Double.self, dropout: Dropout(rate: 0.2, seed: 4))
        #expect(a.network.flatParameters.map(\.bitPattern) == b.network.flatParameters.map(\.bitPattern))
        #expect(a.network.flatParameters != plain.network.flatParameters)
        #expect(a.network.flatParameters != (try train(Double.self, dropout: Dropout(rate: 0.2, seed: 5))).network.flatParameters)
    }

    @Test("evaluation sees the network without dropout: the final and epoch losses are those of the trained weights")
    func evaluation() throws {
        let (rows, test) = try iris(Double.self)
        let result = try train(Double.self, dropout: Dropout(rate: 0.5, seed: 4))
        #expect(result.train?.loss == result.network.evaluate(rows).loss)
        #expect(result.test?.loss == test.map { result.network.evaluate($0).loss })
        #expect(result.history.last?.train.loss == result.network.evaluate(rows).loss)
        #expect(result.train!.loss < 0.3)
    }

    @Test("a dropout run resumed from a checkpoint inside an epoch ends bit for bit as the run that never stopped")
    func resume() throws {
        var saved: [TrainingCheckpoint] = []
        let dropout = Dropout(rate: 0.3, seed: 4)
        let whole = try train(Double.self, dropout: dropout) { saved.append($0) }
        let inside = saved.filter { $0.step % 8 != 0 }   // 120 rows in batches of 16: 8 steps an epoch
        #expect(inside.count > 3)
        for checkpoint in [inside[1], inside[inside.count / 2]] {
            let reread = try TrainingCheckpoint(json: try JSON(parsing: checkpoint.json.compactText))
            let resumed = try train(Double.self, dropout: dropout, resumingFrom: reread)
            #expect(resumed.network.flatParameters.map(\.bitPattern) == whole.network.flatParameters.map(\.bitPattern), "from step \(checkpoint.step)")
        }
    }

    @Test("the number of threads does not change a bit of a dropout run")
    func threads() throws {
        let one = try withThreads(1) { try train(Double.self, dropout: Dropout(rate: 0.2, seed: 4), epochs: 5) }
        let many = try withThreads(nil) { try train(Double.self, dropout: Dropout(rate: 0.2, seed: 4), epochs: 5) }
        #expect(one.network.flatParameters.map(\.bitPattern) == many.network.flatParameters.map(\.bitPattern))
    }

    @Test("float32 trains with dropout, resumes exactly and stays near float64")
    func float32() throws {
        let dropout = Dropout(rate: 0.2, seed: 4)
        var saved: [TrainingCheckpoint] = []
        let single = try train(Float.self, dropout: dropout) { saved.append($0) }
        let resumed = try train(Float.self, dropout: dropout, resumingFrom: try TrainingCheckpoint(json: try JSON(parsing: saved[5].json.compactText)))
        #expect(resumed.network.flatParameters.map(\.bitPattern) == single.network.flatParameters.map(\.bitPattern))
        let double = try train(Double.self, dropout: dropout)
        #expect(abs(single.train!.loss - double.train!.loss) < 1e-3)
    }

    @Test("Newton's method with dropout steps with the masked loss's gradient and Hessian")
    func newton() throws {
        let (rows, _) = try iris(Double.self)
        let dropout = Dropout(rate: 0.25, seed: 4)
        var trainer = Trainer<Double>(plan: TrainingPlan(batchSize: 120, length: .steps(2), learningRate: 1, order: .permutations([Array(0..<120)])))
        trainer.dropout = dropout
        let network = Network<Double>(architecture: architecture, seed: 4)
        let result = try trainer.run(network, on: rows, optimizer: Newton<Double>())
        // The same two steps by hand: each on the loss with that step's masks.
        var expected = network
        var newton = Newton<Double>()
        for step in 0..<2 {
            let masks = dropout.masks(for: architecture, rows: 120, step: step, as: Double.self)
            let (_, gradient, hessian) = expected.lossGradientAndHessian(on: rows, masks: masks)
            try newton.update(&expected.parameters, gradient: gradient, learningRate: 1, hessian: hessian)
        }
        #expect(result.network.flatParameters.map(\.bitPattern) == expected.flatParameters.map(\.bitPattern))
    }
}
