import Landscape

/// The optimizer, its hyperparameters, the learning-rate schedule and gradient clipping, as flags:
/// shared by every command that runs an optimizer (`train`, `descend` and `compare`), so the
/// names, defaults and checks are the same everywhere.
enum OptimizerOptions {
    /// The flags; `list` lets `--optimizer` take a comma list (for commands that run several).
    static func options(list: Bool) -> [Option] {
        [
            list
                ? Option("--optimizer", "LIST", "comma list of sgd|momentum|nesterov|adam|adamw|rmsprop|newton (default sgd)")
                : Option("--optimizer", "NAME", "sgd|momentum|nesterov|adam|adamw|rmsprop|newton (default sgd)"),
            Option("--momentum", "MU", "μ of momentum and nesterov, in [0, 1) (default 0.9)"),
            Option("--beta1", "B", "β1 of adam and adamw, in [0, 1) (default 0.9)"),
            Option("--beta2", "B", "β2 of adam and adamw (default 0.999); the decay α of rmsprop (default 0.99)"),
            Option("--epsilon", "EPS", "ε of adam, adamw and rmsprop (default 1e-8)"),
            Option("--weight-decay", "L", "weight decay λ: decoupled for adamw, the L2 penalty λ/2·|θ|² otherwise (default 0)"),
            Option("--damping", "TAU", "newton: least damping τ added to the Hessian's diagonal (default 0)"),
            Option("--schedule", "SPEC", "constant | warmup:W | step:E:FACTOR | cosine[:MIN] | cyclical:H:MAX, or warmup:W+SHAPE (default constant)"),
            Option("--clip-norm", "C", "scale each gradient down to norm C when it is longer (default: no clipping)"),
        ]
    }

    /// The optimizers named by `--optimizer` (one unless `list`), with the hyperparameters the flags
    /// give. A hyperparameter flag that none of them reads is refused rather than ignored.
    static func settings(_ arguments: Arguments, list: Bool) throws -> [OptimizerSettings] {
        let text = arguments.string("--optimizer") ?? "sgd"
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard list || names.count == 1 else { throw LandscapeError.invalidInput("--optimizer '\(text)': give one optimizer") }
        guard names.count <= 16 else { throw LandscapeError.invalidInput("--optimizer '\(text)': at most 16 optimizers") }
        let kinds = try names.map { name in
            guard let kind = OptimizerKind(rawValue: name) else {
                throw LandscapeError.invalidInput(
                    "--optimizer '\(name)': expected one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
        let fraction = { (v: Double) in v >= 0 && v < 1 }
        let flags: [(OptimizerSettings.Hyperparameter, String, Double?)] = [
            (.momentum, "--momentum", try arguments.double("--momentum", where: fraction, expected: "in [0, 1)")),
            (.beta1, "--beta1", try arguments.double("--beta1", where: fraction, expected: "in [0, 1)")),
            (.beta2, "--beta2", try arguments.double("--beta2", where: fraction, expected: "in [0, 1)")),
            (.epsilon, "--epsilon", try arguments.double("--epsilon", where: { $0 > 0 }, expected: "positive")),
            (.damping, "--damping", try arguments.double("--damping", where: { $0 >= 0 }, expected: "0 or more")),
        ]
        for (hyperparameter, flag, value) in flags where value != nil {
            guard kinds.contains(where: { $0.hyperparameters.contains(hyperparameter) }) else {
                let readers = OptimizerKind.allCases.filter { $0.hyperparameters.contains(hyperparameter) }.map(\.rawValue)
                throw LandscapeError.invalidInput("\(flag) applies to \(readers.joined(separator: " and ")) only, not to \(text)")
            }
        }
        let weightDecay = try arguments.double("--weight-decay", where: { $0 >= 0 }, expected: "0 or more") ?? 0
        return kinds.map { kind in
            OptimizerSettings(kind: kind, momentum: flags[0].2 ?? 0.9, beta1: flags[1].2 ?? 0.9, beta2: flags[2].2,
                              epsilon: flags[3].2 ?? 1e-8, weightDecay: weightDecay, damping: flags[4].2 ?? 0)
        }
    }

    /// `--schedule`, checked against the base learning rates it will scale.
    static func schedule(_ arguments: Arguments, learningRates: [Double]) throws -> LearningRateSchedule {
        guard let text = arguments.string("--schedule") else { return .constant }
        do {
            let schedule = try LearningRateSchedule(parsing: text)
            for rate in learningRates { try schedule.validate(base: rate) }
            return schedule
        } catch LandscapeError.invalidInput(let message) {
            throw LandscapeError.invalidInput("--schedule '\(text)': \(message)")
        }
    }

    /// `--clip-norm`.
    static func clipping(_ arguments: Arguments) throws -> GradientClipping? {
        try arguments.double("--clip-norm", where: { $0 > 0 }, expected: "positive").map(GradientClipping.init(maximumNorm:))
    }
}
