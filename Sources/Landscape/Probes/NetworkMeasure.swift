/// A measurement of a network on a batch of rows, written once for every precision: the loss, its
/// gradient, a Hessian probe, a slice of the surface. `ProbeSession.measure` runs one in the
/// precision the session was opened with and returns its result, which does not depend on the
/// precision's type.
public protocol NetworkMeasure {
    associatedtype Result
    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> Result
}

extension EpsilonSharpness: NetworkMeasure {}
