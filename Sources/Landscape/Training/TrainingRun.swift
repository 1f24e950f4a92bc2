import Dispatch

/// One training run made from its configuration, as `landscape train` makes it: the data read,
/// split and standardized, the network built (or read from the configuration's model), trained
/// in the configuration's precision, with a per-epoch log, an optional sharpness trace and
/// checkpoints, ending in a model file that records how it was made.
///
/// What the run computes depends only on the configuration; the other properties decide what is
/// observed and saved along the way, and may differ between a run and its resumption.
public struct TrainingRun: Sendable {
    public let configuration: RunConfiguration
    /// The training and test rows as read, with the input transform the run applies to them
    /// (`data.transform`; the rows themselves are not transformed).
    public let data: TrainingData
    public let architecture: Architecture
    /// The model the run starts from, when the configuration names one.
    public let initialModel: Model?

    /// Measure the sharpness every this many steps (nil: never), into `log`.
    public var sharpnessInterval: Int?
    /// Evaluate on all training and test rows after every epoch, into `log`.
    public var evaluatesEachEpoch = false
    /// Where to save a checkpoint: after every epoch, every `checkpointInterval` steps, and when
    /// the run is interrupted.
    public var checkpointPath: String?
    public var checkpointInterval: Int?
    /// Asked before every step; when it answers true the run saves its checkpoint and throws
    /// `LandscapeError.interrupted` (Ctrl-C).
    public var interruption: (@Sendable () -> Bool)?
    /// What the run has recorded so far. It is kept when the run throws, so that a diverged or
    /// interrupted run's log can still be written.
    public private(set) var log = TrainingLog()

    /// The largest network a run trains.
    public static let maximumParameters = 1e8

    /// Reads the data and the starting model of `configuration` and checks that they fit each other
    /// and the settings.
    public init(configuration: RunConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let initial = try configuration.initialModel.map(Model.load)
        initialModel = initial
        let loss = initial?.architecture.loss ?? configuration.loss ?? .crossEntropy
        data = try TrainingData(
            dataset: try Dataset.load(configuration.data), split: configuration.split,
            testSet: try configuration.test.map(Dataset.load), loss: loss, seed: configuration.seed,
            standardize: configuration.standardize, transform: initial?.inputTransform,
            classes: configuration.classes ?? (loss.isClassification ? initial?.architecture.outputWidth : nil))
        if let initial, let path = configuration.initialModel {
            guard initial.architecture.inputWidth == data.train.featureCount else {
                throw LandscapeError.invalidInput(
                    "\(data.train.source) has \(data.train.featureCount) feature columns but the model \(path) takes \(initial.architecture.inputWidth) inputs")
            }
            guard !loss.isClassification || data.outputWidth <= initial.architecture.outputWidth else {
                throw LandscapeError.invalidInput("the data has \(data.outputWidth) classes but the model \(path) has \(initial.architecture.outputWidth) outputs")
            }
            try initial.requireFiniteLoss(name: path, on: data.train, precision: configuration.precision)
            architecture = initial.architecture
        } else {
            let hidden = configuration.hidden ?? RunConfiguration.defaultHidden
            let sizes = [data.train.featureCount] + hidden + [data.outputWidth]
            let parameters = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
            guard parameters <= TrainingRun.maximumParameters else {
                throw LandscapeError.invalidInput(
                    "hidden widths \(hidden.map(String.init).joined(separator: ",")): \(Int(parameters)) parameters is more than this tool handles (10^8)")
            }
            architecture = Architecture(sizes: sizes, activation: configuration.activation ?? .tanh, loss: loss)
        }
    }

    /// Optimizer steps of the whole run.
    public var totalSteps: Int { configuration.plan.totalSteps(rows: data.train.count) }

    /// Trains, from the start or from `checkpoint` (of this configuration; see
    /// `TrainingCheckpoint.requireSameRun`). `onEpoch` hears each epoch's record when
    /// `evaluatesEachEpoch`.
    public mutating func run(resumingFrom checkpoint: TrainingCheckpoint? = nil,
                             onEpoch: (EpochRecord) -> Void = { _ in }) throws -> TrainingOutcome {
        switch configuration.precision {
        case .float32: try train(Float.self, resumingFrom: checkpoint, onEpoch: onEpoch)
        case .float64: try train(Double.self, resumingFrom: checkpoint, onEpoch: onEpoch)
        }
    }

    private mutating func train<T: Real>(_: T.Type, resumingFrom checkpoint: TrainingCheckpoint?,
                                         onEpoch: (EpochRecord) -> Void) throws -> TrainingOutcome {
        let (train, test) = try data.batches(T.self)
        let network = initialModel.map { $0.network.converted(to: T.self) } ?? Network<T>(architecture: architecture, seed: configuration.seed)
        var trainer = Trainer<T>(plan: configuration.plan)
        trainer.evaluatesEachEpoch = evaluatesEachEpoch
        trainer.interruption = interruption
        log = TrainingLog(epochs: checkpoint?.history ?? [], sharpness: checkpoint?.sharpness ?? [])
        let tracker = try sharpnessInterval.map { SharpnessTracker(interval: $0, batch: try data.batches(Double.self).train, samples: log.sharpness) }
        if let tracker {
            trainer.monitor = Trainer.Monitor(interval: tracker.interval) { progress in
                tracker.observe(progress)
                return true
            }
        }
        if let checkpointPath {
            let (configuration, earlier) = (configuration, log.sharpness)
            trainer.checkpoints = (interval: checkpointInterval, save: { state in
                var checkpoint = state
                checkpoint.configuration = configuration
                checkpoint.sharpness = tracker?.samples ?? earlier
                try checkpoint.save(to: checkpointPath)
            })
        }
        var epochs = log.epochs
        defer { log = TrainingLog(epochs: epochs, sharpness: tracker?.samples ?? log.sharpness) }
        let result = try trainer.run(network, on: train, test: test, optimizer: configuration.optimizer.makeOptimizer(T.self),
                                     resumingFrom: checkpoint) { record in
            epochs.append(record)
            onEpoch(record)
        }
        return TrainingOutcome(configuration: configuration, steps: result.steps, epochs: result.epochs, train: result.train!,
                               test: result.test, seconds: result.seconds, optimizerReport: result.optimizerReport,
                               network: result.network.converted(), inputTransform: data.transform, featureNames: data.train.featureNames)
    }
}

/// What a finished training run gives: the trained model (with a record of how it was made), the
/// final losses and accuracies on all training and test rows, and the time it took.
public struct TrainingOutcome: Sendable {
    public var configuration: RunConfiguration
    public var steps: Int
    /// Epochs run, fractional when the run was given in steps.
    public var epochs: Double
    public var train: Evaluation
    public var test: Evaluation?
    public var seconds: Double
    /// What the optimizer reported about the run (Newton's damping), if anything.
    public var optimizerReport: String?
    /// The trained weights, in float64 (which holds every float32 value exactly).
    public var network: Network<Double>
    public var inputTransform: InputTransform?
    /// The training data's feature columns, which the model records.
    public var featureNames: [String]

    /// The model file's `training` record: the configuration and what it achieved.
    public var record: JSON {
        .object([
            "configuration": configuration.json, "steps": .number(steps), "epochs": .number(epochs),
            "train_loss": .number(train.loss), "test_loss": .number(test?.loss),
        ])
    }

    /// The trained model, with the training record.
    public var model: Model {
        Model(network: network, inputTransform: inputTransform, featureNames: featureNames, extra: [JSON.Member("training", record)])
    }
}

/// A run's per-epoch records and sharpness samples: the training log.
public struct TrainingLog: Sendable {
    public var epochs: [EpochRecord] = []
    public var sharpness: [SharpnessSample] = []

    public init(epochs: [EpochRecord] = [], sharpness: [SharpnessSample] = []) {
        self.epochs = epochs
        self.sharpness = sharpness
    }

    /// The log as CSV (`docs/FORMATS.md#training-logs`): epoch rows and sharpness rows
    /// in step order, an epoch row first when both fall on one step; cells that do not apply are
    /// empty.
    public var csv: String {
        var rows: [(step: Int, order: Int, cells: [String])] = epochs.map { r in
            (r.step, 0, [String(r.epoch), String(r.step), "\(r.train.loss)", r.train.accuracy.map { "\($0)" } ?? "",
                         r.test.map { "\($0.loss)" } ?? "", r.test?.accuracy.map { "\($0)" } ?? "", "", "", "\(r.seconds)"])
        }
        rows += sharpness.map { s in
            (s.step, 1, ["", String(s.step), "", "", "", "", "\(s.sharpness)", "\(s.stabilityLimit)", ""])
        }
        rows.sort { ($0.step, $0.order) < ($1.step, $1.order) }
        let header = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,sharpness,two_over_lr,seconds\n"
        return header + rows.map { $0.cells.joined(separator: ",") + "\n" }.joined()
    }
}

extension TrainingCheckpoint {
    /// Refuses this checkpoint (read from `name`) unless it was saved by a run of `configuration`:
    /// continuing another run would mix two experiments.
    public func requireSameRun(_ configuration: RunConfiguration, name: String) throws {
        guard let recorded = self.configuration else {
            throw LandscapeError.invalidInput("\(name) records no run configuration, so it cannot be resumed as one")
        }
        let differences = recorded.differences(from: configuration)
        guard differences.isEmpty else {
            throw LandscapeError.invalidInput(
                "\(name) is a checkpoint of another run: give the same settings as then (\(differences.joined(separator: "; ")))")
        }
    }
}
