import Foundation

extension RunConfiguration {
    /// One setting of a run, declared once with its name, the kind of value it takes, what it means
    /// and its text form: the command line offers it as `--NAME`, a study varies it as `NAME=LIST`,
    /// and `RunConfiguration.json` stores it under `NAME`. The default is what a configuration
    /// holds before the setting is given.
    public struct Setting: Sendable {
        /// The setting's name: `lr`, `batch`, `weight-decay`, ….
        public let name: String
        /// What the value looks like, for help: `X`, `N`, `LIST`, or the choices.
        public let placeholder: String
        /// What the setting means, in a few words.
        public let summary: String
        /// How the default reads when there is no value to show (`no clipping`), or nil.
        public let defaultNote: String?
        /// How the value is written in JSON.
        let kind: Kind
        /// Sets the value from its text; throws `invalidInput` with the reason (not the text).
        let assign: @Sendable (String, inout RunConfiguration) throws -> Void
        /// The value as text, or nil when the configuration has none.
        let text: @Sendable (RunConfiguration) -> String?

        /// The default, as help shows it: the value a configuration holds before the setting is
        /// given (numbers to six significant digits), or the note that describes it.
        public var defaultText: String? {
            if let defaultNote { return defaultNote }
            guard let value = text(RunConfiguration(data: "")) else { return nil }
            return NumberText.finite(value).map { NumberText.short($0) } ?? value
        }

        /// The JSON form of a setting's value: a number, a string, a file's path, a boolean, or a
        /// list of widths.
        enum Kind: Sendable {
            case number, text, path, bool, widths
        }

        /// Whether the value names a file the run reads.
        public var isPath: Bool { kind == .path }

        init(name: String, placeholder: String, summary: String, defaultNote: String?, kind: Kind = .text,
             assign: @escaping @Sendable (String, inout RunConfiguration) throws -> Void,
             text: @escaping @Sendable (RunConfiguration) -> String?) {
            self.name = name
            self.placeholder = placeholder
            self.summary = summary
            self.defaultNote = defaultNote
            self.kind = kind
            self.assign = assign
            self.text = text
        }

        /// The value in `configuration` as JSON, or nil when it has none.
        func json(_ configuration: RunConfiguration) -> JSON? {
            guard let value = text(configuration) else { return nil }
            switch kind {
            case .number: return .number(value)
            case .text, .path: return .string(value)
            case .bool: return .bool(value == "true")
            case .widths: return value == "none" ? .array([]) : .array(value.split(separator: ",").map { .number(String($0)) })
            }
        }

        /// The text of a value written by `json`, or nil when `json` is not of this setting's kind.
        func text(fromJSON json: JSON) -> String? {
            switch (kind, json) {
            case (.number, .number(let text)), (.text, .string(let text)), (.path, .string(let text)): return text
            case (.bool, .bool(let value)): return value ? "true" : "false"
            case (.widths, .array(let items)):
                let widths = items.compactMap(\.intValue)
                guard widths.count == items.count else { return nil }
                return widths.isEmpty ? "none" : widths.map(String.init).joined(separator: ",")
            default: return nil
            }
        }

        /// Sets this setting of `configuration` from `text`.
        public func apply(_ text: String, to configuration: inout RunConfiguration) throws {
            try assign(text, &configuration)
        }

        /// The value of this setting in `configuration`, as text; nil when it has none.
        public func value(in configuration: RunConfiguration) -> String? { text(configuration) }
    }

    /// The setting called `name`, if there is one.
    public static func setting(named name: String) -> Setting? { settings.first { $0.name == name } }

    /// Every setting, in the order files list them.
    public static let settings: [Setting] = [
        Setting(name: "data", placeholder: "FILE", summary: "CSV data with a 'label' column", defaultNote: nil, kind: .path,
                assign: { $1.data = $0 }, text: { $0.data.isEmpty ? nil : $0.data }),
        Setting(name: "split", placeholder: "file:N|F",
                summary: "file:N = first N rows train, the rest test; F in (0,1) = a stratified seeded fraction for training",
                defaultNote: nil,
                assign: { $1.split = try Split(parsing: $0) }, text: { $0.split == .whole ? nil : $0.split.description }),
        Setting(name: "test", placeholder: "FILE", summary: "an explicit test set (instead of a split)", defaultNote: nil, kind: .path,
                assign: { $1.test = $0 }, text: { $0.test }),
        Setting(name: "standardize", placeholder: "true|false", summary: "standardize the inputs with the training rows' mean and std",
                defaultNote: nil, kind: .bool,
                assign: { $1.standardize = try parseBool($0) }, text: { "\($0.standardize)" }),
        Setting(name: "hidden", placeholder: "LIST", summary: "hidden layer widths, e.g. 128,128; 'none' for no hidden layer",
                defaultNote: RunConfiguration.defaultHidden.map(String.init).joined(separator: ","), kind: .widths,
                assign: { $1.hidden = try parseWidths($0) },
                text: { c in
                    (c.hidden ?? (c.initialModel == nil ? RunConfiguration.defaultHidden : nil)).map { $0.isEmpty ? "none" : $0.map(String.init).joined(separator: ",") }
                }),
        Setting(name: "activation", placeholder: choices(Activation.self), summary: "the nonlinearity after each hidden layer",
                defaultNote: Activation.tanh.rawValue,
                assign: { $1.activation = try parseChoice($0) },
                text: { $0.activation?.rawValue ?? ($0.initialModel == nil ? Activation.tanh.rawValue : nil) }),
        Setting(name: "loss", placeholder: choices(Loss.self), summary: "the training objective", defaultNote: Loss.crossEntropy.rawValue,
                assign: { $1.loss = try parseChoice($0) },
                text: { $0.loss?.rawValue ?? ($0.initialModel == nil ? Loss.crossEntropy.rawValue : nil) }),
        Setting(name: "classes", placeholder: "C", summary: "number of classes 0…C−1, when not every class occurs in the data",
                defaultNote: "one more than the largest label", kind: .number,
                assign: { $1.classes = try parseInteger($0, in: 2...(Dataset.maximumClassIndex + 1)) }, text: { $0.classes.map { "\($0)" } }),
        Setting(name: "init", placeholder: "FILE", summary: "start from this model file instead of a fresh initialization",
                defaultNote: nil, kind: .path,
                assign: { $1.initialModel = $0 }, text: { $0.initialModel }),
        Setting(name: "init-scale", placeholder: "S",
                summary: "multiply the bounds ±1/√fan_in of the initial weights and biases by S; positive", defaultNote: nil, kind: .number,
                assign: { $1.initScale = try parseNumber($0, "positive") { $0 > 0 } },
                text: { c in (c.initScale ?? (c.initialModel == nil ? 1 : nil)).map { "\($0)" } }),
        Setting(name: "dropout", placeholder: "P",
                summary: "drop each hidden unit's output with probability P while training (inverted dropout); in [0, 1)",
                defaultNote: nil, kind: .number,
                assign: { $1.dropoutRate = try parseNumber($0, "in [0, 1)") { $0 >= 0 && $0 < 1 } }, text: { "\($0.dropoutRate)" }),
        Setting(name: "optimizer", placeholder: choices(OptimizerKind.self), summary: "the update rule", defaultNote: nil,
                assign: { $1.optimizer.kind = try parseChoice($0) }, text: { $0.optimizer.kind.rawValue }),
        hyperparameter(.momentum, "MU", "μ of momentum and nesterov, and of the heavy-ball base of sam and asam, in [0, 1)",
                       defaultNote: "0.9; 0 for sam and asam", valid: { $0 >= 0 && $0 < 1 }, "in [0, 1)"),
        hyperparameter(.beta1, "B", "β1 of adam and adamw, in [0, 1)", valid: { $0 >= 0 && $0 < 1 }, "in [0, 1)"),
        hyperparameter(.beta2, "B", "β2 of adam and adamw (0.999), the decay α of rmsprop (0.99), in [0, 1)",
                       defaultNote: "0.999; 0.99 for rmsprop", valid: { $0 >= 0 && $0 < 1 }, "in [0, 1)"),
        hyperparameter(.epsilon, "EPS", "ε of adam, adamw and rmsprop, positive", valid: { $0 > 0 }, "positive"),
        hyperparameter(.damping, "TAU", "newton: least damping τ added to the Hessian's diagonal, 0 or more",
                       valid: { $0 >= 0 }, "0 or more"),
        hyperparameter(.rho, "RHO", "radius ρ of the neighbourhood of sam and asam, positive",
                       valid: { $0 > 0 }, "positive"),
        hyperparameter(.eta, "ETA", "asam: η in the scale |θ| + η of each parameter's neighbourhood, 0 or more",
                       valid: { $0 >= 0 }, "0 or more"),
        Setting(name: "weight-decay", placeholder: "L",
                summary: "weight decay λ: decoupled for adamw, the L2 penalty λ/2·|θ|² otherwise; 0 or more",
                defaultNote: nil, kind: .number,
                assign: { $1.optimizer.weightDecay = try parseNumber($0, "0 or more") { $0 >= 0 } },
                text: { "\($0.optimizer.weightDecay)" }),
        Setting(name: "lr", placeholder: "X", summary: "learning rate, positive", defaultNote: nil, kind: .number,
                assign: { $1.learningRate = try parseNumber($0, "positive") { $0 > 0 } }, text: { "\($0.learningRate)" }),
        Setting(name: "schedule", placeholder: "SPEC",
                summary: "constant | warmup:W | step:E:FACTOR | cosine[:MIN] | cyclical:H:MAX, or warmup:W+SHAPE", defaultNote: nil,
                assign: { $1.schedule = try LearningRateSchedule(parsing: $0) }, text: { $0.schedule.description }),
        Setting(name: "clip-norm", placeholder: "C", summary: "scale each gradient down to norm C when it is longer; positive",
                defaultNote: "no clipping", kind: .number,
                assign: { $1.clipping = GradientClipping(maximumNorm: try parseNumber($0, "positive") { $0 > 0 }) },
                text: { $0.clipping.map { "\($0.maximumNorm)" } }),
        Setting(name: "batch", placeholder: "N", summary: "mini-batch size, 1 or more", defaultNote: nil, kind: .number,
                assign: { $1.batchSize = try parseInteger($0, in: 1...Int(Int32.max)) }, text: { "\($0.batchSize)" }),
        Setting(name: "epochs", placeholder: "N", summary: "passes over the training rows, 1 to 10000000", defaultNote: nil, kind: .number,
                assign: { $1.length = .epochs(try parseInteger($0, in: 1...10_000_000)) },
                text: { if case .epochs(let n) = $0.length { "\(n)" } else { nil } }),
        Setting(name: "steps", placeholder: "N", summary: "optimizer steps, instead of epochs", defaultNote: nil, kind: .number,
                assign: { $1.length = .steps(try parseInteger($0, in: 1...Int(Int32.max))) },
                text: { if case .steps(let n) = $0.length { "\(n)" } else { nil } }),
        Setting(name: "seed", placeholder: "N", summary: "seed of the initial weights, the split and the shuffles", defaultNote: nil, kind: .number,
                assign: { $1.seed = try parseSeed($0) }, text: { "\($0.seed)" }),
        Setting(name: "precision", placeholder: choices(Precision.self), summary: "floating-point precision of the run",
                defaultNote: nil,
                assign: { $1.precision = try parseChoice($0) }, text: { $0.precision.rawValue }),
    ]

    /// A hyperparameter of some optimizers: its value when given, and its default otherwise.
    /// `defaultNote` describes a default that depends on the optimizer.
    private static func hyperparameter(_ h: OptimizerSettings.Hyperparameter, _ placeholder: String, _ summary: String,
                                       defaultNote: String? = nil,
                                       valid: @escaping @Sendable (Double) -> Bool, _ expected: String) -> Setting {
        Setting(name: h.rawValue, placeholder: placeholder, summary: summary,
                defaultNote: defaultNote ?? NumberText.short(h.defaultValue(for: .sgd)), kind: .number,
                assign: { $1.optimizer.given[h] = try parseNumber($0, expected, valid) },
                text: { $0.optimizer.kind.hyperparameters.contains(h) || $0.optimizer.given[h] != nil ? "\($0.optimizer[h])" : nil })
    }
}

// MARK: Values as text

extension RunConfiguration {
    /// `a|b|c`: the raw values of a choice.
    public static func choices<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: "|")
    }

    static func parseChoice<E: RawRepresentable & CaseIterable>(_ text: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else {
            throw LandscapeError.invalidInput("expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    static func parseNumber(_ text: String, _ expected: String, _ valid: (Double) -> Bool) throws -> Double {
        guard let value = NumberText.finite(text) else { throw LandscapeError.invalidInput("not a finite number") }
        guard valid(value) else { throw LandscapeError.invalidInput("must be \(expected)") }
        return value
    }

    static func parseInteger(_ text: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text) else { throw LandscapeError.invalidInput("not an integer") }
        guard range.contains(value) else {
            let bounded = range.upperBound != Int.max && range.upperBound != Int(Int32.max)
            throw LandscapeError.invalidInput(bounded ? "must be \(range.lowerBound) to \(range.upperBound)" : "must be \(range.lowerBound) or more")
        }
        return value
    }

    static func parseSeed(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else { throw LandscapeError.invalidInput("not a non-negative integer") }
        return value
    }

    static func parseBool(_ text: String) throws -> Bool {
        switch text {
        case "true": return true
        case "false": return false
        default: throw LandscapeError.invalidInput("expected true or false")
        }
    }

    /// The most units a hidden layer may have.
    public static let maximumWidth = 65_536

    static func parseWidths(_ text: String) throws -> [Int] {
        if text == "none" { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let width = Int(part.trimmingCharacters(in: .whitespaces)), (1...maximumWidth).contains(width) else {
                throw LandscapeError.invalidInput("expected a comma list of integers in 1...\(maximumWidth), or none")
            }
            return width
        }
    }
}
