/// Everything that decides a training run's numbers, as one value: the data and how it is split,
/// the network, its initialization and dropout, the optimizer and its hyperparameters, the learning
/// rate and its schedule, the batch size, the length, the seed and the precision.
///
/// Each field is a named setting (`RunConfiguration.settings`) with one text form, so a
/// configuration is written the same way everywhere: on the command line (`--lr 0.05`), in a
/// study's varied settings (`lr=0.05`), and in files, where `json` holds one member per setting
/// (the model's training record, checkpoints, study files and baselines). A file holding a
/// configuration is enough to run it again.
///
/// Two configurations are equal when they run the same: every setting has the same value, a
/// default left unset equal to the same default given.
public struct RunConfiguration: Equatable, Sendable {
    /// The CSV file of training rows (and of test rows, when `split` divides it).
    public var data: String
    /// How `data` is divided into training and test rows.
    public var split: Split = .whole
    /// A CSV file of test rows, instead of a split.
    public var test: String?
    /// Standardize the inputs with the training rows' mean and standard deviation.
    public var standardize = true
    /// Hidden layer widths (none: a linear model); nil for the default, `[128, 128]`, or the widths
    /// of `initialModel`.
    public var hidden: [Int]?
    /// nil for the default, `tanh`, or the activation of `initialModel`.
    public var activation: Activation?
    /// nil for the default, cross-entropy, or the loss of `initialModel`.
    public var loss: Loss?
    /// The number of classes of a classifier; nil for one more than the largest label, with every
    /// class below it present in the data.
    public var classes: Int?
    /// A model file to start from instead of a fresh initialization. It fixes the network and the
    /// input transform.
    public var initialModel: String?
    /// The factor `S > 0` on the bounds `±1/√fan_in` of the initial weights and biases; nil for the
    /// default, 1, or none when starting from `initialModel`.
    public var initScale: Double?
    /// The dropout rate `p ∈ [0, 1)` of the hidden layers during training (`Dropout`); 0 for none.
    public var dropoutRate = 0.0
    public var optimizer = OptimizerSettings(kind: .sgd)
    /// The base learning rate; `schedule` gives each step's rate from it.
    public var learningRate = 0.05
    public var schedule: LearningRateSchedule = .constant
    /// Clipping of each mini-batch gradient by its norm; nil for none.
    public var clipping: GradientClipping?
    public var batchSize = 32
    public var length: TrainingPlan.Length = .epochs(10)
    /// Seeds the initial weights, the split and the shuffles.
    public var seed: UInt64 = 0
    /// The precision the run computes in.
    public var precision: Precision = .float64

    public init(data: String) {
        self.data = data
    }

    public static func == (a: RunConfiguration, b: RunConfiguration) -> Bool { a.json == b.json }

    /// The hidden widths when the configuration gives none and starts from no model.
    public static let defaultHidden = [128, 128]

    /// Refuses settings that contradict each other, before any data is read: a split and a test
    /// file, a network described beside a model that fixes it, a hyperparameter the optimizer does
    /// not read, a schedule on the wrong side of the learning rate.
    public func validate() throws {
        if test != nil, split != .whole {
            throw LandscapeError.invalidInput("a split and an explicit test set cannot both be given")
        }
        if initialModel != nil {
            for (name, given) in [("hidden", hidden != nil), ("activation", activation != nil), ("loss", loss != nil),
                                  ("classes", classes != nil)] where given {
                throw LandscapeError.invalidInput("\(name) cannot be set when starting from a model (the model file fixes the network)")
            }
            if initScale != nil {
                throw LandscapeError.invalidInput("init-scale cannot be set when starting from a model (the model file fixes the weights)")
            }
        }
        if classes != nil, loss == .meanSquaredError {
            throw LandscapeError.invalidInput("classes applies to a classifier, not to mse")
        }
        try OptimizerSettings.requireReaders(of: optimizer.given.keys, among: [optimizer.kind])
        try schedule.validate(base: learningRate)
    }

    /// The plan the trainer follows: the configuration's batch size, length, learning rate,
    /// schedule and clipping, with the shuffles of its seed.
    public var plan: TrainingPlan {
        TrainingPlan(batchSize: batchSize, length: length, learningRate: learningRate, order: .shuffled(seed: seed),
                     schedule: schedule, clipping: clipping)
    }

    /// The dropout the trainer applies: `dropoutRate` with the masks of `seed`; nil when the rate is 0.
    public var dropout: Dropout? { dropoutRate > 0 ? Dropout(rate: dropoutRate, seed: seed) : nil }
}

extension RunConfiguration {
    /// The configuration as JSON: one member per setting that has a value, named as `settings`
    /// name them, in their order; numbers as numbers, standardization as a boolean, hidden widths as
    /// a list, everything else as the text the setting reads.
    public var json: JSON {
        .object(RunConfiguration.settings.compactMap { setting in setting.json(self).map { JSON.Member(setting.name, $0) } })
    }

    /// A configuration from `json`, refusing unknown settings and values a setting does not take.
    public init(json: JSON) throws {
        guard case .object(let members) = json else { throw LandscapeError.invalidInput("a run configuration is a JSON object") }
        self.init(data: "")
        for member in members {
            guard let setting = RunConfiguration.setting(named: member.key) else {
                throw LandscapeError.invalidInput("unknown setting '\(member.key)' in a run configuration")
            }
            guard let text = setting.text(fromJSON: member.value) else {
                throw LandscapeError.invalidInput("setting '\(member.key)' is \(member.value.compactText.prefix(40)), not a value it takes")
            }
            do {
                try setting.apply(text, to: &self)
            } catch LandscapeError.invalidInput(let reason) {
                throw LandscapeError.invalidInput("setting \(member.key) '\(text)': \(reason)")
            }
        }
        guard !data.isEmpty else { throw LandscapeError.invalidInput("a run configuration needs 'data'") }
    }

    /// The settings in which `other` differs from this configuration, as `name this → other`
    /// phrases (`unset` for a setting one of them leaves unset), for messages.
    public func differences(from other: RunConfiguration) -> [String] {
        RunConfiguration.settings.compactMap { setting in
            let (mine, theirs) = (setting.value(in: self), setting.value(in: other))
            guard mine != theirs else { return nil }
            return "\(setting.name) \(mine ?? "unset") → \(theirs ?? "unset")"
        }
    }
}
