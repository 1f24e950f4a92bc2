extension Network {
    /// Mean loss on `batch`, its gradient, and the Hessian of the loss at these weights: the
    /// forward and backward passes stay recorded on `tape`, and each product of the operator is
    /// one forward-mode pass over them.
    ///
    /// `tape` is cleared first and then kept by the operator; passing the tape of an operator that
    /// is no longer needed reuses its storage instead of allocating anew. With `masks`, all three
    /// are those of the network with dropout masks (see `record`).
    public func lossGradientAndHessian(on batch: Batch<T>, masks: [Matrix<T>]? = nil, tape: Tape<T> = Tape())
        -> (loss: T, gradient: [Matrix<T>], hessian: HessianOperator<T>) {
        let recorded = recordHessian(on: batch, masks: masks, tape: tape)
        return (recorded.loss, recorded.gradient.map { tape[$0] }, recorded.hessian)
    }

    /// The mean loss on `batch` and the Hessian at these weights, without the gradient: the weight
    /// gradients are computed only when read and Hessian-vector products do not read them, so
    /// probes that only need products do not pay for them. `tape` is used as by
    /// `lossGradientAndHessian`.
    public func lossAndHessian(on batch: Batch<T>, tape: Tape<T> = Tape()) -> (loss: T, hessian: HessianOperator<T>) {
        let recorded = recordHessian(on: batch, tape: tape)
        return (recorded.loss, recorded.hessian)
    }

    private func recordHessian(on batch: Batch<T>, masks: [Matrix<T>]? = nil, tape: Tape<T>)
        -> (loss: T, gradient: [Tape<T>.Variable], hessian: HessianOperator<T>) {
        tape.removeAll()
        let recording = record(on: tape, batch, masks: masks)
        let gradient = tape.gradient(of: recording.loss, withRespectTo: recording.parameters)
        return (tape[recording.loss].scalar, gradient,
                HessianOperator(tape: tape, leaves: recording.parameters, gradient: gradient))
    }
}
