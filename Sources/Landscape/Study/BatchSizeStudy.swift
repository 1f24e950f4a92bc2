import Dispatch

/// The batch-size experiment (Keskar et al. 2017): one network trained with several batch sizes on
/// paired seeds — seed `s` gives every configuration the same initial weights and the same shuffle
/// stream — with sharpness and the generalization gap measured on every run.
///
/// At equal epochs a batch of 512 takes 64 times fewer steps than a batch of 8, so the naive
/// comparison also compares amounts of training. `matching` offers the controls: equal epochs,
/// equal steps, or each run stopped when its training loss reaches the largest batch's final
/// training loss; `scaling` adjusts the learning rate with the batch size.
public struct BatchSizeStudy: Sendable {
    public enum Matching: String, CaseIterable, Sendable {
        /// Every configuration trains `epochs` epochs.
        case epochs
        /// Every configuration takes as many steps as the smallest batch takes in `epochs` epochs.
        case steps
        /// Every run stops when its training loss reaches the final training loss of the largest
        /// batch (trained `epochs` epochs) on the same seed.
        case loss
    }

    /// How the learning rate grows with the batch size, relative to the smallest batch.
    public enum LearningRateScaling: String, CaseIterable, Sendable {
        case none, linear, sqrt
    }

    /// What a diverging run does to the study.
    public enum DivergencePolicy: String, CaseIterable, Sendable {
        /// Record it as diverged and leave it out of the means.
        case skip
        /// End the study with the divergence.
        case stop
    }

    public var data: TrainingData
    public var architecture: Architecture
    public var batchSizes: [Int]
    /// Base learning rates, one per batch size, before `scaling`.
    public var learningRates: [Double]
    public var scaling: LearningRateScaling
    public var epochs: Int
    public var seeds: [UInt64]
    public var matching: Matching
    public var optimizer: OptimizerSettings
    public var schedule: LearningRateSchedule
    public var clipping: GradientClipping?
    /// Training may run in float32 for speed; evaluation and sharpness are always float64.
    public var trainingPrecision: Precision
    /// Record the sharpness every this many steps while training (nil: only at the end).
    public var sharpnessInterval: Int?
    public var divergencePolicy: DivergencePolicy
    /// Lanczos tolerance of every sharpness, relative to the spectrum's scale.
    public var sharpnessTolerance: Double

    public init(
        data: TrainingData, architecture: Architecture, batchSizes: [Int], learningRates: [Double],
        scaling: LearningRateScaling = .none, epochs: Int, seeds: [UInt64], matching: Matching = .epochs,
        optimizer: OptimizerSettings = OptimizerSettings(kind: .sgd), schedule: LearningRateSchedule = .constant,
        clipping: GradientClipping? = nil, trainingPrecision: Precision = .float64, sharpnessInterval: Int? = nil,
        divergencePolicy: DivergencePolicy = .skip, sharpnessTolerance: Double = 1e-6
    ) {
        precondition(!batchSizes.isEmpty && batchSizes.allSatisfy { $0 > 0 }, "a study needs positive batch sizes")
        precondition(learningRates.count == batchSizes.count, "one learning rate per batch size")
        precondition(epochs > 0 && !seeds.isEmpty, "a study needs epochs and seeds")
        self.data = data
        self.architecture = architecture
        self.batchSizes = batchSizes
        self.learningRates = learningRates
        self.scaling = scaling
        self.epochs = epochs
        self.seeds = seeds
        self.matching = matching
        self.optimizer = optimizer
        self.schedule = schedule
        self.clipping = clipping
        self.trainingPrecision = trainingPrecision
        self.sharpnessInterval = sharpnessInterval
        self.divergencePolicy = divergencePolicy
        self.sharpnessTolerance = sharpnessTolerance
    }

    /// The learning rate each batch size trains with, after scaling relative to the smallest batch.
    public var scaledLearningRates: [Double] {
        let smallest = Double(batchSizes.min()!)
        return zip(batchSizes, learningRates).map { batch, rate in
            switch scaling {
            case .none: return rate
            case .linear: return rate * Double(batch) / smallest
            case .sqrt: return rate * (Double(batch) / smallest).squareRoot()
            }
        }
    }

    /// Steps of one epoch at each batch size.
    var stepsPerEpoch: [Int] { batchSizes.map { (data.train.count + $0 - 1) / $0 } }

    /// What each configuration is asked to train before any loss matching stops it.
    var plannedLength: [TrainingPlan.Length] {
        switch matching {
        case .epochs, .loss: return batchSizes.map { _ in .epochs(epochs) }
        case .steps: return batchSizes.map { _ in .steps(epochs * stepsPerEpoch.max()!) }
        }
    }

    /// The configuration whose final loss the others match: the largest batch.
    var referenceIndex: Int { batchSizes.indices.max { batchSizes[$0] < batchSizes[$1] }! }

    /// Runs every configuration on every seed; `progress` hears about each run as it starts.
    ///
    /// Runs already in `finished` (from a checkpoint of this study) are not done again;
    /// `onRunFinished` sees all finished runs after each new one, to save them. When `interruption`
    /// answers true the study stops within a step with `LandscapeError.interrupted`.
    public func run(
        finished: [[StudyRun]] = [], interruption: (() -> Bool)? = nil,
        onRunFinished: ([[StudyRun]]) throws -> Void = { _ in }, progress: (String) -> Void = { _ in }
    ) throws -> StudyResult {
        let (train, test) = try data.batches(Double.self)
        // Built once here rather than per run: the data is the same for every configuration and seed.
        let floatTrain = trainingPrecision == .float32 ? try data.batches(Float.self).train : nil
        let rates = scaledLearningRates
        var runs = [[StudyRun]](repeating: [], count: batchSizes.count)
        guard finished.isEmpty || finished.count == batchSizes.count else {
            throw LandscapeError.invalidInput("the checkpoint has \(finished.count) configurations, the study \(batchSizes.count)")
        }
        // Loss matching trains the reference first on each seed, to know the loss to reach.
        let order = matching == .loss
            ? [referenceIndex] + batchSizes.indices.filter { $0 != referenceIndex }
            : Array(batchSizes.indices)
        for (s, seed) in seeds.enumerated() {
            var target: Double?
            // `target` stays nil until the reference has run, and the reference runs first.
            for i in order {
                let resumed = !finished.isEmpty && s < finished[i].count && finished[i][s].seed == seed
                let run: StudyRun
                if resumed {
                    run = finished[i][s]
                } else {
                    progress("seed \(seed) (\(s + 1)/\(seeds.count)), batch \(batchSizes[i])")
                    run = try self.run(configuration: i, seed: seed, learningRate: rates[i], target: target,
                                       train: train, floatTrain: floatTrain, test: test, interruption: interruption)
                }
                runs[i].append(run)
                if !resumed { try onRunFinished(runs) }
                if matching == .loss, i == referenceIndex { target = run.trainingLoss }
            }
        }
        return StudyResult(configurations: batchSizes.indices.map { i in
            StudyResult.Configuration(batchSize: batchSizes[i], learningRate: rates[i], runs: runs[i])
        }, matching: matching)
    }

    /// One training run and its measurements. `floatTrain` is the training batch built in `Float`,
    /// present when the study trains in that precision.
    private func run(configuration i: Int, seed: UInt64, learningRate: Double, target: Double?,
                     train: Batch<Double>, floatTrain: Batch<Float>?, test: Batch<Double>?,
                     interruption: (() -> Bool)?) throws -> StudyRun {
        let start = DispatchTime.now().uptimeNanoseconds
        var length = plannedLength[i]
        if target != nil { length = .epochs(10 * epochs) }
        let plan = TrainingPlan(batchSize: batchSizes[i], length: length, learningRate: learningRate,
                                order: .shuffled(seed: seed), schedule: schedule, clipping: clipping)
        let trained: TrainedNetwork
        do {
            switch trainingPrecision {
            case .float32:
                trained = try self.train(floatTrain!, full: train, seed: seed, plan: plan, target: target,
                                         checkEvery: stepsPerEpoch[i], interruption: interruption)
            case .float64:
                trained = try self.train(train, full: train, seed: seed, plan: plan, target: target,
                                         checkEvery: stepsPerEpoch[i], interruption: interruption)
            }
        } catch LandscapeError.diverged(let step, let loss, let lastStep) {
            guard divergencePolicy == .skip else { throw LandscapeError.diverged(step: step, lastFiniteLoss: loss, lastFiniteStep: lastStep) }
            return StudyRun(seed: seed, steps: step, epochs: Double(step) / Double(stepsPerEpoch[i]), divergedAt: step,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let network = trained.network
        let sharpness = network.sharpness(on: train, tolerance: sharpnessTolerance)
        return StudyRun(
            seed: seed, steps: trained.steps, epochs: Double(trained.steps) / Double(stepsPerEpoch[i]),
            reachedTarget: target.map { _ in trained.reachedTarget }, trainingLoss: trained.trainingLoss,
            sharpness: sharpness.eigenvalues.first, sharpnessConverged: sharpness.converged,
            train: network.evaluate(train), test: test.map { network.evaluate($0) },
            weightNorm: FlatVector.norm(network.flatParameters),
            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, sharpnessTrace: trained.trace)
    }

    private struct TrainedNetwork {
        var network: Network<Double>
        var steps: Int
        /// Final training loss in the training precision, the quantity loss matching compares.
        var trainingLoss: Double
        var reachedTarget: Bool
        var trace: [SharpnessSample]
    }

    /// Trains on `batch` in its precision `T` from the seed's initial weights; stops once the full
    /// training loss, checked every `checkEvery` steps, is at most `target`. `full` is the same
    /// training data in `Double`, on which the sharpness trace is measured.
    private func train<T: Real>(_ batch: Batch<T>, full: Batch<Double>, seed: UInt64, plan: TrainingPlan,
                                target: Double?, checkEvery: Int, interruption: (() -> Bool)?) throws -> TrainedNetwork {
        var trace: [SharpnessSample] = []
        var reached = false
        var trainer = Trainer<T>(plan: plan)
        trainer.evaluatesAtEnd = false
        trainer.interruption = interruption
        let interval = sharpnessInterval
        if interval != nil || target != nil {
            let check = max(1, checkEvery / 10)
            let tape = Tape<T>(), hessianTape = Tape<Double>()
            var direction: [Double]?
            trainer.monitor = Trainer.Monitor(interval: 1) { progress in
                if let interval, progress.step % interval == 0 {
                    let estimate = progress.network.converted(to: Double.self)
                        .sharpness(on: full, tolerance: sharpnessTolerance, warmStart: direction, tape: hessianTape)
                    direction = estimate.eigenvectors.first
                    trace.append(SharpnessSample(step: progress.step, sharpness: estimate.eigenvalues[0],
                                                 learningRate: progress.learningRate))
                }
                if let target, progress.step > 0, progress.step % check == 0,
                   progress.network.evaluate(batch, tape: tape).loss <= target {
                    reached = true
                    return false
                }
                return true
            }
        }
        let result = try trainer.run(Network<T>(architecture: architecture, seed: seed), on: batch,
                                     optimizer: optimizer.makeOptimizer(T.self))
        let loss = result.network.evaluate(batch).loss
        guard loss.isFinite else {
            throw LandscapeError.diverged(step: result.steps, lastFiniteLoss: nil, lastFiniteStep: nil)
        }
        return TrainedNetwork(network: result.network.converted(), steps: result.steps, trainingLoss: loss,
                              reachedTarget: reached || (target.map { loss <= $0 } ?? false), trace: trace)
    }
}

/// The sharpness at one step of a run, next to the learning rate: gradient descent on a quadratic
/// is stable only while sharpness < 2/lr, the "edge of stability" of Cohen et al. (2021).
public struct SharpnessSample: Equatable, Sendable {
    public var step: Int
    public var sharpness: Double
    public var learningRate: Double

    public init(step: Int, sharpness: Double, learningRate: Double) {
        self.step = step
        self.sharpness = sharpness
        self.learningRate = learningRate
    }

    public var stabilityLimit: Double { 2 / learningRate }
}
