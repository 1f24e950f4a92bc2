/// One of the library's optimizers, chosen at run time (from `OptimizerSettings`), as a concrete
/// type: a closed enum rather than an existential, so each case's update runs its own
/// specialized loop and training code stays generic over `Optimizer` alone.
public enum AnyOptimizer<Scalar: Real>: Optimizer {
    case sgd(GradientDescent<Scalar>)
    case momentum(Momentum<Scalar>)
    case nesterov(Nesterov<Scalar>)
    case adam(Adam<Scalar>)
    case rmsprop(RMSProp<Scalar>)
    case newton(Newton<Scalar>)
    /// SAM or ASAM over `.sgd` or `.momentum`.
    indirect case sharpnessAware(SharpnessAware<AnyOptimizer<Scalar>>)

    public var needsHessian: Bool {
        if case .newton = self { return true }
        return false
    }

    public var report: String? {
        switch self {
        case .newton(let rule): return rule.report
        case .sharpnessAware(let rule): return rule.report
        default: return nil
        }
    }

    public func ascent(from parameters: [Matrix<Scalar>], gradient: [Matrix<Scalar>]) -> [Matrix<Scalar>]? {
        if case .sharpnessAware(let rule) = self { return rule.ascent(from: parameters, gradient: gradient) }
        return nil
    }

    public var state: OptimizerState {
        switch self {
        case .sgd(let rule): return rule.state
        case .momentum(let rule): return rule.state
        case .nesterov(let rule): return rule.state
        case .adam(let rule): return rule.state
        case .rmsprop(let rule): return rule.state
        case .newton(let rule): return rule.state
        case .sharpnessAware(let rule): return rule.state
        }
    }

    public mutating func restore(_ state: OptimizerState, parameters: [Matrix<Scalar>]) throws {
        switch self {
        case .sgd(var rule): try rule.restore(state, parameters: parameters); self = .sgd(rule)
        case .momentum(var rule): try rule.restore(state, parameters: parameters); self = .momentum(rule)
        case .nesterov(var rule): try rule.restore(state, parameters: parameters); self = .nesterov(rule)
        case .adam(var rule): try rule.restore(state, parameters: parameters); self = .adam(rule)
        case .rmsprop(var rule): try rule.restore(state, parameters: parameters); self = .rmsprop(rule)
        case .newton(var rule): try rule.restore(state, parameters: parameters); self = .newton(rule)
        case .sharpnessAware(var rule): try rule.restore(state, parameters: parameters); self = .sharpnessAware(rule)
        }
    }

    public mutating func update(
        _ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar, hessian: HessianOperator<Scalar>?
    ) throws {
        // Each case is taken out of `self` before it mutates, so its state buffers are uniquely
        // referenced and updated in place rather than copied.
        switch self {
        case .sgd(var rule):
            rule.update(&parameters, gradient: gradient, learningRate: learningRate)
            self = .sgd(rule)
        case .momentum(var rule):
            self = .sgd(GradientDescent())
            rule.update(&parameters, gradient: gradient, learningRate: learningRate)
            self = .momentum(rule)
        case .nesterov(var rule):
            self = .sgd(GradientDescent())
            rule.update(&parameters, gradient: gradient, learningRate: learningRate)
            self = .nesterov(rule)
        case .adam(var rule):
            self = .sgd(GradientDescent())
            rule.update(&parameters, gradient: gradient, learningRate: learningRate)
            self = .adam(rule)
        case .rmsprop(var rule):
            self = .sgd(GradientDescent())
            rule.update(&parameters, gradient: gradient, learningRate: learningRate)
            self = .rmsprop(rule)
        case .newton(var rule):
            self = .sgd(GradientDescent())
            defer { self = .newton(rule) }
            try rule.update(&parameters, gradient: gradient, learningRate: learningRate, hessian: hessian)
        case .sharpnessAware(var rule):
            self = .sgd(GradientDescent())
            defer { self = .sharpnessAware(rule) }
            try rule.update(&parameters, gradient: gradient, learningRate: learningRate, hessian: nil)
        }
    }
}
