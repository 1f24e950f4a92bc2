/// The optimizers a user can choose by name.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd, momentum, nesterov, adam, adamw, rmsprop, newton, sam, asam

    /// The hyperparameters (besides the learning rate and weight decay) this optimizer reads.
    public var hyperparameters: Set<OptimizerSettings.Hyperparameter> {
        switch self {
        case .sgd: []
        case .momentum, .nesterov: [.momentum]
        case .adam, .adamw: [.beta1, .beta2, .epsilon]
        case .rmsprop: [.beta2, .epsilon]
        case .newton: [.damping]
        case .sam: [.momentum, .rho]
        case .asam: [.momentum, .rho, .eta]
        }
    }
}

/// A precision-free description of an optimizer and its hyperparameters; `makeOptimizer` turns it
/// into the update rule for a precision.
///
/// Hyperparameters that were not given take their defaults, which live here and nowhere else:
/// `μ = 0.9` (0 for SAM and ASAM: plain gradient descent as their base), `β₁ = 0.9`, `β₂ = 0.999`
/// (the squared-gradient decay `α = 0.99` for RMSProp), `ε = 1e-8`, damping `τ = 0`, the radius
/// `ρ = 0.05` of SAM and ASAM, ASAM's scale offset `η = 0.01`, weight decay `λ = 0`.
public struct OptimizerSettings: Equatable, Sendable, CustomStringConvertible {
    /// The hyperparameters an optimizer may read.
    public enum Hyperparameter: String, CaseIterable, Sendable {
        case momentum, beta1, beta2, epsilon, damping, rho, eta

        /// The value used when none is given, for `kind`.
        public func defaultValue(for kind: OptimizerKind) -> Double {
            switch self {
            case .momentum: kind == .sam || kind == .asam ? 0 : 0.9
            case .beta1: 0.9
            case .beta2: kind == .rmsprop ? 0.99 : 0.999
            case .epsilon: 1e-8
            case .damping: 0
            case .rho: 0.05
            case .eta: 0.01
            }
        }
    }

    public var kind: OptimizerKind
    /// The hyperparameters given explicitly; the others take their defaults.
    public var given: [Hyperparameter: Double]
    /// Weight decay `λ`: decoupled for AdamW, the L2 penalty `λ/2·‖θ‖²` for every other optimizer.
    public var weightDecay: Double

    public init(kind: OptimizerKind, momentum: Double? = nil, beta1: Double? = nil, beta2: Double? = nil,
                epsilon: Double? = nil, weightDecay: Double = 0, damping: Double? = nil, rho: Double? = nil, eta: Double? = nil) {
        self.kind = kind
        let values: [(Hyperparameter, Double?)] = [(.momentum, momentum), (.beta1, beta1), (.beta2, beta2), (.epsilon, epsilon),
                                                   (.damping, damping), (.rho, rho), (.eta, eta)]
        given = Dictionary(uniqueKeysWithValues: values.compactMap { name, value in value.map { (name, $0) } })
        self.weightDecay = weightDecay
    }

    /// The value of one hyperparameter: as given, or its default for this optimizer.
    public subscript(_ hyperparameter: Hyperparameter) -> Double {
        given[hyperparameter] ?? hyperparameter.defaultValue(for: kind)
    }

    /// `μ` of momentum, Nesterov, and the heavy-ball base of SAM and ASAM.
    public var momentum: Double { self[.momentum] }
    /// `β₁` of Adam.
    public var beta1: Double { self[.beta1] }
    /// `β₂` of Adam, or the squared-gradient decay `α` of RMSProp.
    public var beta2: Double { self[.beta2] }
    /// `ε` of Adam and RMSProp.
    public var epsilon: Double { self[.epsilon] }
    /// The least damping `τ` of Newton's method.
    public var damping: Double { self[.damping] }
    /// The radius `ρ` of SAM and ASAM.
    public var rho: Double { self[.rho] }
    /// The offset `η` of ASAM's scale `|θ| + η`.
    public var eta: Double { self[.eta] }

    /// Refuses a hyperparameter given to optimizers none of which reads it: a value that would be
    /// ignored is a mistake, not a setting. `kinds` are the optimizers run with these values.
    public static func requireReaders(of given: some Collection<Hyperparameter>, among kinds: [OptimizerKind]) throws {
        for hyperparameter in Hyperparameter.allCases where given.contains(hyperparameter) {
            guard !kinds.contains(where: { $0.hyperparameters.contains(hyperparameter) }) else { continue }
            let readers = OptimizerKind.allCases.filter { $0.hyperparameters.contains(hyperparameter) }.map(\.rawValue)
            let named = readers.count > 1 ? readers.dropLast().joined(separator: ", ") + " and " + readers.last! : readers.joined()
            throw LandscapeError.invalidInput(
                "\(hyperparameter.rawValue) applies to \(named) only, not to \(kinds.map(\.rawValue).joined(separator: ","))")
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
        case .sam, .asam:
            let base: AnyOptimizer<T> = momentum == 0
                ? .sgd(GradientDescent(weightDecay: decay)) : .momentum(Momentum(momentum: T(momentum), weightDecay: decay))
            return .sharpnessAware(SharpnessAware(radius: T(rho), adaptiveOffset: kind == .asam ? T(eta) : nil, base: base))
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
