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
    /// Keep the parameters at step 0, every this many steps and at the end (nil: never), into
    /// `iterates`. A run resumed from a checkpoint keeps them only when the checkpoint's run did.
    public var iteratesInterval: Int?
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
    /// The iterates kept, the final parameters last, once the run has finished (with `iteratesInterval`).
    public private(set) var iterates: Iterates?

    /// The largest network a run trains.
    public static let maximumParameters = 1e8

    /// Reads the data and the starting model of `configuration` and checks that they fit each other
    /// and the settings.
    public init(configuration: RunConfiguration) throws {
        try configuration.validate()
        let initial = try configuration.initialModel.map(Model.load)
        let loss = initial?.architecture.loss ?? configuration.loss ?? .crossEntropy
        let data = try TrainingData(
            dataset: try Dataset.load(configuration.data), split: configuration.split,
            testSet: try configuration.test.map(Dataset.load), loss: loss, seed: configuration.seed,
            standardize: configuration.standardize, transform: initial?.inputTransform,
            classes: configuration.classes ?? (loss.isClassification ? initial?.architecture.outputWidth : nil))
        try self.init(configuration: configuration, data: data, initialModel: initial)
    }

    /// The run of `configuration` on the data and starting model `other` read: for configurations
    /// that differ only in settings that leave the rows alone (not in data, split, test,
    /// standardize, loss, classes, init or seed), such as a study's.
    public init(configuration: RunConfiguration, sharingDataWith other: TrainingRun) throws {
        for name in Study.sharedSettings {
            let setting = RunConfiguration.setting(named: name)!
            precondition(setting.value(in: configuration) == setting.value(in: other.configuration), "\(name) differs from the run whose data is shared")
        }
        try configuration.validate()
        try self.init(configuration: configuration, data: other.data, initialModel: other.initialModel)
    }

    private init(configuration: RunConfiguration, data: TrainingData, initialModel initial: Model?) throws {
        self.configuration = configuration
        self.data = data
        initialModel = initial
        let loss = data.loss
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
        if configuration.dropoutRate > 0, architecture.layerCount < 2 {
            throw LandscapeError.invalidInput("dropout applies to the hidden layers, and this network has none")
        }
    }

    /// Optimizer steps of the whole run.
    public var totalSteps: Int { configuration.plan.totalSteps(rows: data.train.count) }

    /// Optimizer steps of one epoch.
    public var stepsPerEpoch: Int { configuration.plan.stepsPerEpoch(rows: data.train.count) }

    /// Trains, from the start or from `checkpoint` (of this configuration; see
    /// `TrainingCheckpoint.requireResumable`). `onEpoch` hears each epoch's record when
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
        let start = DispatchTime.now().uptimeNanoseconds
        let (train, test) = try data.batches(T.self)
        let network = initialModel.map { $0.network.converted(to: T.self) }
            ?? Network<T>(architecture: architecture, seed: configuration.seed, initScale: configuration.initScale ?? 1)
        var trainer = Trainer<T>(plan: configuration.plan)
        trainer.dropout = configuration.dropout
        trainer.evaluatesEachEpoch = evaluatesEachEpoch
        trainer.interruption = interruption
        log = TrainingLog(epochs: checkpoint?.history ?? [], tracked: checkpoint?.tracked ?? [])
        // The monitor looks every so many steps: tracking records the sharpness next to the losses
        // at its steps, and the iterates are kept at theirs.
        var observers: [(interval: Int, observe: (Trainer<T>.Progress) -> Void)] = []
        var tracked = log.tracked
        let perEpoch = Double(configuration.plan.stepsPerEpoch(rows: train.count))
        if let interval = sharpnessInterval {
            let tracker = SharpnessTracker(interval: interval, batch: try data.batches(Double.self).train)
            let tape = Tape<T>()
            observers.append((interval, { progress in
                tracker.observe(progress)
                let sample = tracker.samples[tracker.samples.count - 1]
                tracked.append(TrainingLog.Row(
                    epoch: Double(progress.step) / perEpoch, step: progress.step, train: progress.network.evaluate(train, tape: tape),
                    test: test.map { progress.network.evaluate($0, tape: tape) }, sharpness: sample.sharpness,
                    stabilityLimit: sample.stabilityLimit, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
            }))
        }
        var kept = iteratesInterval.map { checkpoint?.iterates ?? Iterates(architecture: architecture, every: $0) }
        if let interval = iteratesInterval {
            observers.append((interval, { progress in
                kept?.append(step: progress.step, parameters: progress.network.flatParameters.map { Double($0) })
            }))
        }
        if !observers.isEmpty {
            let interval = observers.map(\.interval).reduce(0, greatestCommonDivisor)
            trainer.monitor = Trainer.Monitor(interval: interval) { progress in
                for observer in observers where progress.step % observer.interval == 0 { observer.observe(progress) }
                return true
            }
        }
        if let checkpointPath {
            let configuration = configuration
            trainer.checkpoints = (interval: checkpointInterval, save: { state in
                var checkpoint = state
                checkpoint.configuration = configuration
                checkpoint.tracked = tracked
                checkpoint.iterates = kept
                try checkpoint.save(to: checkpointPath)
            })
        }
        var epochs = log.epochs
        defer { log = TrainingLog(epochs: epochs, tracked: tracked) }
        let result = try trainer.run(network, on: train, test: test, optimizer: configuration.optimizer.makeOptimizer(T.self),
                                     resumingFrom: checkpoint) { record in
            epochs.append(record)
            onEpoch(record)
        }
        iterates = kept?.ending(at: result.steps, parameters: result.network.flatParameters.map { Double($0) })
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
    public var record: JSON { Self.record(configuration: configuration, steps: steps, epochs: epochs, train: train, test: test) }

    /// The `training` record of a run of `configuration` that took `steps` and ended at `train`
    /// (and `test`): what `train` and a study's kept models write.
    public static func record(configuration: RunConfiguration, steps: Int, epochs: Double, train: Evaluation, test: Evaluation?) -> JSON {
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

/// The training log: one row per epoch, or, when the sharpness is tracked, one row every so many
/// steps with the sharpness beside the losses. Every row has the same columns filled
/// (`docs/FORMATS.md#training-logs`).
public struct TrainingLog: Sendable {
    /// Where a run stood at one step.
    public struct Row: Equatable, Sendable {
        /// Epochs done, fractional between epoch ends.
        public var epoch: Double
        public var step: Int
        /// Loss and accuracy on all training (and test) rows, in the training precision.
        public var train: Evaluation
        public var test: Evaluation?
        /// The top Hessian eigenvalue of the full training loss and `2/lr`, when tracked.
        public var sharpness: Double?
        public var stabilityLimit: Double?
        /// Wall time since the run (or its resumption) started.
        public var seconds: Double

        public init(epoch: Double, step: Int, train: Evaluation, test: Evaluation?, sharpness: Double? = nil,
                    stabilityLimit: Double? = nil, seconds: Double) {
            self.epoch = epoch
            self.step = step
            self.train = train
            self.test = test
            self.sharpness = sharpness
            self.stabilityLimit = stabilityLimit
            self.seconds = seconds
        }

        static let columns = ["epoch", "step", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "sharpness", "two_over_lr", "seconds"]

        /// The row's cells in the order of `columns`, each in round-trip form, empty where it has no value.
        var cells: [String] {
            let epochText = epoch == epoch.rounded() && Swift.abs(epoch) < 1e15 ? String(Int(epoch)) : "\(epoch)"
            let numbers: [Double?] = [train.loss, train.accuracy, test?.loss, test?.accuracy, sharpness, stabilityLimit, seconds]
            return [epochText, String(step)] + numbers.map { $0.map { "\($0)" } ?? "" }
        }

        /// The row as a checkpoint keeps it: `columns` as keys.
        public var json: JSON {
            .object(zip(Row.columns, [JSON.number(epoch), .number(step), .number(train.loss), .number(train.accuracy), .number(test?.loss),
                                      .number(test?.accuracy), .number(sharpness), .number(stabilityLimit), .number(seconds)])
                .map { JSON.Member($0, $1) })
        }

        public init(json: JSON) throws {
            guard let epoch = json["epoch"]?.doubleValue, let step = json["step"]?.intValue, let loss = json["train_loss"]?.doubleValue,
                  let seconds = json["seconds"]?.doubleValue else {
                throw LandscapeError.invalidInput("a training log row needs 'epoch', 'step', 'train_loss' and 'seconds'")
            }
            self.init(epoch: epoch, step: step, train: Evaluation(loss: loss, accuracy: json["train_accuracy"]?.doubleValue),
                      test: json["test_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["test_accuracy"]?.doubleValue) },
                      sharpness: json["sharpness"]?.doubleValue, stabilityLimit: json["two_over_lr"]?.doubleValue, seconds: seconds)
        }
    }

    /// The record of each epoch.
    public var epochs: [EpochRecord]
    /// The rows of the steps where the sharpness was tracked.
    public var tracked: [Row]

    public init(epochs: [EpochRecord] = [], tracked: [Row] = []) {
        self.epochs = epochs
        self.tracked = tracked
    }

    /// The log's rows: the tracked steps when the sharpness was tracked, else the epochs.
    public var rows: [Row] {
        guard tracked.isEmpty else { return tracked }
        return epochs.map { Row(epoch: Double($0.epoch), step: $0.step, train: $0.train, test: $0.test, seconds: $0.seconds) }
    }

    /// The log as CSV, a header and `rows`.
    public var csv: String {
        Row.columns.joined(separator: ",") + "\n" + rows.map { $0.cells.joined(separator: ",") + "\n" }.joined()
    }
}

extension TrainingCheckpoint {
    /// Refuses this checkpoint (read from `name`) unless `run` continues it: the same configuration,
    /// or one that only trains longer with a schedule that does not depend on the length (all but
    /// cosine), so that the longer run's first steps are those already taken, and that holds the
    /// iterates the run keeps. Continuing another run would mix two experiments.
    public func requireResumable(by run: TrainingRun, name: String) throws {
        guard curveEnds == nil else {
            throw LandscapeError.invalidInput("\(name) is a checkpoint of a curve's training: continue it with landscape connect --resume")
        }
        try requireResumable(configuration: run.configuration, totalSteps: run.totalSteps, name: name)
        try requireIterates(for: run, name: name)
    }

    /// Refuses this checkpoint (read from `name`) for a run of `configuration` and `totalSteps`
    /// steps unless it was saved by a run of the same settings, but perhaps another length: a longer
    /// run continues it, unless its schedule (cosine) depends on the length.
    func requireResumable(configuration: RunConfiguration, totalSteps: Int, name: String) throws {
        guard let recorded = self.configuration else {
            throw LandscapeError.invalidInput("\(name) records no run configuration, so it cannot be resumed as one")
        }
        var sameLength = configuration
        sameLength.length = recorded.length
        let differences = recorded.differences(from: sameLength)
        guard differences.isEmpty else {
            throw LandscapeError.invalidInput(
                "\(name) is a checkpoint of another run: give the same settings as then (\(differences.joined(separator: "; ")))")
        }
        guard recorded.length != configuration.length else { return }
        if case .cosine = recorded.schedule.shape {
            throw LandscapeError.invalidInput(
                "\(name): a cosine schedule depends on the run's length, so the run cannot be made longer (\(recorded.differences(from: configuration).joined(separator: "; ")))")
        }
        guard totalSteps >= step else {
            throw LandscapeError.invalidInput("\(name) has taken \(step) steps, more than the \(totalSteps) of the run as now given")
        }
    }

    /// Refuses this checkpoint (read from `name`) for `run` when the run keeps iterates and the
    /// checkpoint does not hold every one its run kept so far, `run.iteratesInterval` steps apart:
    /// the resumed run's iterates would miss the beginning.
    private func requireIterates(for run: TrainingRun, name: String) throws {
        guard let every = run.iteratesInterval else { return }
        guard let kept = iterates else {
            throw LandscapeError.invalidInput(
                "\(name) holds no iterates (its run did not keep them): start the run again with --save-iterates to have them all")
        }
        guard kept.every == every else {
            throw LandscapeError.invalidInput("\(name) holds the iterates of every \(kept.every) steps, not every \(every): resume with --iterates-every \(kept.every)")
        }
        guard kept.architecture == run.architecture, kept.areKept(through: step) else {
            throw LandscapeError.invalidInput("\(name): its iterates are not those of steps 0, \(every), … up to its step \(step)")
        }
    }
}

/// The greatest common divisor of two non-negative integers (0 with `n`: `n`).
private func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int { b == 0 ? a : greatestCommonDivisor(b, a % b) }
