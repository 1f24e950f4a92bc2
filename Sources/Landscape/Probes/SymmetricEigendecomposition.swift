/// All eigenvalues (and optionally eigenvectors) of a dense real symmetric matrix: `A = V Λ Vᵀ`.
///
/// Householder reduction to tridiagonal form followed by the implicit QL algorithm with Wilkinson
/// shifts (the EISPACK `tred2`/`tql2` pair, as in Golub and Van Loan §8.3), both backward stable:
/// the residuals `‖A v − λ v‖` are a small multiple of `ε‖A‖`. The code is written on `Double`,
/// not generically, so it runs at full speed in debug builds too; its inner loops are the SIMD
/// `Double.dot`/`Double.axpy` kernels over contiguous rows. Cost: about `2n³` flops for the
/// eigenvalues and `4n³` more for the eigenvectors, `n²` doubles of memory (twice with vectors).
public struct SymmetricEigendecomposition: Sendable {
    /// The order `n` of the matrix.
    public let dimension: Int
    /// The eigenvalues, largest first.
    public let eigenvalues: [Double]
    /// Row `k` (elements `k·n ..< (k+1)·n`) is the unit eigenvector of `eigenvalues[k]`; the rows
    /// are orthonormal. Empty when the vectors were not asked for.
    public let eigenvectors: [Double]

    /// Decomposes the symmetric part `(A + Aᵀ)/2` of the `n × n` row-major `matrix`, so that a matrix
    /// that is symmetric only up to round-off (a Hessian built from Hessian-vector products) is
    /// treated consistently. Every element must be finite.
    public init(matrix: [Double], n: Int, computeVectors: Bool = true) {
        precondition(n >= 0 && matrix.count == n * n, "an n × n matrix has n² elements")
        precondition(matrix.allSatisfy(\.isFinite), "eigendecomposition of a matrix with non-finite elements")
        var a = matrix
        for i in 0..<n {
            for j in 0..<i {
                let mean = (a[i * n + j] + a[j * n + i]) / 2
                a[i * n + j] = mean
                a[j * n + i] = mean
            }
        }
        var tridiagonal = Tridiagonalization(symmetric: &a, n: n)
        var vectors = computeVectors ? tridiagonal.transposedBasis(reflectors: a) : []
        let width = computeVectors ? n : 0
        let values = implicitQL(diagonal: &tridiagonal.diagonal, offDiagonal: &tridiagonal.offDiagonal,
                                rows: &vectors, width: width)
        (eigenvalues, eigenvectors) = sortedDescending(values, vectors, width: width)
        dimension = n
    }

    /// Eigenvector `k` (of `eigenvalues[k]`).
    public func eigenvector(_ k: Int) -> ArraySlice<Double> {
        precondition(!eigenvectors.isEmpty, "eigenvectors were not computed")
        return eigenvectors[k * dimension..<(k + 1) * dimension]
    }

    /// Eigenvalues (largest first) of the symmetric tridiagonal matrix with `diagonal` and
    /// `offDiagonal` (`offDiagonal[i]` couples `i` and `i + 1`), with the entries `components` of
    /// each unit eigenvector: `components[k][c]` is entry `components[c]` of eigenvector `k`.
    ///
    /// The QL rotations act on each entry of the eigenvectors independently, so asking for a few
    /// entries (Lanczos needs the first or the last) costs `O(n²)` instead of `O(n³)`.
    static func tridiagonal(diagonal: [Double], offDiagonal: [Double], components: [Int]) -> (values: [Double], components: [[Double]]) {
        let n = diagonal.count
        precondition(offDiagonal.count == max(n - 1, 0), "a tridiagonal matrix of order n has n − 1 off-diagonal entries")
        var d = diagonal
        var e = offDiagonal + [0]
        let width = components.count
        // Row k of `rows` holds the chosen entries of what becomes eigenvector k.
        var rows = [Double](repeating: 0, count: n * width)
        for (c, index) in components.enumerated() { rows[index * width + c] = 1 }
        let values = implicitQL(diagonal: &d, offDiagonal: &e, rows: &rows, width: width)
        let (sorted, sortedRows) = sortedDescending(values, rows, width: width)
        return (sorted, (0..<n).map { Array(sortedRows[$0 * width..<($0 + 1) * width]) })
    }
}

/// `A = Q T Qᵀ` by Householder reflections `H_k = I − β_k v_k v_kᵀ`, `k = 0 … n−3`, each zeroing
/// column `k` below the subdiagonal.
private struct Tridiagonalization {
    var diagonal: [Double]
    /// `offDiagonal[i]` couples `i` and `i + 1`; the last entry is 0 (room for the QL algorithm).
    var offDiagonal: [Double]
    /// `β_k`; `v_k` (length `n − k − 1`) is left in row `k` of the matrix, right of the diagonal.
    var betas: [Double]
    let n: Int

    /// Reduces the symmetric row-major `a` in place, leaving the reflectors in it.
    init(symmetric a: inout [Double], n: Int) {
        self.n = n
        diagonal = [Double](repeating: 0, count: n)
        offDiagonal = [Double](repeating: 0, count: n)
        betas = [Double](repeating: 0, count: max(n - 2, 0))
        var p = [Double](repeating: 0, count: n)
        a.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress!
            p.withUnsafeMutableBufferPointer { pBuffer in
                let p = pBuffer.baseAddress!
                for k in 0..<max(n - 2, 0) {
                    let m = n - k - 1
                    let v = a + k * n + k + 1  // x = A[k, k+1…], overwritten by v
                    diagonal[k] = a[k * n + k]
                    let alpha = Double.dot(v, v, count: m).squareRoot()
                    guard alpha > 0 else { continue }  // column already reduced: H_k = I (β = 0)
                    let sigma = v[0] >= 0 ? alpha : -alpha
                    v[0] += sigma
                    let beta = 1 / (sigma * v[0])  // 2 / vᵀv
                    betas[k] = beta
                    offDiagonal[k] = -sigma
                    // Trailing block A₂₂ ← H A₂₂ H = A₂₂ − v wᵀ − w vᵀ, with p = β A₂₂ v, w = p − (β pᵀv / 2) v.
                    let block = a + (k + 1) * n + k + 1
                    for i in 0..<m { p[i] = beta * Double.dot(block + i * n, v, count: m) }
                    let half = beta * Double.dot(p, v, count: m) / 2
                    Double.axpy(-half, v, p, count: m)
                    for i in 0..<m {
                        Double.axpy(-v[i], p, block + i * n, count: m)
                        Double.axpy(-p[i], v, block + i * n, count: m)
                    }
                }
            }
        }
        if n >= 2 {
            diagonal[n - 2] = a[(n - 2) * n + n - 2]
            offDiagonal[n - 2] = a[(n - 2) * n + n - 1]
        }
        if n >= 1 { diagonal[n - 1] = a[(n - 1) * n + n - 1] }
    }

    /// `Qᵀ = H_{n−3} ⋯ H_0`, row-major, accumulated backwards (`Z ← Z·H_k` for decreasing `k`) so
    /// that each step touches only the trailing rows and columns and works on contiguous rows.
    func transposedBasis(reflectors a: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: n * n)
        for i in 0..<n { z[i * n + i] = 1 }
        a.withUnsafeBufferPointer { aBuffer in
            z.withUnsafeMutableBufferPointer { zBuffer in
                let z = zBuffer.baseAddress!
                for k in stride(from: n - 3, through: 0, by: -1) where betas[k] != 0 {
                    let m = n - k - 1
                    let v = aBuffer.baseAddress! + k * n + k + 1
                    for r in (k + 1)..<n {
                        let row = z + r * n + k + 1
                        Double.axpy(-betas[k] * Double.dot(row, v, count: m), v, row, count: m)
                    }
                }
            }
        }
        return z
    }
}

/// The implicit QL algorithm with Wilkinson shifts on a symmetric tridiagonal matrix (EISPACK
/// `tql2`). `offDiagonal[i]` couples `i` and `i + 1` and has `n` entries (the last is ignored).
/// Each plane rotation of indices `(i, i+1)` is applied to rows `i` and `i + 1` of the `n × width`
/// row-major `rows`, so if `rows` holds `Qᵀ` (or some of its columns) on entry, row `k` holds
/// eigenvector `k` (or those entries of it) on exit. Returns the eigenvalues, unsorted.
private func implicitQL(diagonal d: inout [Double], offDiagonal e: inout [Double], rows: inout [Double], width: Int) -> [Double] {
    let n = d.count
    precondition(rows.count == n * width, "the rows to rotate are n × width")
    guard n > 0 else { return [] }
    e[n - 1] = 0
    var shiftTotal = 0.0
    var scale = 0.0
    let epsilon = Double.ulpOfOne
    rows.withUnsafeMutableBufferPointer { rowBuffer in
        let z = rowBuffer.baseAddress
        for l in 0..<n {
            scale = max(scale, Swift.abs(d[l]) + Swift.abs(e[l]))
            var m = l
            while m < n - 1, Swift.abs(e[m]) > epsilon * scale { m += 1 }
            if m > l {
                // Sweeps until e[l] is negligible; a few per eigenvalue in practice, bounded for safety.
                for _ in 0..<64 {
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = (p * p + 1).squareRoot()
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    for i in (l + 2)..<n { d[i] -= h }
                    shiftTotal += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    for i in stride(from: m - 1, through: l, by: -1) {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        if width > 0, let z { rotateRows(z + i * width, z + (i + 1) * width, c: c, s: s, count: width) }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                    if !(Swift.abs(e[l]) > epsilon * scale) { break }
                }
            }
            d[l] += shiftTotal
            e[l] = 0
        }
    }
    return d
}

/// `(x, y) ← (c·x − s·y, s·x + c·y)` elementwise.
@inline(__always)
private func rotateRows(_ x: UnsafeMutablePointer<Double>, _ y: UnsafeMutablePointer<Double>, c: Double, s: Double, count: Int) {
    for k in 0..<count {
        let a = x[k], b = y[k]
        x[k] = c * a - s * b
        y[k] = s * a + c * b
    }
}

/// `√(a² + b²)` without overflow or harmful underflow.
private func hypot(_ a: Double, _ b: Double) -> Double {
    let (x, y) = (Swift.abs(a), Swift.abs(b))
    let big = max(x, y), small = min(x, y)
    guard big > 0 else { return 0 }
    let ratio = small / big
    return big * (1 + ratio * ratio).squareRoot()
}

/// The values sorted largest first, with the rows of the `n × width` row-major `rows` permuted alike.
private func sortedDescending(_ values: [Double], _ rows: [Double], width: Int) -> ([Double], [Double]) {
    let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
    var sortedRows: [Double] = []
    sortedRows.reserveCapacity(rows.count)
    if width > 0 { for k in order { sortedRows += rows[k * width..<(k + 1) * width] } }
    return (order.map { values[$0] }, sortedRows)
}
