import Testing
@testable import Landscape

/// Every copy of the kernels (`KernelPath`) that this CPU runs gives the bits the portable copy
/// gives: products on every route (narrow, short and tall tiles, in place, packed, transposed in
/// registers, blocked), with and without accumulation; dot and axpy over every tail length; tanh and
/// sigmoid over their whole range and the special values. On a CPU with AVX-512 this covers three
/// copies, on one with AVX2 two; the portable copy's own values are checked against the triple
/// loop and glibc by `MatrixProductTests` and `ActivationKernelTests`.
@Suite("Kernel copies")
struct KernelCopiesTests {
    static let paths = KernelPath.built.filter { $0.isSupported && $0 != .portable }

    static let shapes = [(8, 8, 13), (8, 20, 13), (13, 33, 300), (64, 130, 70), (131, 64, 8), (300, 40, 420), (7, 1025, 9)]

    /// `C = op(A)·op(B)` (or `1 + op(A)·op(B)`) with the kernels of `path`, as bit patterns.
    func product<T: PathKernels>(_: T.Type, m: Int, n: Int, k: Int, ta: Bool, tb: Bool, accumulate: Bool, path: KernelPath) -> [T.Bits] {
        var r = RandomSource(seed: UInt64(m * 10_000 + n * 100 + k), stream: .data)
        let a = (0..<m * k).map { _ in T(r.uniform(-1, 1)) }, b = (0..<k * n).map { _ in T(r.uniform(-1, 1)) }
        var c = [T](repeating: accumulate ? 1 : 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let left = MatrixOperand(base: a.baseAddress!, rows: m, cols: k, rowStride: ta ? 1 : k, columnStride: ta ? m : 1)
                    let right = MatrixOperand(base: b.baseAddress!, rows: k, cols: n, rowStride: tb ? 1 : n, columnStride: tb ? k : 1)
                    T.product(left, right, into: c.baseAddress!, ldc: n, accumulate: accumulate, kernels: path)
                }
            }
        }
        return c.map(\.bits)
    }

    func checkProducts<T: PathKernels>(_: T.Type) {
        for path in Self.paths {
            for (m, n, k) in Self.shapes {
                for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                    for accumulate in [false, true] {
                        let want = product(T.self, m: m, n: n, k: k, ta: ta, tb: tb, accumulate: accumulate, path: .portable)
                        let got = product(T.self, m: m, n: n, k: k, ta: ta, tb: tb, accumulate: accumulate, path: path)
                        #expect(got == want, "\(path) \(T.self) m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb) accumulate=\(accumulate)")
                    }
                }
            }
        }
    }

    @Test("products: the same bits as the portable copy on every route, float64")
    func productsFloat64() { checkProducts(Double.self) }

    @Test("products: the same bits as the portable copy on every route, float32")
    func productsFloat32() { checkProducts(Float.self) }

    func checkVectors<T: PathKernels>(_: T.Type) {
        var r = RandomSource(seed: 7, stream: .data)
        let x = (0..<4099).map { _ in T(r.uniform(-3, 3)) }, y = (0..<4099).map { _ in T(r.uniform(-3, 3)) }
        for path in Self.paths {
            for count in [0, 1, 3, 7, 8, 15, 31, 33, 64, 1000, 4099] {
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        let want = T.dot(x.baseAddress!, y.baseAddress!, count: count, kernels: .portable)
                        #expect(T.dot(x.baseAddress!, y.baseAddress!, count: count, kernels: path).bits == want.bits, "\(path) dot \(count)")
                    }
                }
                var want = y, got = y
                x.withUnsafeBufferPointer { T.axpy(T(-0.37), $0.baseAddress!, &want, count: count, kernels: .portable) }
                x.withUnsafeBufferPointer { T.axpy(T(-0.37), $0.baseAddress!, &got, count: count, kernels: path) }
                #expect(got.map(\.bits) == want.map(\.bits), "\(path) axpy \(count)")
            }
        }
    }

    @Test("dot and axpy: the same bits as the portable copy for every tail length, float64")
    func vectorsFloat64() { checkVectors(Double.self) }

    @Test("dot and axpy: the same bits as the portable copy for every tail length, float32")
    func vectorsFloat32() { checkVectors(Float.self) }

    func checkLanes<T: PathKernels>(_: T.Type) {
        let special: [T] = [0, -0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude, 1e-30, 88, -88, 709, -709]
        let x = special + (0..<4001).map { T(-40) + T($0) * T(0.02) }
        for path in Self.paths {
            for f in [Activation.tanh, .sigmoid] {
                var want = [T](repeating: 0, count: x.count), got = want
                T.activate(f, x, &want, count: x.count, kernels: .portable)
                T.activate(f, x, &got, count: x.count, kernels: path)
                #expect(got.map(\.bits) == want.map(\.bits), "\(path) \(f)")
            }
        }
    }

    @Test("tanh and sigmoid: the same bits as the portable copy over the whole range, float64")
    func lanesFloat64() { checkLanes(Double.self) }

    @Test("tanh and sigmoid: the same bits as the portable copy over the whole range, float32")
    func lanesFloat32() { checkLanes(Float.self) }

    /// The portable copy's multiply-adds (emulated without FMA on x86-64) against the C library's
    /// `fma`, through axpy's registers (`y + a·x` lane by lane, eight elements a call): random
    /// operands over a wide range of exponents; sums that cancel to a few units in the last place;
    /// products that are exactly halfway between two neighbours plus a tiny `y`, where rounding
    /// twice (to the wider format or in two parts, then to the result) breaks the tie the wrong
    /// way; and every triple of the extreme values.
    func checkFusedLanes<T: PathKernels>(_: T.Type, exponents: ClosedRange<Int>, extremes: [T]) {
        var r = RandomSource(seed: 11, stream: .data)
        func random() -> T {
            let significand = T(r.uniform(1, 2)) * (r.uniform(0, 1) < 0.5 ? -1 : 1)
            return significand * T(sign: .plus, exponent: T.Exponent(Int(r.uniform(Double(exponents.lowerBound), Double(exponents.upperBound + 1)).rounded(.down))), significand: 1)
        }
        var triples: [(T, T, T)] = []
        for _ in 0..<80_000 { triples.append((random(), random(), random())) }
        for _ in 0..<80_000 {
            let (a, x) = (random(), random())
            var y = -(a * x)
            for _ in 0..<Int(r.uniform(0, 4)) { y = r.uniform(0, 1) < 0.5 ? y.nextUp : y.nextDown }
            triples.append((a, x, y))
        }
        // a·x with p + 1 significant bits and its last bit set (p = 24 or 53): a tie at precision p.
        let p = T.significandBitCount + 1, h = p / 2
        while triples.count < 240_000 {
            let a = 2 * Int(r.uniform(Double(1 << (h - 1)), Double(1 << h))) + 1
            let x = 2 * Int(r.uniform(Double(1 << (p - 2 - h)), Double(1 << (p - 1 - h)))) + 1
            guard a * x >= 1 << p, a * x < 1 << (p + 1) else { continue }
            let (sa, sx) = (Int(r.uniform(-20, 21).rounded(.down)), Int(r.uniform(-20, 21).rounded(.down)))
            let tiny = T(r.uniform(1, 2)) * (r.uniform(0, 1) < 0.5 ? -1 : 1)
            triples.append((T(a) * T(sign: .plus, exponent: T.Exponent(sa), significand: 1),
                            T(x) * T(sign: .plus, exponent: T.Exponent(sx), significand: 1),
                            tiny * T(sign: .plus, exponent: T.Exponent(sa + sx - 60), significand: 1)))
        }
        for a in extremes { for x in extremes { for y in extremes { triples.append((a, x, y)) } } }
        var mismatches: [String] = []
        for (a, x, y) in triples {
            let xs = [T](repeating: x, count: 8)
            var ys = [T](repeating: y, count: 8)
            T.axpy(a, xs, &ys, count: 8, kernels: .portable)
            let want = y.addingProduct(a, x)
            if !(ys.allSatisfy { $0.bits == want.bits } || (want.isNaN && ys.allSatisfy(\.isNaN))) && mismatches.count < 5 {
                mismatches.append("\(y) + \(a)·\(x): \(ys[0]), the C library \(want)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test("the portable copy's multiply-adds are rounded once, as the C library's fma: float64")
    func fusedLanesFloat64() {
        checkFusedLanes(Double.self, exponents: -70...70, extremes: [
            0, -0, .leastNonzeroMagnitude, -.leastNormalMagnitude, 0x1p-480, -0x1.fffffffffffffp-481, 0x1p480,
            0x1.0000000000001p481, 1e300, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, 1, -3])
    }

    @Test("the portable copy's multiply-adds are rounded once, as the C library's fma: float32")
    func fusedLanesFloat32() {
        checkFusedLanes(Float.self, exponents: -60...60, extremes: [
            0, -0, .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e-30, 3e38, -.greatestFiniteMagnitude,
            .infinity, -.infinity, .nan, 1, -3, 0x1.fffffep-1])
    }
}

/// The kernels with a named path, for both precisions.
protocol PathKernels: Real {
    associatedtype Bits: Equatable
    var bits: Bits { get }
    static func product(_ a: MatrixOperand<Self>, _ b: MatrixOperand<Self>, into c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool, kernels: KernelPath)
    static func dot(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int, kernels: KernelPath) -> Self
    static func axpy(_ a: Self, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int, kernels: KernelPath)
    static func activate(_ f: Activation, _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, count: Int, kernels: KernelPath)
}

extension Float: PathKernels {
    var bits: UInt32 { bitPattern }
    static func product(_ a: MatrixOperand<Float>, _ b: MatrixOperand<Float>, into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, kernels: KernelPath) {
        matrixProduct(a, b, into: c, ldc: ldc, accumulate: accumulate, kernels: kernels)
    }
}

extension Double: PathKernels {
    var bits: UInt64 { bitPattern }
    static func product(_ a: MatrixOperand<Double>, _ b: MatrixOperand<Double>, into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool, kernels: KernelPath) {
        matrixProduct(a, b, into: c, ldc: ldc, accumulate: accumulate, kernels: kernels)
    }
}
