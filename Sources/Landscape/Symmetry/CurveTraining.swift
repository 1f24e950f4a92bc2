/// Training the bend θ_C of a `BezierCurve` between two models so that the loss stays low all along
/// it (Garipov et al., 2018, §3.2; Draxler, Veschgini, Salmhofer and Hamprecht, 2018, "Essentially
/// No Barriers in Neural Network Energy Landscape", ICML). It minimizes the loss averaged over the
/// curve, ℓ(θ_C) = E_t~U(0,1) L(θ(t)), by stochastic gradients: mini-batch step k draws one t,
/// uniform in [0, 1), from generator number k of the seed's curve stream (`t(seed:step:)`), and
/// hands the optimizer 2t(1 − t)·∇L(θ(t)) on the batch (`BezierCurve.lossAndBendGradient`), an
/// unbiased estimate of ∇ℓ. The mini-batches, learning rate, schedule, clipping and optimizer (with
/// its weight decay, which acts on θ_C) are the configuration's, as `TrainingRun` uses them; θ_A and
/// θ_B stay fixed. θ_C starts at the midpoint (θ_A + θ_B)/2, where the curve is the straight line,
/// as Garipov et al. initialize it. The same configuration gives the same bits on any number of
/// threads.
public struct CurveTraining: Sendable {
    /// Model A (t = 0) and model B (t = 1).
    public let from: Model
    public let to: Model
    public let fromName: String
    public let toName: String
    /// The training settings: data, split or test file, optimizer and hyperparameters, learning
    /// rate, schedule, clipping, batch size, length, seed and precision. The models fix the network.
    public let configuration: RunConfiguration
    /// The training and test rows, as read; the models' input transform is `data.transform`.
    public let data: TrainingData
    /// Where to save a checkpoint: after every epoch, every `checkpointInterval` steps, and when
    /// the run is interrupted; `run(resumingFrom:)` continues one to the bits of a run never stopped.
    public var checkpointPath: String?
    public var checkpointInterval: Int?
    /// Asked before every step; when it answers true the run saves its checkpoint and throws
    /// `LandscapeError.interrupted` (Ctrl-C).
    public var interruption: (@Sendable () -> Bool)?

    /// The two models, as a checkpoint of this training records them.
    public var ends: CurveEnds { CurveEnds(from: CurveEnds.digest(from), to: CurveEnds.digest(to)) }

    /// The settings of a configuration that describe the network rather than its training: a
    /// curve's network is the models', so these are neither given nor recorded.
    public static let networkSettings: Set = ["standardize", "hidden", "activation", "loss", "classes", "init", "init-scale", "dropout"]

    /// Where the barriers of a trained curve are measured: 25 evenly spaced t in [0, 1], ends
    /// included (step 1/24), the default grid of `landscape interpolate --curve`.
    public static let barrierGrid = (0...24).map { Double($0) / 24 }

    /// Reads the data of `configuration` and checks that the models can be joined by a curve
    /// (same architecture, input transform and features), that the data fits them with finite
    /// losses, and that the settings train a curve: no network settings, no dropout, and a
    /// first-order optimizer (Newton's method would need the Hessian along the curve).
    public init(from: Model, to: Model, configuration: RunConfiguration, fromName: String = "the first model",
                toName: String = "the second model") throws {
        try from.requireCompatible(to, name: fromName, otherName: toName)
        try configuration.validate()
        let given = [("hidden", configuration.hidden != nil), ("activation", configuration.activation != nil), ("loss", configuration.loss != nil),
                     ("classes", configuration.classes != nil), ("init", configuration.initialModel != nil),
                     ("init-scale", configuration.initScale != nil), ("dropout", configuration.dropoutRate > 0)]
        if let (name, _) = given.first(where: \.1) {
            throw LandscapeError.invalidInput("\(name) cannot be set when training a curve (the two models fix the network)")
        }
        guard configuration.optimizer.kind != .newton else {
            throw LandscapeError.invalidInput("newton cannot train a curve (it would need the Hessian along the curve); use a first-order optimizer")
        }
        let loss = from.architecture.loss
        data = try TrainingData(
            dataset: try Dataset.load(configuration.data), split: configuration.split, testSet: try configuration.test.map(Dataset.load),
            loss: loss, seed: configuration.seed, standardize: false, transform: from.inputTransform,
            classes: loss.isClassification ? from.architecture.outputWidth : nil)
        for (model, name) in [(from, fromName), (to, toName)] {
            for rows in [data.train] + (data.test.map { [$0] } ?? []) {
                try model.requireFiniteLoss(name: name, on: rows, precision: configuration.precision)
            }
        }
        self.from = from
        self.to = to
        self.fromName = fromName
        self.toName = toName
        self.configuration = configuration
    }

    /// Optimizer steps of the whole run.
    public var totalSteps: Int { configuration.plan.totalSteps(rows: data.train.count) }

    /// The t that step `step` (from 0) of a run seeded `seed` trains at: uniform in [0, 1), from
    /// generator number `step` of the seed's curve stream, so it does not depend on anything drawn
    /// before.
    public static func t(seed: UInt64, step: Int) -> Double {
        var random = RandomSource(seed: seed, stream: .curve, index: UInt64(step))
        return random.uniform()
    }

    /// Trains the bend in the configuration's precision, and measures the trained curve and the
    /// straight line between its ends on `barrierGrid`, on the training rows and the test rows.
    /// `onEpoch`, when given, hears at the start and after every epoch the loss on the training rows
    /// at the curve's midpoint, t = ½.
    /// With `checkpoint` (of this training; see `TrainingCheckpoint.requireResumable(by:name:)`), the
    /// bend's training continues from it.
    public func run(resumingFrom checkpoint: TrainingCheckpoint? = nil, onEpoch: ((CurveEpoch) -> Void)? = nil) throws -> CurveOutcome {
        let trained = switch configuration.precision {
        case .float32: try train(Float.self, resumingFrom: checkpoint, onEpoch: onEpoch)
        case .float64: try train(Double.self, resumingFrom: checkpoint, onEpoch: onEpoch)
        }
        var curve = ModeCurve(curve: BezierCurve(architecture: from.architecture, start: from.network.parameters, bend: trained.bend,
                                                 end: to.network.parameters),
                              inputTransform: from.inputTransform, featureNames: from.featureNames ?? to.featureNames,
                              fromName: fromName, toName: toName)
        let path = Interpolation(curve: curve)
        let along = try path.profile(at: CurveTraining.barrierGrid, train: data.train, test: data.test, precision: configuration.precision)
        let line = try path.straight.profile(at: CurveTraining.barrierGrid, train: data.train, test: data.test, precision: configuration.precision)
        guard case .object(let settings) = configuration.json else { preconditionFailure("a configuration is a JSON object") }
        curve.training = .object([
            "configuration": .object(settings.filter { !CurveTraining.networkSettings.contains($0.key) }),
            "steps": .number(trained.steps), "epochs": .number(trained.epochs),
            "train_barrier": .number(along.trainBarrier.height), "linear_train_barrier": .number(line.trainBarrier.height),
            "test_barrier": .number(along.testBarrier?.height), "linear_test_barrier": .number(line.testBarrier?.height),
        ])
        return CurveOutcome(curve: curve, steps: trained.steps, epochs: trained.epochs, seconds: trained.seconds, along: along, line: line)
    }

    private func train<T: Real>(_: T.Type, resumingFrom checkpoint: TrainingCheckpoint?, onEpoch: ((CurveEpoch) -> Void)?) throws
        -> (bend: [Matrix<Double>], steps: Int, epochs: Double, seconds: Double) {
        let rows: Batch<T> = try from.batch(for: data.train)
        let architecture = from.architecture
        let start = from.network.converted(to: T.self).parameters, end = to.network.converted(to: T.self).parameters
        func curve(bend: [Matrix<T>]) -> BezierCurve<T> { BezierCurve(architecture: architecture, start: start, bend: bend, end: end) }
        var trainer = Trainer<T>(plan: configuration.plan)
        trainer.evaluatesAtEnd = false
        let seed = configuration.seed
        trainer.objective = { step, bend, batch, tape in
            curve(bend: bend).lossAndBendGradient(at: CurveTraining.t(seed: seed, step: step), on: batch, tape: tape)
        }
        if let onEpoch {
            let perEpoch = configuration.plan.stepsPerEpoch(rows: rows.count)
            trainer.monitor = Trainer.Monitor(interval: perEpoch) { progress in
                let midpoint = curve(bend: progress.network.parameters).network(at: 0.5).evaluate(rows)
                onEpoch(CurveEpoch(epoch: progress.step / perEpoch, step: progress.step, midpointLoss: midpoint.loss))
                return true
            }
        }
        trainer.interruption = interruption
        if let checkpointPath {
            let (configuration, ends) = (configuration, ends)
            trainer.checkpoints = (interval: checkpointInterval, save: { state in
                var checkpoint = state
                checkpoint.configuration = configuration
                checkpoint.curveEnds = ends
                try checkpoint.save(to: checkpointPath)
            })
        }
        let straight = BezierCurve(architecture: architecture, start: start, end: end)
        let result = try trainer.run(Network(architecture: architecture, parameters: straight.bend), on: rows,
                                     optimizer: configuration.optimizer.makeOptimizer(T.self), resumingFrom: checkpoint)
        return (result.network.parameters.map { $0.converted(to: Double.self) }, result.steps, result.epochs, result.seconds)
    }
}

/// The two end models of a curve, each as a digest of its parameters, so that a checkpoint of a
/// bend's training continues only between the same models.
public struct CurveEnds: Equatable, Sendable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// FNV-1a (64 bits) over each parameter tensor's shape and the bit patterns of its values, in
    /// order, as 16 hex digits.
    public static func digest(_ model: Model) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt64) {
            for byte in 0..<8 {
                hash ^= (word >> (8 * UInt64(byte))) & 0xff
                hash = hash &* 0x100_0000_01b3
            }
        }
        for tensor in model.network.parameters {
            mix(UInt64(tensor.rows))
            mix(UInt64(tensor.cols))
            for value in tensor.elements { mix(value.bitPattern) }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

extension TrainingCheckpoint {
    /// Refuses this checkpoint (read from `name`) for `training` unless it was saved by the training
    /// of a bend between the same two models with the same settings (a longer run may continue it).
    public func requireResumable(by training: CurveTraining, name: String) throws {
        guard let ends = curveEnds else {
            throw LandscapeError.invalidInput("\(name) is not a checkpoint of a curve's training (landscape connect --checkpoint)")
        }
        guard ends == training.ends else {
            throw LandscapeError.invalidInput("\(name) is a checkpoint of a curve between other models: give the same --from and --to as then")
        }
        try requireResumable(configuration: training.configuration, totalSteps: training.totalSteps, name: name)
    }
}

/// Where a curve's training stands after an epoch (epoch 0: before the first step).
public struct CurveEpoch: Sendable {
    public var epoch: Int
    public var step: Int
    /// The loss on all training rows at t = ½, where the straight line's barrier usually peaks.
    public var midpointLoss: Double
}

/// A trained curve, with how long it took and the loss along it and along the straight line between
/// its ends, at `CurveTraining.barrierGrid`: their barriers (`Interpolation.barrier`) are the
/// curve's and the line's.
public struct CurveOutcome: Sendable {
    /// The curve, its file's `training` record filled: the training settings (`configuration`),
    /// `steps`, `epochs`, and the barriers of `along` and `line` on the training and test rows.
    public var curve: ModeCurve
    public var steps: Int
    public var epochs: Double
    public var seconds: Double
    /// The loss along the trained curve.
    public var along: InterpolationProfile
    /// The loss along the straight line between the curve's ends.
    public var line: InterpolationProfile
}

extension CurveOutcome {
    /// The picture of `along` and `line`: train (and test) loss against t.
    public var figure: String {
        func points(_ profile: InterpolationProfile) -> [(alpha: Double, train: Double, test: Double?)] {
            profile.points.map { ($0.alpha, $0.train.loss, $0.test?.loss) }
        }
        return Figures.connection(curve: points(along), line: points(line), from: curve.fromName, to: curve.toName)
    }
}
