extension SharpnessSample {
    /// The sample as it is kept in a study's checkpoint and in `train`'s checkpoints:
    /// `{"step": …, "sharpness": …, "lr": …}`.
    public var json: JSON {
        .object(["step": .number(step), "sharpness": .number(sharpness), "lr": .number(learningRate)])
    }

    /// Reads a sample written by `json`; nil when a field is missing or of the wrong kind, so that
    /// each reader decides whether to skip the sample or refuse the whole file.
    public init?(json: JSON) {
        guard let step = json["step"]?.intValue, let sharpness = json["sharpness"]?.doubleValue,
              let learningRate = json["lr"]?.doubleValue else { return nil }
        self.init(step: step, sharpness: sharpness, learningRate: learningRate)
    }
}
