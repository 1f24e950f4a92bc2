/// The Cholesky factorization `A + τI = L·Lᵀ` of a symmetric matrix, with `τ` the smallest shift
/// (from a doubling sequence) that makes it positive definite — the "Cholesky with added multiple
/// of the identity" of Nocedal and Wright (Numerical Optimization, Algorithm 3.3).
///
/// Newton's method uses it to solve `(H + τI)·d = g`: when the Hessian `H` is positive definite
/// `τ` stays at the requested minimum and the step is the exact Newton step; otherwise `τ` is
/// raised until the shifted matrix is, which turns the step into a descent direction.
public struct CholeskyFactorization<T: Real> {
    /// The lower triangle `L`, row-major `n × n` (the upper triangle is zero).
    public let lower: Matrix<T>
    /// The shift `τ ≥ 0` that was added to the diagonal.
    public let shift: T

    /// Factors `matrix + τI` for the smallest `τ ≥ minimumShift` in the sequence: `minimumShift` if
    /// that works and every diagonal element is positive after it; else `β − min aᵢᵢ` (or `β`), then
    /// doubling, with `β = 10⁻³·max|aᵢᵢ|` (`10⁻³` for a zero diagonal). Nil when `matrix` is not
    /// finite or no shift up to 60 doublings works.
    public init?(_ matrix: Matrix<T>, minimumShift: T = 0) {
        precondition(matrix.rows == matrix.cols, "Cholesky factorization of a non-square matrix")
        guard matrix.elements.allSatisfy(\.isFinite), minimumShift >= 0 else { return nil }
        let n = matrix.rows
        var smallest = T.infinity, largest: T = 0
        for i in 0..<n {
            smallest = min(smallest, matrix[i, i])
            largest = max(largest, Swift.abs(matrix[i, i]))
        }
        let beta: T = largest > 0 ? largest / 1000 : T(1) / 1000
        var tau = minimumShift
        if n > 0, smallest + tau <= 0 { tau = max(beta - smallest, beta) }
        for _ in 0..<60 {
            if let l = CholeskyFactorization.factor(matrix, shift: tau) {
                lower = l
                shift = tau
                return
            }
            tau = max(2 * tau, beta)
        }
        return nil
    }

    /// `L` with `A + τI = L·Lᵀ`, or nil when a pivot is not positive.
    private static func factor(_ a: Matrix<T>, shift tau: T) -> Matrix<T>? {
        let n = a.rows
        var l = Matrix<T>(rows: n, cols: n)
        let ok = a.elements.withUnsafeBufferPointer { source in
            l.elements.withUnsafeMutableBufferPointer { out in
                for j in 0..<n {
                    var diagonal = source[j * n + j] + tau
                    for k in 0..<j { diagonal -= out[j * n + k] * out[j * n + k] }
                    guard diagonal > 0, diagonal.isFinite else { return false }
                    let pivot = diagonal.squareRoot()
                    out[j * n + j] = pivot
                    for i in (j + 1)..<n {
                        var s = source[i * n + j]
                        for k in 0..<j { s -= out[i * n + k] * out[j * n + k] }
                        out[i * n + j] = s / pivot
                    }
                }
                return true
            }
        }
        return ok ? l : nil
    }

    /// `x` with `(A + τI)·x = b`: forward substitution with `L`, then back substitution with `Lᵀ`.
    public func solve(_ b: [T]) -> [T] {
        let n = lower.rows
        precondition(b.count == n, "right-hand side of length \(b.count) for a system of order \(n)")
        var x = b
        lower.elements.withUnsafeBufferPointer { l in
            for i in 0..<n {
                var s = x[i]
                for k in 0..<i { s -= l[i * n + k] * x[k] }
                x[i] = s / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i]
                for k in (i + 1)..<n { s -= l[k * n + i] * x[k] }
                x[i] = s / l[i * n + i]
            }
        }
        return x
    }
}
