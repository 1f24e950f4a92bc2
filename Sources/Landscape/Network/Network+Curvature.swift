extension Network {
    /// Mean loss on `batch`, its gradient, and its curvature at these weights: the forward and
    /// backward passes stay recorded on `tape`, so each `Curvature` product is one forward-mode pass
    /// over them (an exact Hessian-vector product, about twice the cost of the gradient).
    ///
    /// `tape` is cleared first and then kept by the curvature; passing the tape of a curvature that
    /// is no longer needed reuses its storage instead of allocating anew.
    public func lossGradientAndCurvature(on batch: Batch<T>, tape: Tape<T> = Tape())
        -> (loss: T, gradient: [Matrix<T>], curvature: Curvature<T>) {
        let recorded = recordCurvature(on: batch, tape: tape)
        return (recorded.loss, recorded.gradient.map { tape[$0] }, recorded.curvature)
    }

    /// The recording behind `lossGradientAndCurvature`, with the gradient left as variables on
    /// `tape`: the weight gradients are computed only when read, and Hessian-vector products do not
    /// read them, so a caller that may never need the gradient (`HessianOperator`) does not pay for it.
    func recordCurvature(on batch: Batch<T>, tape: Tape<T>)
        -> (loss: T, gradient: [Tape<T>.Variable], curvature: Curvature<T>) {
        tape.removeAll()
        let recording = record(on: tape, batch)
        let gradient = tape.gradient(of: recording.loss, withRespectTo: recording.parameters)
        return (tape[recording.loss].scalar, gradient,
                Curvature(tape: tape, leaves: recording.parameters, gradient: gradient))
    }
}
