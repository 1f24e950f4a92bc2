/// Where a training run stands, complete enough to continue it exactly: the weights, the
/// optimizer's state, the steps taken and the per-epoch records so far. The shuffles need no
/// storage: they are replayed from the seed. Resuming gives the same numbers, bit for bit, as a run
/// that was never stopped.
public struct TrainingCheckpoint: Sendable {
    public static let formatName = "landscape-checkpoint"
    public static let formatVersion = 1

    /// The weights, exactly (float64 holds every float32 value).
    public var parameters: [Matrix<Double>]
    public var optimizer: OptimizerState
    public var step: Int
    public var lastFiniteLoss: Double?
    public var history: [EpochRecord]
    /// What the caller needs to recognize its run (its settings) and to continue its own records.
    public var extra: [JSON.Member]

    public init(parameters: [Matrix<Double>], optimizer: OptimizerState, step: Int, lastFiniteLoss: Double?,
                history: [EpochRecord], extra: [JSON.Member] = []) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.step = step
        self.lastFiniteLoss = lastFiniteLoss
        self.history = history
        self.extra = extra
    }

    public var json: JSON {
        .object([
            JSON.Member("format", .string(TrainingCheckpoint.formatName)),
            JSON.Member("version", .number(TrainingCheckpoint.formatVersion)),
            JSON.Member("step", .number(step)),
            JSON.Member("last_finite_loss", .number(lastFiniteLoss)),
            JSON.Member("parameters", .array(parameters.map { .object(["rows": .number($0.rows), "cols": .number($0.cols), "values": .numbers($0.elements)]) })),
            JSON.Member("optimizer", optimizer.json),
            JSON.Member("history", .array(history.map(\.json))),
        ] + extra)
    }

    public init(json: JSON) throws {
        func fail(_ what: String) -> LandscapeError { .invalidInput("not a usable checkpoint: \(what)") }
        guard json["format"]?.stringValue == TrainingCheckpoint.formatName else { throw fail("the 'format' key is not \(TrainingCheckpoint.formatName)") }
        guard let version = json["version"]?.intValue, version >= 1, version <= TrainingCheckpoint.formatVersion else {
            throw fail("unsupported version")
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
        let known: Set = ["format", "version", "step", "last_finite_loss", "parameters", "optimizer", "history"]
        if case .object(let members) = json { extra = members.filter { !known.contains($0.key) } } else { extra = [] }
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
