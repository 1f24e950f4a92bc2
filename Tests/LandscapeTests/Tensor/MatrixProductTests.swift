import Testing
@testable import Landscape

@Suite("Matrix products")
struct MatrixProductTests {
    /// The textbook triple loop, in double precision.
    func naiveProduct<T: Real>(_ a: Matrix<T>, _ b: Matrix<T>, _ ta: Bool, _ tb: Bool) -> [Double] {
        let m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols, n = tb ? b.rows : b.cols
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    let x = ta ? a[p, i] : a[i, p]
                    let y = tb ? b[j, p] : b[p, j]
                    s += Double(x) * Double(y)
                }
                c[i * n + j] = s
            }
        }
        return c
    }

    func random<T: Real>(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix<T> {
        var r = RandomSource(seed: seed, stream: .data)
        return Matrix(rows: rows, cols: cols, elements: (0..<rows * cols).map { _ in T(r.uniform(-1, 1)) })
    }

    func check<T: Real>(_: T.Type, m: Int, n: Int, k: Int, tolerance: Double) {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a: Matrix<T> = ta ? random(k, m, seed: 1) : random(m, k, seed: 1)
            let b: Matrix<T> = tb ? random(n, k, seed: 2) : random(k, n, seed: 2)
            let c = Matrix.product(a, b, transposeA: ta, transposeB: tb)
            let want = naiveProduct(a, b, ta, tb)
            let error = zip(c.elements, want).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(c.rows == m && c.cols == n)
            #expect(error <= tolerance * Double(max(k, 1)), "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb): error \(error)")

            var accumulated = Matrix<T>(rows: m, cols: n, repeating: 1)
            if m * n > 0 {
                accumulated.elements.withUnsafeMutableBufferPointer {
                    Matrix.writeProduct(a, b, transposeA: ta, transposeB: tb, into: $0.baseAddress!, accumulate: true)
                }
            }
            let accError = zip(accumulated.elements, want).map { abs(Double($0) - ($1 + 1)) }.max() ?? 0
            #expect(accError <= tolerance * Double(max(k, 1)) + tolerance, "accumulate m=\(m) n=\(n) k=\(k)")
        }
    }

    @Test("agree with the triple loop for edge shapes, every transpose, float64",
          arguments: [(1, 1, 1), (5, 7, 3), (6, 8, 256), (13, 17, 300), (64, 130, 70), (7, 1025, 9), (200, 3, 513), (4, 4, 0),
                      (300, 40, 420), (8, 10, 8), (10, 130, 8), (16, 9, 33), (301, 45, 600), (30, 1100, 200), (8, 20, 13)])
    func float64(shape: (Int, Int, Int)) {
        check(Double.self, m: shape.0, n: shape.1, k: shape.2, tolerance: 1e-15)
    }

    @Test("agree with the triple loop for edge shapes, every transpose, float32",
          arguments: [(1, 1, 1), (5, 17, 3), (6, 16, 256), (13, 33, 300), (97, 130, 70), (200, 3, 513), (301, 33, 440),
                      (8, 10, 8), (10, 130, 8), (16, 9, 33), (131, 64, 8), (301, 45, 600), (30, 1100, 200), (8, 20, 13)])
    func float32(shape: (Int, Int, Int)) {
        check(Float.self, m: shape.0, n: shape.1, k: shape.2, tolerance: 1e-6)
    }

    @Test("give the same bits on one thread and on several",
          arguments: [(300, 257, 190), (420, 300, 350), (8, 128, 64), (1437, 128, 128), (128, 128, 1437), (1437, 10, 128)])
    func threadIndependence(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let a: Matrix<Double> = random(m, k, seed: 3), b: Matrix<Double> = random(k, n, seed: 4), w: Matrix<Double> = random(n, k, seed: 5)
        let results = [1, nil].map { threads in
            withThreads(threads) {
                [Matrix.product(a, b).elements, Matrix.product(a, w, transposeB: true).elements, Matrix.product(a, a, transposeA: true).elements]
            }
        }
        #expect(results[0] == results[1])
    }
}
