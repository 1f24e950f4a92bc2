import Dispatch
import Foundation

/// A study: several training configurations, each trained on the same paired seeds — seed `s` gives
/// every configuration the same initial weights and the same shuffle stream — with the
/// generalization gaps and the chosen measures on every run. The batch-size experiment of Keskar
/// et al. (2017) is the case where only the batch size (and its learning rate) varies
/// (`Study.batchSizes`); any other setting of a run can vary as well.
///
/// Configurations that train for different lengths also compare amounts of training. `matching`
/// offers the controls: each its own length, the same number of steps, or each run stopped when its
/// training loss reaches the final training loss of the reference configuration (the largest
/// batch) on the same seed; `scaling` adjusts the learning rate with the batch size.
///
/// Runs are independent once any loss to match is known, so they are spread over the worker
/// threads, one run each; every run computes the same bits on any thread, so the result is the
/// same as a serial study's, whatever `--threads`.
public struct Study: Sendable {
    public enum Matching: String, CaseIterable, Sendable {
        /// Every configuration trains its own length.
        case epochs
        /// Every configuration takes as many steps as the longest of them.
        case steps
        /// Every run stops when its training loss reaches the final training loss of the reference
        /// configuration on the same seed (trained its own length), within ten times its length.
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

    /// The configurations compared, each complete; every one's `seed` is the first of the paired
    /// seeds, and they share the data, its split and the loss.
    public var configurations: [RunConfiguration]
    /// How many paired seeds, counting up from the configurations' seed.
    public var seedCount: Int
    public var matching: Matching
    public var scaling: LearningRateScaling
    /// What to measure on every run besides the losses, accuracies and gaps.
    public var measures: [Measure]
    /// Record the sharpness every this many steps while training (nil: only at the end).
    public var sharpnessInterval: Int?
    public var divergencePolicy: DivergencePolicy
    /// Lanczos tolerance of every sharpness, relative to the spectrum's scale.
    public var sharpnessTolerance: Double

    public init(configurations: [RunConfiguration], seedCount: Int, matching: Matching = .epochs, scaling: LearningRateScaling = .none,
                measures: [Measure] = Measure.standard, sharpnessInterval: Int? = nil, divergencePolicy: DivergencePolicy = .skip,
                sharpnessTolerance: Double = 1e-6) {
        precondition(!configurations.isEmpty && seedCount > 0, "a study needs configurations and seeds")
        self.configurations = configurations
        self.seedCount = seedCount
        self.matching = matching
        self.scaling = scaling
        self.measures = measures
        self.sharpnessInterval = sharpnessInterval
        self.divergencePolicy = divergencePolicy
        self.sharpnessTolerance = sharpnessTolerance
    }

    /// The batch-size study: `base` trained `epochs` epochs with each of `batchSizes`, at the
    /// learning rate beside it (before `scaling`).
    public static func batchSizes(
        base: RunConfiguration, batchSizes: [Int], learningRates: [Double], scaling: LearningRateScaling = .none, epochs: Int,
        seedCount: Int, matching: Matching = .epochs, sharpnessInterval: Int? = nil, divergencePolicy: DivergencePolicy = .skip,
        sharpnessTolerance: Double = 1e-6
    ) -> Study {
        precondition(!batchSizes.isEmpty && learningRates.count == batchSizes.count, "one learning rate per batch size")
        let configurations = zip(batchSizes, learningRates).map { batch, rate in
            var configuration = base
            configuration.batchSize = batch
            configuration.learningRate = rate
            configuration.length = .epochs(epochs)
            return configuration
        }
        return Study(configurations: configurations, seedCount: seedCount, matching: matching, scaling: scaling,
                     sharpnessInterval: sharpnessInterval, divergencePolicy: divergencePolicy, sharpnessTolerance: sharpnessTolerance)
    }

    /// One setting a study varies, and its values as text (`lr`, `["0.01", "0.1"]`).
    public struct Variation: Sendable {
        public var setting: String
        public var values: [String]

        public init(setting: String, values: [String]) {
            self.setting = setting
            self.values = values
        }
    }

    /// The crossed grid of `variations` over `base`: one configuration per combination of their
    /// values, the first variation outermost. Refuses an unknown or shared setting, one varied
    /// twice, an empty list, a value given twice, a value the setting does not take, and a
    /// hyperparameter no configuration's optimizer reads.
    public static func grid(base: RunConfiguration, varying variations: [Variation]) throws -> [RunConfiguration] {
        var configurations = [base]
        var seen: Set<String> = []
        for variation in variations {
            let name = variation.setting
            guard let setting = RunConfiguration.setting(named: name) else {
                throw LandscapeError.invalidInput("'\(name)' is not a setting; the settings are \(RunConfiguration.settings.map(\.name).joined(separator: ", "))")
            }
            guard !sharedSettings.contains(name) else {
                throw LandscapeError.invalidInput("\(name) cannot vary within a study: its runs share their rows, loss and seeds")
            }
            guard seen.insert(name).inserted else { throw LandscapeError.invalidInput("\(name) is varied twice") }
            guard !variation.values.isEmpty else { throw LandscapeError.invalidInput("\(name): the list of values is empty") }
            guard Set(variation.values).count == variation.values.count else {
                throw LandscapeError.invalidInput("\(name): a value is listed twice")
            }
            configurations = try configurations.flatMap { configuration in
                try variation.values.map { value in
                    var varied = configuration
                    do {
                        try setting.apply(value, to: &varied)
                    } catch LandscapeError.invalidInput(let reason) {
                        throw LandscapeError.invalidInput("\(name)=\(value): \(reason)")
                    }
                    return varied
                }
            }
        }
        if seen.contains("epochs"), seen.contains("steps") {
            throw LandscapeError.invalidInput("vary epochs or steps, not both: each sets how long a run trains")
        }
        // With the optimizer varied, a hyperparameter applies to the configurations whose optimizer
        // reads it (ρ to sam beside sgd), and must be read by one of them.
        try OptimizerSettings.requireReaders(of: Set(configurations.flatMap(\.optimizer.given.keys)),
                                             among: configurations.map(\.optimizer.kind).reduce(into: []) { if !$0.contains($1) { $0.append($1) } })
        for i in configurations.indices {
            let kind = configurations[i].optimizer.kind
            configurations[i].optimizer.given = configurations[i].optimizer.given.filter { kind.hyperparameters.contains($0.key) }
        }
        for i in configurations.indices {
            if let j = configurations[..<i].firstIndex(of: configurations[i]) {
                throw LandscapeError.invalidInput(
                    "configurations \(j + 1) and \(i + 1) of the grid are the same run (a hyperparameter their optimizer does not read?)")
            }
        }
        return configurations
    }

    /// The settings every configuration must share: they decide the rows, the split, the loss
    /// and the seeds, so that the runs and their gaps compare (and the data is read once).
    public static let sharedSettings = ["data", "split", "test", "standardize", "loss", "classes", "init", "seed"]

    /// The paired seeds: the configurations' seed and the ones after it.
    public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { configurations[0].seed &+ $0 } }

    /// The settings whose values differ between configurations, in the order of
    /// `RunConfiguration.settings`. A hyperparameter that only some configurations' optimizers
    /// read varies when it takes two values among those.
    public var varied: [String] {
        RunConfiguration.settings.filter { setting in
            let values = configurations.map { setting.value(in: $0) }
            let given = Set(values.compactMap { $0 })
            let hyperparameter = OptimizerSettings.Hyperparameter(rawValue: setting.name) != nil
            return given.count > 1 || (!hyperparameter && given.count == 1 && values.contains(nil))
        }.map(\.name)
    }

    /// The varied settings of configuration `index` with their values, as `RunConfiguration.json`
    /// writes them (null where unset).
    public func settings(of index: Int) -> [JSON.Member] {
        varied.map { name in JSON.Member(name, RunConfiguration.setting(named: name)!.json(configurations[index]) ?? .null) }
    }

    /// Whether only the batch size (and with it the learning rate) varies: `compare`'s study.
    public var isBatchSizeStudy: Bool { varied.contains("batch") && Set(varied).isSubset(of: ["batch", "lr"]) }

    /// How tables and figures name configuration `index`: `batch 8` in a batch-size study,
    /// otherwise every varied setting with its value (`dropout 0.1, hidden 32`).
    public func label(of index: Int) -> String {
        if isBatchSizeStudy { return "batch \(configurations[index].batchSize)" }
        let named = varied.map { name in "\(name) \(RunConfiguration.setting(named: name)!.value(in: configurations[index]) ?? "none")" }
        return named.isEmpty ? "configuration \(index + 1)" : named.joined(separator: ", ")
    }

    /// The learning rate each configuration trains with, after scaling relative to the smallest batch.
    public var scaledLearningRates: [Double] {
        let smallest = Double(configurations.map(\.batchSize).min()!)
        return configurations.map { c in
            switch scaling {
            case .none: return c.learningRate
            case .linear: return c.learningRate * Double(c.batchSize) / smallest
            case .sqrt: return c.learningRate * (Double(c.batchSize) / smallest).squareRoot()
            }
        }
    }

    /// The configuration whose final loss the others match: the largest batch, the first among equals.
    var referenceIndex: Int {
        configurations.indices.max { configurations[$0].batchSize < configurations[$1].batchSize || (configurations[$0].batchSize == configurations[$1].batchSize && $0 > $1) }!
    }

    /// Refuses configurations that do not share the settings of `sharedSettings`, or whose own
    /// settings contradict each other.
    public func validate() throws {
        for configuration in configurations { try configuration.validate() }
        for name in Study.sharedSettings {
            let setting = RunConfiguration.setting(named: name)!
            let values = Set(configurations.map { setting.value(in: $0) ?? "unset" })
            guard values.count == 1 else {
                throw LandscapeError.invalidInput("\(name) cannot vary within a study: its runs share their rows, loss and seeds")
            }
        }
    }

    /// What receives each run's trained model, with the run's configuration index and seed: the
    /// model carries the data's input transform and a `training` record as `train` writes it.
    /// Called on the worker threads, as each run finishes; runs already finished are not trained
    /// again, so their models are not handed over again.
    public typealias TrainedModelHandler = @Sendable (_ configuration: Int, _ seed: UInt64, _ model: Model) throws -> Void

    /// Runs every configuration on every seed; `progress` hears about each run as it starts.
    ///
    /// Runs already in `finished` (from a checkpoint of this study: the finished runs of each
    /// configuration, in any order) are not done again; after each new run `onRunFinished` gets a
    /// function giving all finished runs at that moment, to save them (building that list costs
    /// O(runs), so a caller that saves only now and then calls it only then). When `interruption` answers true the study stops within a
    /// step with `LandscapeError.interrupted`.
    public func run(
        finished: [[StudyRun]] = [], interruption: (@Sendable () -> Bool)? = nil, trainedModel: TrainedModelHandler? = nil,
        onRunFinished: (_ finished: @escaping () -> [[StudyRun]]) throws -> Void = { _ in }, progress: (String) -> Void = { _ in }
    ) throws -> StudyResult {
        let prepared = try prepare()
        let runs = try runs(prepared: prepared, shard: nil, finished: finished, interruption: interruption, trainedModel: trainedModel,
                            onRunFinished: onRunFinished, progress: progress)
        return try result(runs, prepared: prepared)
    }

    /// The pieces a sharded study is dealt in: one run each, numbered configuration by
    /// configuration and seed by seed within it; under loss matching one seed each (all
    /// configurations of that seed), since a run needs the reference's loss on its seed.
    public var pieceCount: Int { matching == .loss ? seedCount : configurations.count * seedCount }

    /// The piece of configuration `i`'s run on the seed at `seedIndex`.
    public func piece(configuration i: Int, seedIndex: Int) -> Int {
        matching == .loss ? seedIndex : i * seedCount + seedIndex
    }

    /// The runs of `shard`'s pieces (all runs without one), each configuration's in seed order,
    /// with `finished`, `interruption`, `onRunFinished` and `progress` as in `run`.
    public func runs(
        shard: Shard?, finished: [[StudyRun]] = [], interruption: (@Sendable () -> Bool)? = nil, trainedModel: TrainedModelHandler? = nil,
        onRunFinished: (_ finished: @escaping () -> [[StudyRun]]) throws -> Void = { _ in }, progress: (String) -> Void = { _ in }
    ) throws -> [[StudyRun]] {
        try runs(prepared: try prepare(), shard: shard, finished: finished, interruption: interruption, trainedModel: trainedModel,
                 onRunFinished: onRunFinished, progress: progress)
    }

    /// The result of `runs`, every run of every configuration (from `run`, or the shards' runs put together).
    public func result(_ runs: [[StudyRun]]) throws -> StudyResult {
        try result(runs, prepared: try prepare())
    }

    /// Each configuration's training run: its network, and the data, read once for all of them.
    private func prepare() throws -> [TrainingRun] {
        try validate()
        let first = try TrainingRun(configuration: configurations[0])
        return try [first] + configurations.dropFirst().map { try TrainingRun(configuration: $0, sharingDataWith: first) }
    }

    private func runs(
        prepared: [TrainingRun], shard: Shard?, finished: [[StudyRun]], interruption: (@Sendable () -> Bool)?, trainedModel: TrainedModelHandler?,
        onRunFinished: (_ finished: @escaping () -> [[StudyRun]]) throws -> Void, progress: (String) -> Void
    ) throws -> [[StudyRun]] {
        guard finished.isEmpty || finished.count == configurations.count else {
            throw LandscapeError.invalidInput("the checkpoint has \(finished.count) configurations, the study \(configurations.count)")
        }
        let data = prepared[0].data
        let (train, test) = try data.batches(Double.self)
        let rows = Rows(train: train, test: test,
                        floatTrain: configurations.contains { $0.precision == .float32 } ? try data.batches(Float.self).train : nil)
        let rates = scaledLearningRates
        let seeds = self.seeds
        let labels = configurations.indices.map(label(of:))
        var runs: [[StudyRun?]] = configurations.map { _ in Array(repeating: nil, count: seeds.count) }
        for (i, list) in finished.enumerated() {
            for run in list { if let s = seeds.firstIndex(of: run.seed) { runs[i][s] = run } }
        }
        // Loss matching trains the reference on every seed first, to know the loss to reach.
        let reference = matching == .loss ? referenceIndex : nil
        let phases: [[Int]] = reference.map { r in [[r], configurations.indices.filter { $0 != r }] } ?? [Array(configurations.indices)]
        let lock = NSLock()
        for phase in phases {
            let jobs = phase.flatMap { i in seeds.indices.map { (configuration: i, seed: $0) } }.filter { job in
                runs[job.configuration][job.seed] == nil && shard.map { $0.owns(piece(configuration: job.configuration, seedIndex: job.seed)) } ?? true
            }
            var outcomes = [Result<StudyRun, Error>?](repeating: nil, count: jobs.count)
            let targets = seeds.indices.map { s in reference.flatMap { runs[$0][s]?.trainingLoss } }
            outcomes.withUnsafeMutableBufferPointer { results in
                let results = UnsafeSendable(results)
                WorkerPool.shared.run(tasks: jobs.count) { t in
                    let (i, s) = jobs[t]
                    lock.withLock { progress("seed \(seeds[s]) (\(s + 1)/\(seeds.count)), \(labels[i])") }
                    let outcome = Result {
                        try self.run(configuration: i, prepared: prepared[i], seed: seeds[s], learningRate: rates[i],
                                     target: reference == i ? nil : targets[s], rows: rows, interruption: interruption,
                                     trainedModel: trainedModel.map { handler in { try handler(i, seeds[s], $0) } })
                    }
                    results.value[t] = outcome
                    guard case .success(let run) = outcome else { return }
                    lock.withLock {
                        runs[i][s] = run
                        // A failed save is rethrown when the phase ends.
                        let snapshot = runs
                        do { try onRunFinished { snapshot.map { $0.compactMap { $0 } } } } catch { results.value[t] = .failure(error) }
                    }
                }
            }
            // The first failure in job order, so that the error is the same on every thread count.
            for outcome in outcomes { if case .failure(let error) = outcome { throw error } }
        }
        return runs.map { $0.compactMap { $0 } }
    }

    private func result(_ runs: [[StudyRun]], prepared: [TrainingRun]) throws -> StudyResult {
        guard runs.count == configurations.count else {
            throw LandscapeError.invalidInput("\(runs.count) configurations of runs for a study of \(configurations.count)")
        }
        let data = prepared[0].data
        let rates = scaledLearningRates
        return StudyResult(
            configurations: configurations.indices.map { i in
                StudyResult.Configuration(configuration: configurations[i], settings: settings(of: i), label: label(of: i), learningRate: rates[i],
                                          runs: runs[i])
            },
            matching: matching, measures: measures, varied: varied, architecture: prepared[0].architecture, source: data.train.source,
            trainingRows: data.train.count, testRows: data.test?.count ?? 0)
    }

    /// The rows every run trains and is measured on.
    private struct Rows: @unchecked Sendable {
        let train: Batch<Double>
        let test: Batch<Double>?
        /// The training rows in `Float`, when a configuration trains in that precision.
        let floatTrain: Batch<Float>?
    }

    /// One training run and its measurements.
    private func run(configuration i: Int, prepared: TrainingRun, seed: UInt64, learningRate: Double, target: Double?, rows: Rows,
                     interruption: (() -> Bool)?, trainedModel: ((Model) throws -> Void)?) throws -> StudyRun {
        let start = DispatchTime.now().uptimeNanoseconds
        let configuration = configurations[i]
        let perEpoch = configuration.plan.stepsPerEpoch(rows: rows.train.count)
        var length = configuration.length
        if matching == .steps {
            length = .steps(configurations.map { $0.plan.totalSteps(rows: rows.train.count) }.max()!)
        }
        if target != nil {
            length = switch configuration.length {
            case .epochs(let e): .epochs(10 * e)
            case .steps(let s): .steps(10 * s)
            }
        }
        let plan = TrainingPlan(batchSize: configuration.batchSize, length: length, learningRate: learningRate,
                                order: .shuffled(seed: seed), schedule: configuration.schedule, clipping: configuration.clipping)
        // Every seed starts from the model file when the study has one, else from its own weights.
        var initial = prepared.initialModel?.network
            ?? Network<Double>(architecture: prepared.architecture, seed: seed, initScale: configuration.initScale ?? 1)
        var seeded = configuration
        seeded.seed = seed
        let trained: TrainedNetwork
        do {
            switch configuration.precision {
            case .float32:
                let start: Network<Float> = initial.converted()
                initial = start.converted()
                trained = try train(rows.floatTrain!, initial: start, optimizer: configuration.optimizer, dropout: seeded.dropout, rows: rows, plan: plan,
                                    target: target, checkEvery: perEpoch, interruption: interruption)
            case .float64:
                trained = try train(rows.train, initial: initial, optimizer: configuration.optimizer, dropout: seeded.dropout, rows: rows, plan: plan,
                                    target: target, checkEvery: perEpoch, interruption: interruption)
            }
        } catch LandscapeError.diverged(let step, let loss, let lastStep) {
            guard divergencePolicy == .skip else { throw LandscapeError.diverged(step: step, lastFiniteLoss: loss, lastFiniteStep: lastStep) }
            return StudyRun(seed: seed, steps: step, epochs: Double(step) / Double(perEpoch), divergedAt: step,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let network = trained.network
        let train = network.evaluate(rows.train), test = rows.test.map { network.evaluate($0) }
        if let trainedModel {
            seeded.learningRate = learningRate
            let record = TrainingOutcome.record(configuration: seeded, steps: trained.steps, epochs: Double(trained.steps) / Double(perEpoch),
                                                train: train, test: test)
            try trainedModel(Model(network: network, inputTransform: prepared.data.transform, featureNames: prepared.data.train.featureNames,
                                   extra: [JSON.Member("training", record)]))
        }
        var values: [Measure: Double] = [:]
        var converged: Bool?
        for measure in measures {
            if measure == .sharpness {
                let estimate = network.sharpness(on: rows.train, tolerance: sharpnessTolerance)
                values[.sharpness] = estimate.eigenvalues.first
                converged = estimate.converged
            } else {
                values[measure] = measure.value(of: network, initial: initial, on: rows.train, tolerance: sharpnessTolerance)
            }
        }
        return StudyRun(
            seed: seed, steps: trained.steps, epochs: Double(trained.steps) / Double(perEpoch),
            reachedTarget: target.map { _ in trained.reachedTarget }, trainingLoss: trained.trainingLoss,
            measures: values, sharpnessConverged: converged,
            train: train, test: test,
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

    /// Trains `initial` on `batch` in its precision `T`, with `dropout` if any; stops once the full training loss, checked
    /// every tenth of `checkEvery` steps, is at most `target`.
    private func train<T: Real>(_ batch: Batch<T>, initial: Network<T>, optimizer: OptimizerSettings, dropout: Dropout?, rows: Rows,
                                plan: TrainingPlan, target: Double?, checkEvery: Int, interruption: (() -> Bool)?) throws -> TrainedNetwork {
        var reached = false
        var trainer = Trainer<T>(plan: plan)
        trainer.dropout = dropout
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
        let result = try trainer.run(initial, on: batch, optimizer: optimizer.makeOptimizer(T.self))
        let loss = result.network.evaluate(batch).loss
        guard loss.isFinite else {
            throw LandscapeError.diverged(step: result.steps, lastFiniteLoss: nil, lastFiniteStep: nil)
        }
        return TrainedNetwork(network: result.network.converted(), steps: result.steps, trainingLoss: loss,
                              reachedTarget: reached || (target.map { loss <= $0 } ?? false), trace: tracker?.samples ?? [])
    }
}
