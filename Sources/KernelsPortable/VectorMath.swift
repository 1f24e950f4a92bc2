// Elementary functions on whole SIMD registers, for the activation kernels.
//
// exp and expm1 reduce x = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite) and evaluate the Taylor
// polynomial of e^r − 1 to the degree the format needs (7 for Float, 13 for Double: truncation below
// half an ulp), so expm1(x) = 2^k·(e^r − 1) + (2^k − 1) keeps full relative accuracy near 0.
// tanh(x) = e/(e + 2) with e = expm1(2|x|). `ActivationKernelTests` measures them against glibc: a few ulp
// at most. NaN propagates, so a diverging run is still caught.

enum VectorMath {
    typealias F8 = SIMD8<Float>
    typealias D4 = SIMD4<Double>

    // The standard library's `clamped` and `pointwiseMin` are generic calls here; comparisons and
    // blends on concrete vector types compile to single instructions.

    @inline(__always)
    static func bounded(_ x: F8, _ low: Float, _ high: Float) -> F8 {
        var y = x
        y.replace(with: low, where: x .< low)
        y.replace(with: high, where: x .> high)
        return y
    }

    @inline(__always)
    static func bounded(_ x: D4, _ low: Double, _ high: Double) -> D4 {
        var y = x
        y.replace(with: low, where: x .< low)
        y.replace(with: high, where: x .> high)
        return y
    }

    // MARK: Float, 8 lanes

    /// 2^k and e^r − 1 for x = k·ln2 + r, |x| ≤ 87.
    @inline(__always)
    static func reduce(_ x: F8) -> (scale: F8, p: F8) {
        let magic = F8(repeating: 12_582_912)  // 1.5·2^23: the sum rounds x·log2(e) to an integer
        let shifted = magic.addingFusedProduct(x, F8(repeating: 1.442_695_040_888_963_4))
        let k = shifted - magic
        let r = x.addingFusedProduct(k, F8(repeating: -0.693_359_375)).addingFusedProduct(k, F8(repeating: 2.121_944_400_546_905_8e-4))
        var q = F8(repeating: 1.0 / 5040)
        q = F8(repeating: 1.0 / 720).addingFusedProduct(q, r)
        q = F8(repeating: 1.0 / 120).addingFusedProduct(q, r)
        q = F8(repeating: 1.0 / 24).addingFusedProduct(q, r)
        q = F8(repeating: 1.0 / 6).addingFusedProduct(q, r)
        q = F8(repeating: 0.5).addingFusedProduct(q, r)
        let p = r.addingFusedProduct(r * r, q)
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
        return (unsafeBitCast((exponent &+ 127) &<< 23, to: F8.self), p)
    }

    /// e^x − 1, for |x| ≤ 87.
    @inline(__always)
    static func expm1(_ x: F8) -> F8 {
        let (scale, p) = reduce(x)
        return (scale - 1).addingFusedProduct(scale, p)
    }

    /// e^x, with x clamped to [−87, 88] (tiny results are not flushed to zero).
    @inline(__always)
    static func exp(_ x: F8) -> F8 {
        let clamped = bounded(x, -87, 88)
        let (scale, p) = reduce(clamped)
        var y = scale.addingFusedProduct(scale, p)
        y.replace(with: x, where: x .!= x)
        return y
    }

    @inline(__always)
    static func tanh(_ x: F8) -> F8 {
        let bits = unsafeBitCast(x, to: SIMD8<UInt32>.self)
        let sign = bits & 0x8000_0000
        let magnitude = unsafeBitCast(bits & 0x7FFF_FFFF, to: F8.self)
        let e = expm1(2 * bounded(magnitude, 0, 9.5))
        var y = unsafeBitCast(unsafeBitCast(e / (e + 2), to: SIMD8<UInt32>.self) | sign, to: F8.self)
        y.replace(with: x, where: x .!= x)
        return y
    }

    /// `1/(1 + e^−x)`, from `e = e^−|x|` so that nothing overflows: `1/(1 + e)` or `e/(1 + e)`.
    @inline(__always)
    static func sigmoid(_ x: F8) -> F8 {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: F8.self)
        let e = exp(-magnitude)
        let r = 1 / (1 + e)
        var y = r
        y.replace(with: e * r, where: x .< 0)
        return y
    }

    // MARK: Double, 4 lanes

    /// 2^k and e^r − 1 for x = k·ln2 + r, |x| ≤ 708.
    @inline(__always)
    static func reduce(_ x: D4) -> (scale: D4, p: D4) {
        let magic = D4(repeating: 6_755_399_441_055_744)  // 1.5·2^52
        let shifted = magic.addingFusedProduct(x, D4(repeating: 1.442_695_040_888_963_407_359_924_681_001_892_137))
        let k = shifted - magic
        let r = x.addingFusedProduct(k, D4(repeating: -6.931_471_803_691_238_164_90e-01))
            .addingFusedProduct(k, D4(repeating: -1.908_214_929_270_587_700_02e-10))
        var q = D4(repeating: 1.0 / 6_227_020_800)
        q = D4(repeating: 1.0 / 479_001_600).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 39_916_800).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 3_628_800).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 362_880).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 40_320).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 5040).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 720).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 120).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 24).addingFusedProduct(q, r)
        q = D4(repeating: 1.0 / 6).addingFusedProduct(q, r)
        q = D4(repeating: 0.5).addingFusedProduct(q, r)
        let p = r.addingFusedProduct(r * r, q)
        let exponent = unsafeBitCast(shifted, to: SIMD4<Int64>.self) &- unsafeBitCast(magic, to: SIMD4<Int64>.self)
        return (unsafeBitCast((exponent &+ 1023) &<< 52, to: D4.self), p)
    }

    /// e^x − 1, for |x| ≤ 708.
    @inline(__always)
    static func expm1(_ x: D4) -> D4 {
        let (scale, p) = reduce(x)
        return (scale - 1).addingFusedProduct(scale, p)
    }

    /// e^x, with x clamped to [−708, 709] (tiny results are not flushed to zero).
    @inline(__always)
    static func exp(_ x: D4) -> D4 {
        let clamped = bounded(x, -708, 709)
        let (scale, p) = reduce(clamped)
        var y = scale.addingFusedProduct(scale, p)
        y.replace(with: x, where: x .!= x)
        return y
    }

    @inline(__always)
    static func tanh(_ x: D4) -> D4 {
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        let sign = bits & 0x8000_0000_0000_0000
        let magnitude = unsafeBitCast(bits & 0x7FFF_FFFF_FFFF_FFFF, to: D4.self)
        let e = expm1(2 * bounded(magnitude, 0, 20))
        var y = unsafeBitCast(unsafeBitCast(e / (e + 2), to: SIMD4<UInt64>.self) | sign, to: D4.self)
        y.replace(with: x, where: x .!= x)
        return y
    }

    /// `1/(1 + e^−x)`, from `e = e^−|x|` so that nothing overflows: `1/(1 + e)` or `e/(1 + e)`.
    @inline(__always)
    static func sigmoid(_ x: D4) -> D4 {
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: D4.self)
        let e = exp(-magnitude)
        let r = 1 / (1 + e)
        var y = r
        y.replace(with: e * r, where: x .< 0)
        return y
    }
}

/// Activations applied a register at a time.
public enum LaneKernels {
    @inline(never)
    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        mapLanes(x, y, count, VectorMath.tanh)
    }

    @inline(never)
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        mapLanes(x, y, count, VectorMath.sigmoid)
    }

    @inline(never)
    public static func tanh(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        mapLanes(x, y, count, VectorMath.tanh)
    }

    @inline(never)
    public static func sigmoid(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        mapLanes(x, y, count, VectorMath.sigmoid)
    }
}

/// `y = f(x)` a register at a time; the tail goes through a zero-padded register, so every element is
/// computed the same way wherever it sits.
@inline(__always)
private func mapLanes<V: SIMD>(_ x: UnsafePointer<V.Scalar>, _ y: UnsafeMutablePointer<V.Scalar>, _ n: Int, _ f: (V) -> V) {
    let w = V.scalarCount
    var i = 0
    while i + w <= n {
        UnsafeMutableRawPointer(y + i).storeBytes(of: f(UnsafeRawPointer(x + i).loadUnaligned(as: V.self)), as: V.self)
        i += w
    }
    if i < n {
        var tail = V()
        for j in 0..<(n - i) { tail[j] = x[i + j] }
        let result = f(tail)
        for j in 0..<(n - i) { y[i + j] = result[j] }
    }
}
