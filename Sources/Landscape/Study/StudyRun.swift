/// One training run of a study: one configuration on one seed, and what was measured at its end.
public struct StudyRun: Sendable {
    public var seed: UInt64
    public var steps: Int
    public var epochs: Double
    /// The step at which the loss stopped being finite; nil for a run that finished.
    public var divergedAt: Int?
    /// Under loss matching: whether the run reached the loss it was stopped at (nil otherwise).
    public var reachedTarget: Bool?
    /// Final full training loss in the training precision (what loss matching compares).
    public var trainingLoss: Double?
    /// The measures of the final network that apply to it.
    public var measures: [Measure: Double]
    /// Whether the Lanczos iteration of the sharpness converged, when it was measured.
    public var sharpnessConverged: Bool?
    /// Loss and accuracy on all training and test rows, float64.
    public var train: Evaluation?
    public var test: Evaluation?
    /// Wall time of the run: training, evaluation and measures.
    public var seconds: Double
    /// Sharpness during training, when the study asked for it.
    public var sharpnessTrace: [SharpnessSample]

    public init(seed: UInt64, steps: Int, epochs: Double, divergedAt: Int? = nil, reachedTarget: Bool? = nil,
                trainingLoss: Double? = nil, measures: [Measure: Double] = [:], sharpnessConverged: Bool? = nil,
                train: Evaluation? = nil, test: Evaluation? = nil, seconds: Double, sharpnessTrace: [SharpnessSample] = []) {
        self.seed = seed
        self.steps = steps
        self.epochs = epochs
        self.divergedAt = divergedAt
        self.reachedTarget = reachedTarget
        self.trainingLoss = trainingLoss
        self.measures = measures
        self.sharpnessConverged = sharpnessConverged
        self.train = train
        self.test = test
        self.seconds = seconds
        self.sharpnessTrace = sharpnessTrace
    }

    /// Top Hessian eigenvalue of the full training loss, float64, by Lanczos.
    public var sharpness: Double? { measures[.sharpness] }
    /// Euclidean norm of all weights and biases.
    public var weightNorm: Double? { measures[.weightNorm] }

    /// The figures `compare` reports for every run, in the order of `docs/FORMATS.md#command-outputs`.
    public static let metricNames = [
        "sharpness", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "gap_loss", "gap_accuracy", "weight_norm",
    ]

    /// The generalization gaps, the quantities a measure is asked to predict.
    public static let gapNames = ["gap_loss", "gap_accuracy"]

    /// `metricNames` and then the other `measures`, in the order given: the figures of a study's runs.
    public static func metricNames(measuring measures: [Measure]) -> [String] {
        metricNames + measures.map(\.rawValue).filter { !metricNames.contains($0) }
    }

    /// The value of a metric or measure by name; nil when it does not apply (no test set, mse
    /// accuracy), was not measured, or the run diverged.
    public func metric(_ name: String) -> Double? {
        switch name {
        case "train_loss": return train?.loss
        case "test_loss": return test?.loss
        case "train_accuracy": return train?.accuracy
        case "test_accuracy": return test?.accuracy
        case "gap_loss": return test.flatMap { t in train.map { t.loss - $0.loss } }
        case "gap_accuracy": return train?.accuracy.flatMap { a in test?.accuracy.map { a - $0 } }
        default: return Measure(rawValue: name).flatMap { measures[$0] }
        }
    }

    /// The run as JSON, the one form every study output and file uses: `seed`, the metrics of
    /// `metricNames(measuring:)` (null where they do not apply), `steps`, `epochs`,
    /// `sharpness_converged`, `diverged_at`, `reached_target` under loss matching,
    /// `sharpness_trace` when tracked; the wall time `seconds` only with `timings`, so that a
    /// study's output is the same bytes on every run, and `training_loss` (the final loss in the
    /// training precision, which loss matching compares) only in checkpoints, with `resumable`.
    public func json(measuring measures: [Measure], timings: Bool, resumable: Bool = false) -> JSON {
        var members = [JSON.Member("seed", .number(String(seed)))]
        members += StudyRun.metricNames(measuring: measures).map { JSON.Member($0, .number(metric($0))) }
        members += [
            JSON.Member("steps", .number(steps)), JSON.Member("epochs", .number(epochs)),
            JSON.Member("sharpness_converged", sharpnessConverged.map(JSON.bool) ?? .null),
            JSON.Member("diverged_at", divergedAt.map { JSON.number($0) } ?? .null),
        ]
        if let reachedTarget { members.append(JSON.Member("reached_target", .bool(reachedTarget))) }
        if !sharpnessTrace.isEmpty { members.append(JSON.Member("sharpness_trace", .array(sharpnessTrace.map(\.json)))) }
        if timings || resumable { members.append(JSON.Member("seconds", .number(seconds))) }
        if resumable { members.append(JSON.Member("training_loss", .number(trainingLoss))) }
        return .object(members)
    }

    /// Reads a run written by `json(measuring:timings:resumable:)`.
    public init(json: JSON) throws {
        func fail(_ what: String) -> LandscapeError { .invalidInput("a study run is malformed: \(what)") }
        guard let seed = json["seed"]?.intValue, seed >= 0 else { throw fail("'seed' is missing") }
        guard let steps = json["steps"]?.intValue, let epochs = json["epochs"]?.doubleValue else { throw fail("'steps' or 'epochs' is missing") }
        let train = json["train_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["train_accuracy"]?.doubleValue) }
        let test = json["test_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["test_accuracy"]?.doubleValue) }
        var measures: [Measure: Double] = [:]
        for measure in Measure.allCases { measures[measure] = json[measure.rawValue]?.doubleValue }
        self.init(seed: UInt64(seed), steps: steps, epochs: epochs, divergedAt: json["diverged_at"]?.intValue,
                  reachedTarget: json["reached_target"]?.boolValue, trainingLoss: json["training_loss"]?.doubleValue,
                  measures: measures, sharpnessConverged: json["sharpness_converged"]?.boolValue,
                  train: train, test: test, seconds: json["seconds"]?.doubleValue ?? 0,
                  sharpnessTrace: try (json["sharpness_trace"]?.arrayValue ?? []).map(SharpnessSample.init(json:)))
    }
}
