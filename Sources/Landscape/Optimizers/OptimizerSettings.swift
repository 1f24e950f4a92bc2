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

/// A precision-free description of an optimizer and its hyperparameters, as the command line gives
/// it; `makeOptimizer` turns it into the update rule for a precision.
public struct OptimizerSettings: Equatable, Sendable, CustomStringConvertible {
    /// The hyperparameters an optimizer may read.
    public enum Hyperparameter: String, Sendable {
        case momentum, beta1, beta2, epsilon, damping
    }

    public var kind: OptimizerKind
    /// `μ` of momentum and Nesterov (default 0.9).
    public var momentum: Double
    /// `β₁` of Adam (default 0.9).
    public var beta1: Double
    /// `β₂` of Adam (default 0.999), or the squared-gradient decay `α` of RMSProp (default 0.99).
    public var beta2: Double
    /// `ε` of Adam and RMSProp (default 1e-8).
    public var epsilon: Double
    /// Weight decay `λ`: decoupled for AdamW, the L2 penalty `λ/2·‖θ‖²` for every other optimizer.
    public var weightDecay: Double
    /// The least damping `τ` of Newton's method (default 0).
    public var damping: Double

    public init(kind: OptimizerKind, momentum: Double = 0.9, beta1: Double = 0.9, beta2: Double? = nil,
                epsilon: Double = 1e-8, weightDecay: Double = 0, damping: Double = 0) {
        self.kind = kind
        self.momentum = momentum
        self.beta1 = beta1
        self.beta2 = beta2 ?? (kind == .rmsprop ? 0.99 : 0.999)
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.damping = damping
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

    /// The value of one hyperparameter.
    public subscript(_ hyperparameter: Hyperparameter) -> Double {
        switch hyperparameter {
        case .momentum: momentum
        case .beta1: beta1
        case .beta2: beta2
        case .epsilon: epsilon
        case .damping: damping
        }
    }

    /// The hyperparameters this optimizer reads, with weight decay when it is not 0, in a fixed order.
    public var values: [(name: String, value: Double)] {
        let order: [Hyperparameter] = [.momentum, .beta1, .beta2, .epsilon, .damping]
        var list = order.filter { kind.hyperparameters.contains($0) }.map { (name: $0.rawValue, value: self[$0]) }
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
