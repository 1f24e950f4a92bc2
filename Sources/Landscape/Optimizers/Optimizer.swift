/// An update rule: new parameters from the current ones and their gradient. Optimizers are clients
/// of the autodiff — they see only parameter tensors and gradients — and keep their own state.
public protocol Optimizer<Scalar> {
    associatedtype Scalar: Real
    /// Applies one step with learning rate `learningRate`.
    mutating func update(_ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar)
}
