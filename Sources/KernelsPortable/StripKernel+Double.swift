// The `Double` strip kernels, in 4-wide registers, and the packing by register transposes they share.

/// Packs a whole `kc × 8` panel of `Double` with contiguous columns (element `(p, j)` at
/// `b[p + j·columnStride]`) as `kc` rows of 8, by 4 × 4 register transposes.
@inline(never)
private func packTransposedPanelOf8(_ b: UnsafePointer<Double>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Double>) {
    typealias V = SIMD4<Double>
    let (c1, c2, c3, c4, c5, c6, c7) = rowOffsets(cs)
    let to = UnsafeMutableRawPointer(out)
    var p = 0
    while p + 4 <= kc {
        let from = UnsafeRawPointer(b + p)
        @inline(__always) func column(_ offset: Int) -> V { from.loadUnaligned(fromByteOffset: offset &* 8, as: V.self) }
        let left = transposed((column(0), column(c1), column(c2), column(c3)))
        let right = transposed((column(c4), column(c5), column(c6), column(c7)))
        let bytes = p &* 64
        to.storeBytes(of: left.0, toByteOffset: bytes, as: V.self)
        to.storeBytes(of: right.0, toByteOffset: bytes &+ 32, as: V.self)
        to.storeBytes(of: left.1, toByteOffset: bytes &+ 64, as: V.self)
        to.storeBytes(of: right.1, toByteOffset: bytes &+ 96, as: V.self)
        to.storeBytes(of: left.2, toByteOffset: bytes &+ 128, as: V.self)
        to.storeBytes(of: right.2, toByteOffset: bytes &+ 160, as: V.self)
        to.storeBytes(of: left.3, toByteOffset: bytes &+ 192, as: V.self)
        to.storeBytes(of: right.3, toByteOffset: bytes &+ 224, as: V.self)
        p += 4
    }
    for q in p..<kc {
        for j in 0..<8 { out[q &* 8 &+ j] = b[q &+ j &* cs] }
    }
}

/// 6 × 8 tiles of `Double` in twelve 4-wide registers. The transposed products of a batch of 8
/// read the batch transposed and write the result transposed; the kernel packs and stores those
/// by register transposes (4 × 4 blocks for the first four rows, pairs for the last two).
public enum DoubleTall {
    public typealias Scalar = Double
    typealias V = SIMD4<Double>
    @inlinable public static var mr: Int { 6 }
    @inlinable public static var nr: Int { 8 }
    @inlinable public static var transposesInRegisters: Bool { true }

    @inline(never)
    public static func run(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                           c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        let (top, bottom) = tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)
        store(top.left.0, top.right.0, c, accumulate)
        store(top.left.1, top.right.1, c + ldc, accumulate)
        store(top.left.2, top.right.2, c + ldc &* 2, accumulate)
        store(top.left.3, top.right.3, c + ldc &* 3, accumulate)
        store(bottom.left.0, bottom.right.0, c + ldc &* 4, accumulate)
        store(bottom.left.1, bottom.right.1, c + ldc &* 5, accumulate)
    }

    @inline(never)
    public static func runTransposed(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                                     c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        let (top, bottom) = tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)
        // Rows 0…3 of the tile: two 4 × 4 transposes give columns 0…3 and 4…7 as rows of C.
        let (left, right) = (transposed(top.left), transposed(top.right))
        store(left.0, c, accumulate)
        store(left.1, c + ldc, accumulate)
        store(left.2, c + ldc &* 2, accumulate)
        store(left.3, c + ldc &* 3, accumulate)
        store(right.0, c + ldc &* 4, accumulate)
        store(right.1, c + ldc &* 5, accumulate)
        store(right.2, c + ldc &* 6, accumulate)
        store(right.3, c + ldc &* 7, accumulate)
        // Rows 4 and 5: column j is the pair (row 4, row 5)[j], after the first four elements of C's row j.
        storePairs(bottom.left.0, bottom.left.1, c + 4, ldc: ldc, accumulate)
        storePairs(bottom.right.0, bottom.right.1, c + (ldc &* 4 &+ 4), ldc: ldc, accumulate)
    }

    /// Stores (or adds) the pairs `(x[j], y[j])` at `c + j·ldc`, for the four columns j of two rows.
    @inline(__always)
    private static func storePairs(_ x: V, _ y: V, _ c: UnsafeMutablePointer<Double>, ldc: Int, _ accumulate: Bool) {
        let even = V(x[0], y[0], x[2], y[2]), odd = V(x[1], y[1], x[3], y[3])
        store(even.lowHalf, c, accumulate)
        store(odd.lowHalf, c + ldc, accumulate)
        store(even.highHalf, c + ldc &* 2, accumulate)
        store(odd.highHalf, c + ldc &* 3, accumulate)
    }

    @inline(never)
    public static func packTransposedPanel(_ b: UnsafePointer<Double>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Double>) {
        packTransposedPanelOf8(b, columnStride: cs, kc: kc, into: out)
    }

    /// The tile's six rows, summed over `kc` in order, as rows 0…3 and rows 4…5, each split into
    /// their first four columns and their last four.
    @inline(__always)
    private static func tile(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int)
        -> (top: (left: DoubleBlock4, right: DoubleBlock4), bottom: (left: (V, V), right: (V, V))) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        let (r1, r2, r3, r4, r5, _, _) = aRows
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bBytes = bStep &* MemoryLayout<Scalar>.stride
        for _ in 0..<kc {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingFusedProduct(x, b0); c01 = c01.addingFusedProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingFusedProduct(x, b0); c11 = c11.addingFusedProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingFusedProduct(x, b0); c21 = c21.addingFusedProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingFusedProduct(x, b0); c31 = c31.addingFusedProduct(x, b1)
            x = V(repeating: pa[r4])
            c40 = c40.addingFusedProduct(x, b0); c41 = c41.addingFusedProduct(x, b1)
            x = V(repeating: pa[r5])
            c50 = c50.addingFusedProduct(x, b0); c51 = c51.addingFusedProduct(x, b1)
            pa += aStep
            pb += bBytes
        }
        return (((c00, c10, c20, c30), (c01, c11, c21, c31)), ((c40, c50), (c41, c51)))
    }
}

/// 4 × 8 tiles of `Double` in eight 4-wide registers, for products with few rows, and for the
/// transposed products of a batch of 8, which read the batch transposed and write the result
/// transposed: the kernel also packs and stores those by 4 × 4 register transposes.
public enum DoubleShort {
    public typealias Scalar = Double
    typealias V = SIMD4<Double>
    @inlinable public static var mr: Int { 4 }
    @inlinable public static var nr: Int { 8 }
    @inlinable public static var transposesInRegisters: Bool { true }

    @inline(never)
    public static func run(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                           c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        let (left, right) = tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)
        store(left.0, right.0, c, accumulate)
        store(left.1, right.1, c + ldc, accumulate)
        store(left.2, right.2, c + ldc &* 2, accumulate)
        store(left.3, right.3, c + ldc &* 3, accumulate)
    }

    @inline(never)
    public static func runTransposed(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                                     c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        let (left, right) = tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)
        let (top, bottom) = (transposed(left), transposed(right))
        store(top.0, c, accumulate)
        store(top.1, c + ldc, accumulate)
        store(top.2, c + ldc &* 2, accumulate)
        store(top.3, c + ldc &* 3, accumulate)
        store(bottom.0, c + ldc &* 4, accumulate)
        store(bottom.1, c + ldc &* 5, accumulate)
        store(bottom.2, c + ldc &* 6, accumulate)
        store(bottom.3, c + ldc &* 7, accumulate)
    }

    @inline(never)
    public static func packTransposedPanel(_ b: UnsafePointer<Double>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Double>) {
        packTransposedPanelOf8(b, columnStride: cs, kc: kc, into: out)
    }

    /// The tile's four rows, summed over `kc` in order: their first four columns, then their last four.
    @inline(__always)
    private static func tile(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int)
        -> (DoubleBlock4, DoubleBlock4) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        let (r1, r2, r3, _, _, _, _) = aRows
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bBytes = bStep &* MemoryLayout<Scalar>.stride
        for _ in 0..<kc {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingFusedProduct(x, b0); c01 = c01.addingFusedProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingFusedProduct(x, b0); c11 = c11.addingFusedProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingFusedProduct(x, b0); c21 = c21.addingFusedProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingFusedProduct(x, b0); c31 = c31.addingFusedProduct(x, b1)
            pa += aStep
            pb += bBytes
        }
        return ((c00, c10, c20, c30), (c01, c11, c21, c31))
    }
}
