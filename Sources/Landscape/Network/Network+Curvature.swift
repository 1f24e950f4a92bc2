extension Network {
    /// Mean loss on `batch`, its gradient, and its curvature at these weights: the forward and
    /// backward passes stay recorded on a fresh tape, so each `Curvature` product is one forward-mode
    /// pass over them (an exact Hessian-vector product, about twice the cost of the gradient).
    public func lossGradientAndCurvature(on batch: Batch<T>) -> (loss: T, gradient: [Matrix<T>], curvature: Curvature<T>) {
        let tape = Tape<T>()
        let recording = record(on: tape, batch)
        let gradient = tape.gradient(of: recording.loss, withRespectTo: recording.parameters)
        return (tape[recording.loss].scalar, gradient.map { tape[$0] },
                Curvature(tape: tape, leaves: recording.parameters, gradient: gradient))
    }
}
