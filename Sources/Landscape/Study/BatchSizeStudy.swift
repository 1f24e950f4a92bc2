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
    /// What the batch sizes are given in common: the control that decides what the comparison compares.
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

    /// What every run shares: the data and its split, the network, the optimizer, its schedule
    /// and clipping, and the training precision (evaluation and sharpness are always float64). Its
    /// seed is the first of the study's seeds; its batch size, learning rate and length are
    /// replaced by each configuration's.
    public var base: RunConfiguration
    public var batchSizes: [Int]
    /// Base learning rates, one per batch size, before `scaling`.
    public var learningRates: [Double]
    public var scaling: LearningRateScaling
    public var epochs: Int
    /// How many paired seeds, counting up from the base configuration's seed.
    public var seedCount: Int
    public var matching: Matching
    /// Record the sharpness every this many steps while training (nil: only at the end).
    public var sharpnessInterval: Int?
    public var divergencePolicy: DivergencePolicy
    /// Lanczos tolerance of every sharpness, relative to the spectrum's scale.
    public var sharpnessTolerance: Double

    public init(
        base: RunConfiguration, batchSizes: [Int], learningRates: [Double], scaling: LearningRateScaling = .none,
        epochs: Int, seedCount: Int, matching: Matching = .epochs, sharpnessInterval: Int? = nil,
        divergencePolicy: DivergencePolicy = .skip, sharpnessTolerance: Double = 1e-6
    ) {
        precondition(!batchSizes.isEmpty && batchSizes.allSatisfy { $0 > 0 }, "a study needs positive batch sizes")
        precondition(learningRates.count == batchSizes.count, "one learning rate per batch size")
        precondition(epochs > 0 && seedCount > 0, "a study needs epochs and seeds")
        self.base = base
        self.batchSizes = batchSizes
        self.learningRates = learningRates
        self.scaling = scaling
        self.epochs = epochs
        self.seedCount = seedCount
        self.matching = matching
        self.sharpnessInterval = sharpnessInterval
        self.divergencePolicy = divergencePolicy
        self.sharpnessTolerance = sharpnessTolerance
    }

    /// The paired seeds: the base configuration's seed and the ones after it.
    public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { base.seed &+ $0 } }

    /// The configuration of each batch size, as the study's files record it: the base with that
    /// batch size, its learning rate (before scaling) and the study's epochs, on the first seed.
    public var configurations: [RunConfiguration] {
        zip(batchSizes, learningRates).map { batch, rate in
            var configuration = base
            configuration.batchSize = batch
            configuration.learningRate = rate
            configuration.length = .epochs(epochs)
            return configuration
        }
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

    /// What each configuration is asked to train before any loss matching stops it, for
    /// `rows` training rows.
    func plannedLength(rows: Int) -> [TrainingPlan.Length] {
        switch matching {
        case .epochs, .loss: return batchSizes.map { _ in .epochs(epochs) }
        case .steps: return batchSizes.map { _ in .steps(epochs * stepsPerEpoch(rows: rows).max()!) }
        }
    }

    /// Steps of one epoch at each batch size.
    func stepsPerEpoch(rows: Int) -> [Int] { batchSizes.map { (rows + $0 - 1) / $0 } }

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
        guard finished.isEmpty || finished.count == batchSizes.count else {
            throw LandscapeError.invalidInput("the checkpoint has \(finished.count) configurations, the study \(batchSizes.count)")
        }
        for configuration in configurations { try configuration.validate() }
        // The data and the network are those of a training run of the first configuration; the
        // batches are built once here rather than per run.
        let prepared = try TrainingRun(configuration: configurations[0])
        let (train, test) = try prepared.data.batches(Double.self)
        let rows = Rows(architecture: prepared.architecture, train: train, test: test,
                        floatTrain: base.precision == .float32 ? try prepared.data.batches(Float.self).train : nil,
                        stepsPerEpoch: stepsPerEpoch(rows: train.count), plannedLength: plannedLength(rows: train.count))
        let rates = scaledLearningRates
        var runs = [[StudyRun]](repeating: [], count: batchSizes.count)
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
                    run = try self.run(configuration: i, seed: seed, learningRate: rates[i], target: target, rows: rows,
                                       interruption: interruption)
                }
                runs[i].append(run)
                if !resumed { try onRunFinished(runs) }
                if matching == .loss, i == referenceIndex { target = run.trainingLoss }
            }
        }
        return StudyResult(
            configurations: batchSizes.indices.map { i in
                StudyResult.Configuration(batchSize: batchSizes[i], learningRate: rates[i], runs: runs[i])
            },
            matching: matching, architecture: prepared.architecture, source: prepared.data.train.source,
            trainingRows: prepared.data.train.count, testRows: prepared.data.test?.count ?? 0)
    }

    /// The rows every run trains and is measured on, and the lengths that follow from their count.
    private struct Rows {
        let architecture: Architecture
        let train: Batch<Double>
        let test: Batch<Double>?
        /// The training rows in `Float`, when the study trains in that precision.
        let floatTrain: Batch<Float>?
        let stepsPerEpoch: [Int]
        let plannedLength: [TrainingPlan.Length]
    }

    /// One training run and its measurements.
    private func run(configuration i: Int, seed: UInt64, learningRate: Double, target: Double?, rows: Rows,
                     interruption: (() -> Bool)?) throws -> StudyRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let length = target != nil ? .epochs(10 * epochs) : rows.plannedLength[i]
        let plan = TrainingPlan(batchSize: batchSizes[i], length: length, learningRate: learningRate,
                                order: .shuffled(seed: seed), schedule: base.schedule, clipping: base.clipping)
        let perEpoch = rows.stepsPerEpoch[i]
        let trained: TrainedNetwork
        do {
            switch base.precision {
            case .float32:
                trained = try train(rows.floatTrain!, rows: rows, seed: seed, plan: plan, target: target, checkEvery: perEpoch,
                                    interruption: interruption)
            case .float64:
                trained = try train(rows.train, rows: rows, seed: seed, plan: plan, target: target, checkEvery: perEpoch,
                                    interruption: interruption)
            }
        } catch LandscapeError.diverged(let step, let loss, let lastStep) {
            guard divergencePolicy == .skip else { throw LandscapeError.diverged(step: step, lastFiniteLoss: loss, lastFiniteStep: lastStep) }
            return StudyRun(seed: seed, steps: step, epochs: Double(step) / Double(perEpoch), divergedAt: step,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let network = trained.network
        let sharpness = network.sharpness(on: rows.train, tolerance: sharpnessTolerance)
        return StudyRun(
            seed: seed, steps: trained.steps, epochs: Double(trained.steps) / Double(perEpoch),
            reachedTarget: target.map { _ in trained.reachedTarget }, trainingLoss: trained.trainingLoss,
            sharpness: sharpness.eigenvalues.first, sharpnessConverged: sharpness.converged,
            train: network.evaluate(rows.train), test: rows.test.map { network.evaluate($0) },
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
    /// training loss, checked every tenth of `checkEvery` steps, is at most `target`.
    private func train<T: Real>(_ batch: Batch<T>, rows: Rows, seed: UInt64, plan: TrainingPlan,
                                target: Double?, checkEvery: Int, interruption: (() -> Bool)?) throws -> TrainedNetwork {
        var reached = false
        var trainer = Trainer<T>(plan: plan)
        trainer.evaluatesAtEnd = false
        trainer.interruption = interruption
        let tracker = sharpnessInterval.map { SharpnessTracker(interval: $0, batch: rows.train, tolerance: sharpnessTolerance) }
        if tracker != nil || target != nil {
            let check = max(1, checkEvery / 10)
            let tape = Tape<T>()
            trainer.monitor = Trainer.Monitor(interval: 1) { progress in
                tracker?.observe(progress)
                if let target, progress.step > 0, progress.step % check == 0,
                   progress.network.evaluate(batch, tape: tape).loss <= target {
                    reached = true
                    return false
                }
                return true
            }
        }
        let result = try trainer.run(Network<T>(architecture: rows.architecture, seed: seed), on: batch,
                                     optimizer: base.optimizer.makeOptimizer(T.self))
        let loss = result.network.evaluate(batch).loss
        guard loss.isFinite else {
            throw LandscapeError.diverged(step: result.steps, lastFiniteLoss: nil, lastFiniteStep: nil)
        }
        return TrainedNetwork(network: result.network.converted(), steps: result.steps, trainingLoss: loss,
                              reachedTarget: reached || (target.map { loss <= $0 } ?? false), trace: tracker?.samples ?? [])
    }
}
