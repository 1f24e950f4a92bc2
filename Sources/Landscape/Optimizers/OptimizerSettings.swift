/// The optimizers a user can choose by name.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd, momentum, nesterov, adam, adamw, rmsprop, newton

    /// The hyperparameters (besides the learning rate and weight decay) this optimizer reads.
    public var hyperparameters: Set<OptimizerSettings.Hyperparameter> {
        switch self {
        case .sgd: []
        case .momentum, .nesterov: [.momentum]
        case .adam, .adamw: [.beta1, .beta2, .epsilon]
        case .rmsprop: [.beta2, .epsilon]
        case .newton: [.damping]
        }
    }
}

/// A precision-free description of an optimizer and its hyperparameters; `makeOptimizer` turns it
/// into the update rule for a precision.
///
/// Hyperparameters that were not given take their defaults, which live here and nowhere else:
/// `μ = 0.9`, `β₁ = 0.9`, `β₂ = 0.999` (the squared-gradient decay `α = 0.99` for RMSProp),
/// `ε = 1e-8`, damping `τ = 0`, weight decay `λ = 0`.
public struct OptimizerSettings: Equatable, Sendable, CustomStringConvertible {
    /// The hyperparameters an optimizer may read.
    public enum Hyperparameter: String, CaseIterable, Sendable {
        case momentum, beta1, beta2, epsilon, damping

        /// The value used when none is given, for `kind`.
        public func defaultValue(for kind: OptimizerKind) -> Double {
            switch self {
            case .momentum, .beta1: 0.9
            case .beta2: kind == .rmsprop ? 0.99 : 0.999
            case .epsilon: 1e-8
            case .damping: 0
            }
        }
    }

    public var kind: OptimizerKind
    /// The hyperparameters given explicitly; the others take their defaults.
    public var given: [Hyperparameter: Double]
    /// Weight decay `λ`: decoupled for AdamW, the L2 penalty `λ/2·‖θ‖²` for every other optimizer.
    public var weightDecay: Double

    public init(kind: OptimizerKind, momentum: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
                epsilon: Double? = nil, weightDecay: Double = 0, damping: Double? = nil) {
        self.kind = kind
        let values: [(Hyperparameter, Double?)] = [(.momentum, momentum), (.beta1, beta1), (.beta2, beta2), (.epsilon, epsilon), (.damping, damping)]
        given = Dictionary(uniqueKeysWithValues: values.compactMap { name, value in value.map { (name, $0) } })
        self.weightDecay = weightDecay
    }

    /// The value of one hyperparameter: as given, or its default for this optimizer.
    public subscript(_ hyperparameter: Hyperparameter) -> Double {
        given[hyperparameter] ?? hyperparameter.defaultValue(for: kind)
    }

    /// `μ` of momentum and Nesterov.
    public var momentum: Double { self[.momentum] }
    /// `β₁` of Adam.
    public var beta1: Double { self[.beta1] }
    /// `β₂` of Adam, or the squared-gradient decay `α` of RMSProp.
    public var beta2: Double { self[.beta2] }
    /// `ε` of Adam and RMSProp.
    public var epsilon: Double { self[.epsilon] }
    /// The least damping `τ` of Newton's method.
    public var damping: Double { self[.damping] }

    /// Refuses a hyperparameter given to optimizers none of which reads it: a value that would be
    /// ignored is a mistake, not a setting. `kinds` are the optimizers run with these values.
    public static func requireReaders(of given: some Collection<Hyperparameter>, among kinds: [OptimizerKind]) throws {
        for hyperparameter in Hyperparameter.allCases where given.contains(hyperparameter) {
            guard !kinds.contains(where: { $0.hyperparameters.contains(hyperparameter) }) else { continue }
            let readers = OptimizerKind.allCases.filter { $0.hyperparameters.contains(hyperparameter) }.map(\.rawValue)
            throw LandscapeError.invalidInput(
                "\(hyperparameter.rawValue) applies to \(readers.joined(separator: " and ")) only, not to \(kinds.map(\.rawValue).joined(separator: ","))")
        }
    }

    /// The update rule in precision `T`.
    public func makeOptimizer<T: Real>(_: T.Type = T.self) -> AnyOptimizer<T> {
        let decay = T(weightDecay)
        switch kind {
        case .sgd: return .sgd(GradientDescent(weightDecay: decay))
        case .momentum: return .momentum(Momentum(momentum: T(momentum), weightDecay: decay))
        case .nesterov: return .nesterov(Nesterov(momentum: T(momentum), weightDecay: decay))
        case .adam, .adamw:
            return .adam(Adam(beta1: T(beta1), beta2: T(beta2), epsilon: T(epsilon), weightDecay: decay,
                              decoupledWeightDecay: kind == .adamw))
        case .rmsprop: return .rmsprop(RMSProp(decay: T(beta2), epsilon: T(epsilon), weightDecay: decay))
        case .newton: return .newton(Newton(damping: T(damping), weightDecay: decay))
        }
    }

    /// The hyperparameters this optimizer reads, with weight decay when it is not 0, in a fixed order.
    public var values: [(name: String, value: Double)] {
        var list = Hyperparameter.allCases.filter { kind.hyperparameters.contains($0) }.map { (name: $0.rawValue, value: self[$0]) }
        if weightDecay != 0 { list.append((name: "weight_decay", value: weightDecay)) }
        return list
    }

    /// E.g. `adam(beta1=0.9, beta2=0.999, epsilon=1e-08)`, or just `sgd`.
    public var description: String {
        let list = values
        guard !list.isEmpty else { return kind.rawValue }
        return kind.rawValue + "(" + list.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + ")"
    }
}
