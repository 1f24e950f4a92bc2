/// Where a training run stands, complete enough to continue it exactly: the weights, the
/// optimizer's state, the steps taken and the per-epoch records so far, with the configuration of
/// the run, the sharpness it tracked and the iterates it kept. The shuffles need no storage: they are replayed from the
/// seed. Resuming gives the same numbers, bit for bit, as a run that was never stopped.
public struct TrainingCheckpoint: Sendable {
    public static let formatName = "landscape-checkpoint"
    public static let formatVersion = 2

    /// The weights, exactly (float64 holds every float32 value).
    public var parameters: [Matrix<Double>]
    public var optimizer: OptimizerState
    public var step: Int
    public var lastFiniteLoss: Double?
    public var history: [EpochRecord]
    /// The run this is a checkpoint of, when a `TrainingRun` saved it.
    public var configuration: RunConfiguration?
    /// The training log's rows of the steps where the sharpness was tracked, so far.
    public var tracked: [TrainingLog.Row]
    /// The iterates kept so far (steps 0, `every`, … up to `step`), when the run keeps them.
    public var iterates: Iterates?
    /// For the training of a curve's bend (`CurveTraining`): the digests of its two end models, and
    /// `parameters` is the bend.
    public var curveEnds: CurveEnds?

    public init(parameters: [Matrix<Double>], optimizer: OptimizerState, step: Int, lastFiniteLoss: Double?,
                history: [EpochRecord], configuration: RunConfiguration? = nil, tracked: [TrainingLog.Row] = [],
                iterates: Iterates? = nil) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.step = step
        self.lastFiniteLoss = lastFiniteLoss
        self.history = history
        self.configuration = configuration
        self.tracked = tracked
        self.iterates = iterates
    }

    public var json: JSON {
        var members = [
            JSON.Member("format", .string(TrainingCheckpoint.formatName)),
            JSON.Member("version", .number(TrainingCheckpoint.formatVersion)),
            JSON.Member("step", .number(step)),
            JSON.Member("last_finite_loss", .number(lastFiniteLoss)),
            JSON.Member("parameters", .array(parameters.map { .object(["rows": .number($0.rows), "cols": .number($0.cols), "values": .numbers($0.elements)]) })),
            JSON.Member("optimizer", optimizer.json),
            JSON.Member("history", .array(history.map(\.json))),
        ]
        if let configuration { members.append(JSON.Member("configuration", configuration.json)) }
        if !tracked.isEmpty { members.append(JSON.Member("tracked", .array(tracked.map(\.json)))) }
        if let iterates { members.append(JSON.Member("iterates", iterates.json)) }
        if let curveEnds { members.append(JSON.Member("curve_ends", .object(["from": .string(curveEnds.from), "to": .string(curveEnds.to)]))) }
        return .object(members)
    }

    public init(json: JSON) throws {
        func fail(_ what: String) -> LandscapeError { .invalidInput("not a usable checkpoint: \(what)") }
        guard json["format"]?.stringValue == TrainingCheckpoint.formatName else { throw fail("the 'format' key is not \(TrainingCheckpoint.formatName)") }
        guard let version = json["version"]?.intValue, version == TrainingCheckpoint.formatVersion else {
            throw fail("version \(json["version"]?.compactText ?? "missing") is not \(TrainingCheckpoint.formatVersion), the version this landscape writes (start the run again)")
        }
        guard let step = json["step"]?.intValue, step >= 0 else { throw fail("'step' is missing") }
        guard let tensors = json["parameters"]?.arrayValue, let optimizer = json["optimizer"],
              let history = json["history"]?.arrayValue else { throw fail("'parameters', 'optimizer' or 'history' is missing") }
        parameters = try tensors.map { tensor in
            guard let rows = tensor["rows"]?.intValue, let cols = tensor["cols"]?.intValue, rows >= 0, cols >= 0,
                  let values = tensor["values"]?.arrayValue?.compactMap(\.doubleValue), values.count == rows * cols,
                  values.allSatisfy(\.isFinite) else { throw fail("a parameter tensor is malformed") }
            return Matrix(rows: rows, cols: cols, elements: values)
        }
        self.optimizer = try OptimizerState(json: optimizer)
        self.step = step
        lastFiniteLoss = json["last_finite_loss"]?.doubleValue
        self.history = try history.map(EpochRecord.init(json:))
        configuration = try json["configuration"].map(RunConfiguration.init(json:))
        tracked = try (json["tracked"]?.arrayValue ?? []).map(TrainingLog.Row.init(json:))
        iterates = try json["iterates"].map(Iterates.init(json:))
        curveEnds = try json["curve_ends"].map { ends in
            guard let from = ends["from"]?.stringValue, let to = ends["to"]?.stringValue else { throw fail("'curve_ends' is malformed") }
            return CurveEnds(from: from, to: to)
        }
    }

    /// Writes the checkpoint atomically: an interruption while writing leaves the previous one.
    public func save(to path: String) throws {
        try Files.writeAtomically(json.compactText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> TrainingCheckpoint {
        try Files.readJSON(path, decode: TrainingCheckpoint.init(json:))
    }
}

extension EpochRecord {
    var json: JSON {
        .object([
            "epoch": .number(epoch), "step": .number(step),
            "train_loss": .number(train.loss), "train_accuracy": .number(train.accuracy),
            "test_loss": .number(test?.loss), "test_accuracy": .number(test?.accuracy), "seconds": .number(seconds),
        ])
    }

    init(json: JSON) throws {
        guard let epoch = json["epoch"]?.intValue, let step = json["step"]?.intValue,
              let loss = json["train_loss"]?.doubleValue, let seconds = json["seconds"]?.doubleValue else {
            throw LandscapeError.invalidInput("not a usable checkpoint: an epoch record is malformed")
        }
        self.init(epoch: epoch, step: step, train: Evaluation(loss: loss, accuracy: json["train_accuracy"]?.doubleValue),
                  test: json["test_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["test_accuracy"]?.doubleValue) },
                  seconds: seconds)
    }
}
