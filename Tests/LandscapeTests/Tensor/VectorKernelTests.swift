import Testing
import Landscape

@Suite("Vector kernels")
struct VectorKernelTests {
    @Test("dot and axpy match plain loops", arguments: [0, 1, 7, 16, 33, 1000])
    func dotAndAxpy(count: Int) {
        var r = RandomSource(seed: 9, stream: .data)
        let x = (0..<count).map { _ in r.uniform(-1, 1) }
        var y = (0..<count).map { _ in r.uniform(-1, 1) }
        let want = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 }
        let got = x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { py in
            Double.dot(px.baseAddress ?? UnsafePointer(bitPattern: 8)!, py.baseAddress ?? UnsafePointer(bitPattern: 8)!, count: count) } }
        #expect(abs(got - want) <= 1e-14 * Double(max(count, 1)))
        let expected = zip(x, y).map { 0.5 * $0 + $1 }
        if count > 0 {
            x.withUnsafeBufferPointer { px in y.withUnsafeMutableBufferPointer { py in
                Double.axpy(0.5, px.baseAddress!, py.baseAddress!, count: count) } }
        }
        #expect(zip(y, expected).allSatisfy { abs($0 - $1) <= 1e-15 })
    }
}
