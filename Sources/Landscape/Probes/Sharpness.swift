extension Network {
    /// Sharpness at these weights: the largest eigenvalue of the Hessian of the mean loss on `batch`,
    /// by Lanczos with full reorthogonalization; the estimate carries its residual and whether it
    /// converged to `tolerance` (relative to the spectrum's scale).
    ///
    /// `warmStart`, the top eigenvector at nearby weights (a few training steps earlier), takes far
    /// fewer products. It is mixed with a seeded random vector a tenth its length, so that the Krylov
    /// space still reaches other directions and a new largest eigenvalue is not missed.
    public func sharpness(on batch: Batch<T>, tolerance: Double = 1e-6, seed: UInt64 = 0, warmStart: [T]? = nil,
                          tape: Tape<T> = Tape()) -> EigenEstimate<T> {
        var start: [T]?
        let warmNorm = warmStart.map { FlatVector.norm($0) } ?? 0
        if let warmStart, warmNorm > 0 {
            var random = RandomSource(seed: seed, stream: .probe)
            var mixed: [T] = FlatVector.gaussian(warmStart.count, &random)
            let scale = 0.1 * warmNorm / FlatVector.norm(mixed)
            mixed = FlatVector.scaled(mixed, by: scale)
            FlatVector.axpy(1, warmStart, &mixed)
            start = mixed
        }
        return Lanczos(count: 1, end: .largest, tolerance: tolerance, seed: seed)
            .run(lossAndHessian(on: batch, tape: tape).hessian, start: start)
    }
}
