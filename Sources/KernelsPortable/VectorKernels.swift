// Level-1 kernels on flat vectors, summed in a fixed order so results never depend on threads.

public enum VectorKernels {
    /// `Σ x[i]·y[i]`: four accumulators over blocks of 32, then the tail; lanes summed last.
    @inline(never)
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        dotBody(SIMD8<Float>.self, x, y, count)
    }

    /// `y[i] += a·x[i]`, fused.
    @inline(never)
    public static func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        axpyBody(SIMD8<Float>.self, a, x, y, count)
    }

    /// `Σ x[i]·y[i]`: four accumulators over blocks of 16, then the tail; lanes summed last.
    @inline(never)
    public static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        dotBody(SIMD4<Double>.self, x, y, count)
    }

    /// `y[i] += a·x[i]`, fused.
    @inline(never)
    public static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        axpyBody(SIMD4<Double>.self, a, x, y, count)
    }
}
/// Four vector accumulators over blocks of `4·V.scalarCount`, then the tail; lanes summed last.
@inline(__always)
private func dotBody<V: FusedLanes>(_: V.Type, _ x: UnsafePointer<V.Scalar>, _ y: UnsafePointer<V.Scalar>, _ n: Int) -> V.Scalar
where V.Scalar: BinaryFloatingPoint {
    let w = V.scalarCount
    var s0 = V(), s1 = V(), s2 = V(), s3 = V()
    let rx = UnsafeRawPointer(x), ry = UnsafeRawPointer(y)
    let stride = MemoryLayout<V.Scalar>.stride * w
    var i = 0
    while i + 4 * w <= n {
        let o = i * MemoryLayout<V.Scalar>.stride
        s0 = s0.addingFusedProduct(rx.loadUnaligned(fromByteOffset: o, as: V.self), ry.loadUnaligned(fromByteOffset: o, as: V.self))
        s1 = s1.addingFusedProduct(rx.loadUnaligned(fromByteOffset: o + stride, as: V.self), ry.loadUnaligned(fromByteOffset: o + stride, as: V.self))
        s2 = s2.addingFusedProduct(rx.loadUnaligned(fromByteOffset: o + 2 * stride, as: V.self), ry.loadUnaligned(fromByteOffset: o + 2 * stride, as: V.self))
        s3 = s3.addingFusedProduct(rx.loadUnaligned(fromByteOffset: o + 3 * stride, as: V.self), ry.loadUnaligned(fromByteOffset: o + 3 * stride, as: V.self))
        i += 4 * w
    }
    let s = (s0 + s1) + (s2 + s3)
    var total: V.Scalar = 0
    for lane in 0..<w { total += s[lane] }
    while i < n {
        total += x[i] * y[i]
        i += 1
    }
    return total
}

@inline(__always)
private func axpyBody<V: FusedLanes>(_: V.Type, _ a: V.Scalar, _ x: UnsafePointer<V.Scalar>, _ y: UnsafeMutablePointer<V.Scalar>, _ n: Int)
where V.Scalar: BinaryFloatingPoint {
    let w = V.scalarCount
    let va = V(repeating: a)
    let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
    var i = 0
    while i + w <= n {
        let o = i * MemoryLayout<V.Scalar>.stride
        ry.storeBytes(of: ry.loadUnaligned(fromByteOffset: o, as: V.self).addingFusedProduct(va, rx.loadUnaligned(fromByteOffset: o, as: V.self)),
                      toByteOffset: o, as: V.self)
        i += w
    }
    while i < n {
        y[i] += a * x[i]
        i += 1
    }
}
