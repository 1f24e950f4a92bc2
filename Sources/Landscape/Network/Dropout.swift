/// Inverted dropout (Srivastava et al., 2014, "Dropout: a simple way to prevent neural networks
/// from overfitting", JMLR 15) with the scaling of common practice: during a training step each
/// hidden unit's output, after its activation, is multiplied by a mask entry
/// `m = 0` with probability `p` and `m = 1/(1−p)` otherwise, so that `E[m] = 1` and evaluation
/// uses the network as it is. The inputs and the output layer are never masked.
///
/// The masks of step `t` depend only on `(seed, t)`: they come from generator number `t` of the
/// seed's dropout stream (`RandomSource(seed:stream:index:)`), so a run draws the same masks on any
/// number of threads and when resumed from a checkpoint at any step.
public struct Dropout: Equatable, Sendable {
    /// The probability `p` of dropping a unit, in [0, 1).
    public let rate: Double
    public let seed: UInt64

    public init(rate: Double, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "a dropout rate is in [0, 1)")
        self.rate = rate
        self.seed = seed
    }

    /// The masks of training step `step` (counting from 0) for a batch of `rows` rows: one
    /// `rows × width` matrix per hidden layer of `architecture`, entries drawn layer by layer,
    /// row-major, each `0` when a uniform draw `u ∈ [0, 1)` has `u < p` and `1/(1−p)` otherwise.
    public func masks<T: Real>(for architecture: Architecture, rows: Int, step: Int, as: T.Type = T.self) -> [Matrix<T>] {
        precondition(step >= 0, "steps count from 0")
        var random = RandomSource(seed: seed, stream: .dropout, index: UInt64(step))
        let kept = T(1 / (1 - rate))
        return architecture.sizes.dropFirst().dropLast().map { width in
            Matrix(rows: rows, cols: width, elements: (0..<rows * width).map { _ in random.uniform() < rate ? 0 : kept })
        }
    }
}
