import Landscape

/// The settings of a training run (`RunConfiguration.settings`) as options: `--NAME` with the
/// setting's placeholder, meaning and default, so that each is declared once, in the library.
enum TrainingOptions {
    /// The option of the setting `name`, with `summary` when the setting means more to the command
    /// than its own summary says, and `defaultText` when the command's default is not the setting's own.
    static func setting(_ name: String, summary: String? = nil, defaultText: String? = nil) -> Option<String> {
        guard let setting = RunConfiguration.setting(named: name) else { preconditionFailure("no setting named \(name)") }
        return Option("--" + name, setting.placeholder, summary ?? setting.summary, defaultText: defaultText ?? setting.defaultText,
                      role: setting.isPath ? .input : .plain) { text in
            var scratch = RunConfiguration(data: "")
            try setting.apply(text, to: &scratch)
            return text
        }
    }

    static let data = setting("data")
    static let split = setting("split")
    static let test = setting("test")
    static let noStandardize = Option.flag("--no-standardize", "train on raw features (no input_transform)")
    static let hidden = setting("hidden")
    static let activation = setting("activation")
    static let loss = setting("loss")
    static let classes = setting("classes")
    static let batch = setting("batch")
    static let lr = setting("lr")
    static let epochs = setting("epochs")
    static let steps = setting("steps")
    static let seed = setting("seed")
    static let initialModel = setting("init")
    static let initScale = setting("init-scale")
    static let dropout = setting("dropout")
    static let precision = setting("precision")
    /// The hyperparameters of the optimizers, with weight decay.
    static let hyperparameters = ["momentum", "beta1", "beta2", "epsilon", "weight-decay", "damping", "rho", "eta"].map { setting($0) }
    static let schedule = setting("schedule")
    static let clipNorm = setting("clip-norm")
    /// The optimizer with its hyperparameters, schedule and clipping.
    static let optimizer = [setting("optimizer")] + hyperparameters + [schedule, clipNorm]

    /// Sets in `configuration` every setting among `options` that was given, and standardization.
    static func apply(_ arguments: Arguments, _ options: [Option<String>], to configuration: inout RunConfiguration) throws {
        for option in options {
            guard let text = arguments.text(option) else { continue }
            try RunConfiguration.setting(named: String(option.name.dropFirst(2)))!.apply(text, to: &configuration)
        }
        if arguments.has(noStandardize) { configuration.standardize = false }
    }
}
