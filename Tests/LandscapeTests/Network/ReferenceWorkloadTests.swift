import Testing
import Landscape

/// The peers' check values (JAX and PyTorch agree to ~1e-16): the same numbers from our library.
@Suite("Reference workloads")
struct ReferenceWorkloadTests {
    @Test("loss and gradient norm at the initial weights, float64 to 1e-10")
    func gradientFloat64() throws {
        let checks = try TestData.expectedChecks()
        let network = try TestData.referenceModel().network
        let (loss, gradient) = network.lossAndGradient(on: try TestData.referenceTrainingBatch(Double.self))
        let norm = flatten(gradient).reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(relativeError(loss, checks["grad"]!["loss"]!.doubleValue!) < 1e-10)
        #expect(relativeError(norm, checks["grad"]!["grad_norm"]!.doubleValue!) < 1e-10)
        #expect(network.architecture.parameterCount == 26122)
    }

    @Test("loss and gradient norm at the initial weights, float32 to 1e-6")
    func gradientFloat32() throws {
        let checks = try TestData.expectedChecks()
        let network = try TestData.referenceModel().network.converted(to: Float.self)
        let (loss, gradient) = network.lossAndGradient(on: try TestData.referenceTrainingBatch(Float.self))
        let norm = Double(flatten(gradient).reduce(0) { $0 + $1 * $1 }).squareRoot()
        #expect(relativeError(Double(loss), checks["grad"]!["loss"]!.doubleValue!) < 1e-6)
        #expect(relativeError(norm, checks["grad"]!["grad_norm"]!.doubleValue!) < 1e-5)
    }

    func permutations(_ key: String) throws -> [[Int]] {
        try #require(TestData.workloads()[key]?.arrayValue).map { epoch in try #require(epoch.arrayValue).map { try #require($0.intValue) } }
    }

    func train<T: Real>(_: T.Type, batch: Int, epochs: Int, permutations key: String) throws -> Double {
        let network = try TestData.referenceModel().network.converted(to: T.self)
        let data = try TestData.referenceTrainingBatch(T.self)
        let plan = TrainingPlan(batchSize: batch, length: .epochs(epochs), learningRate: 0.05,
                                order: .permutations(try permutations(key)))
        let result = try Trainer<T>(plan: plan).run(network, on: data, optimizer: GradientDescent<T>())
        #expect(result.steps == plan.totalSteps(rows: 1437))
        return result.train!.loss
    }

    @Test("one epoch at batch 8 from the fixture permutation (train_b8), float64 to 1e-10")
    func trainBatch8() throws {
        let want = try TestData.expectedChecks()["train_b8"]!["train_loss_after"]!.doubleValue!
        #expect(relativeError(try train(Double.self, batch: 8, epochs: 1, permutations: "perms_train_b8"), want) < 1e-10)
    }

    @Test("20 epochs at batch 512 from the fixture permutations (train_b512), float64 to 1e-10")
    func trainBatch512() throws {
        let want = try TestData.expectedChecks()["train_b512"]!["train_loss_after"]!.doubleValue!
        #expect(relativeError(try train(Double.self, batch: 512, epochs: 20, permutations: "perms_train_b512"), want) < 1e-10)
    }

    @Test("train_b8 in float32 to 1e-4")
    func trainBatch8Float32() throws {
        let want = try TestData.expectedChecks()["train_b8"]!["train_loss_after"]!.doubleValue!
        #expect(relativeError(try train(Float.self, batch: 8, epochs: 1, permutations: "perms_train_b8"), want) < 1e-4)
    }
}
