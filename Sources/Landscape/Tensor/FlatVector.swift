/// Level-1 operations on flat vectors, through the `Real` kernels so that they run at full speed
/// even where generic code is not specialized (debug builds), and sum in a fixed order.
public enum FlatVector {
    public static func dot<T: Real>(_ x: [T], _ y: [T]) -> Double {
        precondition(x.count == y.count, "dot product of vectors of different lengths")
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                guard let a = px.baseAddress, let b = py.baseAddress else { return 0 }
                return Double(T.dot(a, b, count: x.count))
            }
        }
    }

    public static func norm<T: Real>(_ x: [T]) -> Double { dot(x, x).squareRoot() }

    /// `y += a·x`.
    public static func axpy<T: Real>(_ a: Double, _ x: [T], _ y: inout [T]) {
        precondition(x.count == y.count, "axpy on vectors of different lengths")
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                guard let a0 = px.baseAddress, let b0 = py.baseAddress else { return }
                T.axpy(T(a), a0, b0, count: x.count)
            }
        }
    }

    /// `a·x`.
    public static func scaled<T: Real>(_ x: [T], by a: Double) -> [T] {
        var y = [T](repeating: 0, count: x.count)
        axpy(a, x, &y)
        return y
    }

    /// `x` with the components along each of the orthonormal `basis` vectors removed, by classical
    /// Gram–Schmidt applied twice ("twice is enough", Giraud et al. 2005), which keeps `x`
    /// orthogonal to the basis to working precision.
    static func orthogonalized<T: Real>(_ x: [T], against basis: [[T]]) -> [T] {
        var x = x
        for _ in 0..<2 {
            let coefficients = basis.map { dot($0, x) }
            for (q, c) in zip(basis, coefficients) { axpy(-c, q, &x) }
        }
        return x
    }

    /// A vector of `n` independent standard normal entries.
    static func gaussian<T: Real>(_ n: Int, _ random: inout RandomSource) -> [T] {
        (0..<n).map { _ in T(random.normal()) }
    }
}
