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
    /// Top Hessian eigenvalue of the full training loss, float64, by Lanczos.
    public var sharpness: Double?
    public var sharpnessConverged: Bool?
    /// Loss and accuracy on all training and test rows, float64.
    public var train: Evaluation?
    public var test: Evaluation?
    /// Euclidean norm of all weights and biases.
    public var weightNorm: Double?
    /// Wall time of the run: training, evaluation and sharpness.
    public var seconds: Double
    /// Sharpness during training, when the study asked for it.
    public var sharpnessTrace: [SharpnessSample]

    public init(seed: UInt64, steps: Int, epochs: Double, divergedAt: Int? = nil, reachedTarget: Bool? = nil,
                trainingLoss: Double? = nil, sharpness: Double? = nil, sharpnessConverged: Bool? = nil,
                train: Evaluation? = nil, test: Evaluation? = nil, weightNorm: Double? = nil, seconds: Double,
                sharpnessTrace: [SharpnessSample] = []) {
        self.seed = seed
        self.steps = steps
        self.epochs = epochs
        self.divergedAt = divergedAt
        self.reachedTarget = reachedTarget
        self.trainingLoss = trainingLoss
        self.sharpness = sharpness
        self.sharpnessConverged = sharpnessConverged
        self.train = train
        self.test = test
        self.weightNorm = weightNorm
        self.seconds = seconds
        self.sharpnessTrace = sharpnessTrace
    }

    /// The figures a study compares, in the order of SPEC §4.
    public static let metricNames = [
        "sharpness", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "gap_loss", "gap_accuracy", "weight_norm",
    ]

    /// The value of one of `metricNames`; nil when it does not apply (no test set, mse accuracy) or the run diverged.
    public func metric(_ name: String) -> Double? {
        switch name {
        case "sharpness": return sharpness
        case "train_loss": return train?.loss
        case "test_loss": return test?.loss
        case "train_accuracy": return train?.accuracy
        case "test_accuracy": return test?.accuracy
        case "gap_loss": return test.flatMap { t in train.map { t.loss - $0.loss } }
        case "gap_accuracy": return train?.accuracy.flatMap { a in test?.accuracy.map { a - $0 } }
        case "weight_norm": return weightNorm
        default: return nil
        }
    }

    /// Every field, for a study's checkpoint.
    var checkpointJSON: JSON {
        .object([
            "seed": .number(String(seed)), "steps": .number(steps), "epochs": .number(epochs),
            "diverged_at": divergedAt.map { JSON.number($0) } ?? .null, "reached_target": reachedTarget.map(JSON.bool) ?? .null,
            "training_loss": .number(trainingLoss), "sharpness": .number(sharpness),
            "sharpness_converged": sharpnessConverged.map(JSON.bool) ?? .null,
            "train_loss": .number(train?.loss), "train_accuracy": .number(train?.accuracy),
            "test_loss": .number(test?.loss), "test_accuracy": .number(test?.accuracy),
            "weight_norm": .number(weightNorm), "seconds": .number(seconds),
            "trace": .array(sharpnessTrace.map(\.json)),
        ])
    }

    init(checkpointJSON json: JSON) throws {
        guard let seed = json["seed"]?.intValue, seed >= 0, let steps = json["steps"]?.intValue,
              let epochs = json["epochs"]?.doubleValue, let seconds = json["seconds"]?.doubleValue,
              let trace = json["trace"]?.arrayValue else {
            throw LandscapeError.invalidInput("not a usable study checkpoint: a run is malformed")
        }
        let train = json["train_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["train_accuracy"]?.doubleValue) }
        let test = json["test_loss"]?.doubleValue.map { Evaluation(loss: $0, accuracy: json["test_accuracy"]?.doubleValue) }
        self.init(seed: UInt64(seed), steps: steps, epochs: epochs, divergedAt: json["diverged_at"]?.intValue,
                  reachedTarget: json["reached_target"]?.boolValue, trainingLoss: json["training_loss"]?.doubleValue,
                  sharpness: json["sharpness"]?.doubleValue, sharpnessConverged: json["sharpness_converged"]?.boolValue,
                  train: train, test: test, weightNorm: json["weight_norm"]?.doubleValue, seconds: seconds,
                  sharpnessTrace: try trace.map { sample in
                      guard let sample = SharpnessSample(json: sample) else {
                          throw LandscapeError.invalidInput("not a usable study checkpoint: a sharpness sample is malformed")
                      }
                      return sample
                  })
    }
}
