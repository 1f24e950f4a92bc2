import Foundation
import Testing
import Landscape

@Suite("Activation kernels")
struct ActivationKernelTests {
    /// Inputs spanning the interesting ranges: tiny, moderate, saturated, both signs, with NaN.
    static func grid<T: Real>(_: T.Type) -> [T] {
        var xs: [T] = [0, -0.0, T.leastNormalMagnitude, 1e-30, -1e-10, 1e-4, 0.5, 0.35, 0.36, 9, 9.5, 19, 20, 21, 50, 1000, -1000]
        var r = RandomSource(seed: 1, stream: .data)
        for _ in 0..<20_000 { xs.append(T(r.uniform(-12, 12))) }
        for _ in 0..<2_000 { xs.append(T(r.uniform(-1e-3, 1e-3))) }
        return xs + xs.map { -$0 }
    }

    func kernel<T: Real>(_ f: Activation, _ xs: [T]) -> [T] {
        var ys = [T](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeMutableBufferPointer { y in T.activate(f, x.baseAddress!, y.baseAddress!, count: xs.count) } }
        return ys
    }

    /// Largest error in units of the spacing of T at the reference value.
    func worstUlps<T: Real>(_ got: [T], _ want: [Double]) -> Double {
        zip(got, want).map { g, w in
            let ulp = Double(T(w).ulp == 0 ? T.leastNonzeroMagnitude : T(w).ulp)
            return abs(Double(g) - w) / ulp
        }.max() ?? 0
    }

    @Test("float64 tanh is within 3 ulp of glibc's, keeps signs and propagates NaN")
    func tanhDouble() {
        let xs = Self.grid(Double.self)
        let ys = kernel(.tanh, xs)
        #expect(worstUlps(ys, xs.map { Foundation.tanh($0) }) <= 3)
        #expect(kernel(.tanh, [Double.nan, -.infinity, .infinity]).enumerated().allSatisfy { i, y in i == 0 ? y.isNaN : y == (i == 1 ? -1 : 1) })
        #expect(kernel(.tanh, [-0.0])[0].sign == .minus)
    }

    @Test("float32 tanh is within 3 ulp of the correctly rounded value")
    func tanhFloat() {
        let xs = Self.grid(Float.self)
        let ys = kernel(.tanh, xs)
        #expect(worstUlps(ys, xs.map { Foundation.tanh(Double($0)) }) <= 3)
        #expect(kernel(.tanh, [Float.nan])[0].isNaN)
    }

    @Test("every activation kernel equals its scalar definition", arguments: Activation.allCases)
    func kernelsMatchDefinitions(f: Activation) {
        let xs = Self.grid(Double.self).filter { abs($0) < 30 }
        let ys = kernel(f, xs)
        #expect(worstUlps(ys, xs.map { f.value($0) }) <= 3)
    }
}
