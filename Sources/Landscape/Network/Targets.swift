/// What a network is trained to output for each input row.
public enum Targets<T: Real>: Sendable {
    /// Class indices `0..<C`, for cross-entropy.
    case classes([Int])
    /// One row of real numbers per input row, for mean squared error.
    case values(Matrix<T>)

    public var count: Int {
        switch self {
        case .classes(let labels): return labels.count
        case .values(let values): return values.rows
        }
    }

    /// The targets of rows `indices`, in that order.
    public func gathering<C: Collection>(_ indices: C) -> Targets where C.Element == Int {
        switch self {
        case .classes(let labels): return .classes(indices.map { labels[$0] })
        case .values(let values): return .values(values.gatheringRows(indices))
        }
    }
}

/// Inputs with their targets, in the precision of a computation.
public struct Batch<T: Real>: Sendable {
    public var inputs: Matrix<T>
    public var targets: Targets<T>

    public init(inputs: Matrix<T>, targets: Targets<T>) {
        precondition(inputs.rows == targets.count, "one target per input row")
        self.inputs = inputs
        self.targets = targets
    }

    public var count: Int { inputs.rows }

    /// Rows `indices` of this batch, in that order.
    public func gathering<C: Collection>(_ indices: C) -> Batch where C.Element == Int {
        Batch(inputs: inputs.gatheringRows(indices), targets: targets.gathering(indices))
    }
}
