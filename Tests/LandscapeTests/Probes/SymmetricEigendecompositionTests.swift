import Foundation
import Testing
import Landscape

@Suite("Dense symmetric eigendecomposition")
struct SymmetricEigendecompositionTests {
    /// A symmetric matrix with entries uniform in [−1, 1].
    static func randomSymmetric(_ n: Int, seed: UInt64) -> [Double] {
        var random = RandomSource(seed: seed, stream: .data)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let x = random.uniform(-1, 1)
                a[i * n + j] = x
                a[j * n + i] = x
            }
        }
        return a
    }

    /// `Q diag(values) Qᵀ` with `Q` a product of three random Householder reflections, so the
    /// spectrum is known without any eigensolver.
    static func withSpectrum(_ values: [Double], seed: UInt64) -> [Double] {
        let n = values.count
        var random = RandomSource(seed: seed, stream: .data)
        var q = [Double](repeating: 0, count: n * n)
        for i in 0..<n { q[i * n + i] = 1 }
        for _ in 0..<3 {
            let u = (0..<n).map { _ in random.normal() }
            let uu = u.reduce(0) { $0 + $1 * $1 }
            for r in 0..<n {
                let s = (0..<n).reduce(0.0) { $0 + q[r * n + $1] * u[$1] }
                for c in 0..<n { q[r * n + c] -= 2 * s * u[c] / uu }
            }
        }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += q[i * n + k] * values[k] * q[j * n + k] } } }
        return a
    }

    /// Largest `‖A v − λ v‖` over the eigenpairs, and largest `|vᵢ·vⱼ − δᵢⱼ|`.
    static func residualAndOrthogonality(_ a: [Double], _ e: SymmetricEigendecomposition) -> (Double, Double) {
        let n = e.dimension
        var residual = 0.0, orthogonality = 0.0
        for k in 0..<n {
            let v = Array(e.eigenvector(k))
            var r = 0.0
            for i in 0..<n {
                let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * v[$1] }
                r += (av - e.eigenvalues[k] * v[i]) * (av - e.eigenvalues[k] * v[i])
            }
            residual = max(residual, r.squareRoot())
            for l in 0...k {
                let w = e.eigenvector(l)
                let dot = zip(v, w).reduce(0.0) { $0 + $1.0 * $1.1 }
                orthogonality = max(orthogonality, abs(dot - (k == l ? 1 : 0)))
            }
        }
        return (residual, orthogonality)
    }

    @Test("random symmetric matrices: residuals, orthonormality, trace and Frobenius norm", arguments: [1, 2, 3, 7, 40, 120])
    func random(n: Int) {
        let a = Self.randomSymmetric(n, seed: UInt64(n))
        let e = SymmetricEigendecomposition(matrix: a, n: n)
        let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let (residual, orthogonality) = Self.residualAndOrthogonality(a, e)
        #expect(residual < 1e-13 * Double(n) * norm)
        #expect(orthogonality < 1e-13 * Double(n))
        #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        let trace = (0..<n).reduce(0.0) { $0 + a[$1 * n + $1] }
        #expect(abs(e.eigenvalues.reduce(0, +) - trace) < 1e-12 * norm * Double(n))
        #expect(abs(e.eigenvalues.reduce(0) { $0 + $1 * $1 } - norm * norm) < 1e-12 * norm * norm)
        let valuesOnly = SymmetricEigendecomposition(matrix: a, n: n, computeVectors: false)
        #expect(valuesOnly.eigenvectors.isEmpty)
        #expect(zip(valuesOnly.eigenvalues, e.eigenvalues).allSatisfy { abs($0 - $1) < 1e-13 * norm })
    }

    @Test("the second-difference matrix has eigenvalues 2 − 2cos(kπ/(n+1))")
    func secondDifference() {
        let n = 50
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            a[i * n + i] = 2
            if i + 1 < n { a[i * n + i + 1] = -1; a[(i + 1) * n + i] = -1 }
        }
        let e = SymmetricEigendecomposition(matrix: a, n: n)
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * Double.pi / Double(n + 1)) }.sorted(by: >)
        #expect(zip(e.eigenvalues, exact).allSatisfy { abs($0 - $1) < 1e-13 })
    }

    @Test("repeated, negative and zero eigenvalues of a rotated diagonal matrix")
    func knownSpectrum() {
        let values = [3.0, -2, 3, 0, 1, 3, -2, 1e-9, 0.5]
        let a = Self.withSpectrum(values, seed: 5)
        let e = SymmetricEigendecomposition(matrix: a, n: values.count)
        #expect(zip(e.eigenvalues, values.sorted(by: >)).allSatisfy { abs($0 - $1) < 1e-13 })
        let (residual, orthogonality) = Self.residualAndOrthogonality(a, e)
        #expect(residual < 1e-13 && orthogonality < 1e-13)
    }

    @Test("eigenvalues over sixteen orders of magnitude are accurate relative to the norm")
    func graded() {
        let values = [1e8, 1, -1e-8, 3e3, -7e5]
        let e = SymmetricEigendecomposition(matrix: Self.withSpectrum(values, seed: 9), n: values.count)
        #expect(zip(e.eigenvalues, values.sorted(by: >)).allSatisfy { abs($0 - $1) < 1e-14 * 1e8 })
    }

    @Test("diagonal, zero and identity matrices")
    func trivial() {
        let diagonal = SymmetricEigendecomposition(matrix: [2, 0, 0, 0, -1, 0, 0, 0, 5], n: 3)
        #expect(diagonal.eigenvalues == [5, 2, -1])
        #expect(Array(diagonal.eigenvector(0)).map(abs) == [0, 0, 1])
        #expect(SymmetricEigendecomposition(matrix: [Double](repeating: 0, count: 16), n: 4).eigenvalues == [0, 0, 0, 0])
        let identity = SymmetricEigendecomposition(matrix: [1, 0, 0, 1], n: 2)
        #expect(identity.eigenvalues == [1, 1])
        #expect(SymmetricEigendecomposition(matrix: [], n: 0).eigenvalues.isEmpty)
    }

    @Test("a 2 × 2 matrix against its closed form")
    func twoByTwo() {
        let (p, q, r) = (0.3, -1.7, 2.2)
        let e = SymmetricEigendecomposition(matrix: [p, q, q, r], n: 2)
        let mean = (p + r) / 2, radius = (((p - r) / 2) * ((p - r) / 2) + q * q).squareRoot()
        #expect(abs(e.eigenvalues[0] - (mean + radius)) < 1e-15 * 4 && abs(e.eigenvalues[1] - (mean - radius)) < 1e-15 * 4)
    }

    @Test("a matrix that is not symmetric is decomposed by its symmetric part")
    func symmetricPart() {
        let a: [Double] = [1, 2, 0, 4, 3, 1, 0, 3, -1]
        let sym: [Double] = [1, 3, 0, 3, 3, 2, 0, 2, -1]
        let e = SymmetricEigendecomposition(matrix: a, n: 3), s = SymmetricEigendecomposition(matrix: sym, n: 3)
        #expect(zip(e.eigenvalues, s.eigenvalues).allSatisfy { abs($0 - $1) < 1e-14 })
    }
}
