// The `Float` strip kernels, in 8-wide registers.

/// 6 × 16 tiles of `Float` in twelve 8-wide registers; with the two rows of B and the broadcast
/// element that makes fifteen of the sixteen, and the six row offsets fit the general registers.
public enum FloatTall {
    public typealias Scalar = Float
    typealias V = SIMD8<Float>
    @inlinable public static var mr: Int { 6 }
    @inlinable public static var nr: Int { 16 }

    @inline(never)
    public static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                           c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
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
        store(c00, c01, c, accumulate)
        store(c10, c11, c + ldc, accumulate)
        store(c20, c21, c + ldc &* 2, accumulate)
        store(c30, c31, c + ldc &* 3, accumulate)
        store(c40, c41, c + ldc &* 4, accumulate)
        store(c50, c51, c + ldc &* 5, accumulate)
    }
}

/// 4 × 16 tiles of `Float` in eight 8-wide registers, for products with few rows (8 rows: two
/// tiles, where 6-row tiles would compute 12).
public enum FloatShort {
    public typealias Scalar = Float
    typealias V = SIMD8<Float>
    @inlinable public static var mr: Int { 4 }
    @inlinable public static var nr: Int { 16 }

    @inline(never)
    public static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                           c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
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
        store(c00, c01, c, accumulate)
        store(c10, c11, c + ldc, accumulate)
        store(c20, c21, c + ldc &* 2, accumulate)
        store(c30, c31, c + ldc &* 3, accumulate)
    }
}

/// 8 × 8 tiles of `Float` in eight 8-wide registers, for a right operand at most 8 wide (the
/// transposed products of a batch of 8): the wider tiles would compute half their lanes for nothing.
/// Those products read the batch transposed and write the result transposed, so the kernel also
/// packs and stores by 8 × 8 register transposes.
public enum FloatNarrow {
    public typealias Scalar = Float
    typealias V = SIMD8<Float>
    @inlinable public static var mr: Int { 8 }
    @inlinable public static var nr: Int { 8 }
    @inlinable public static var transposesInRegisters: Bool { true }

    @inline(never)
    public static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                           c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        storeRows(tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep), c, ldc: ldc, accumulate)
    }

    @inline(never)
    public static func runTransposed(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                                     c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        storeRows(transposed(tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)), c, ldc: ldc, accumulate)
    }

    @inline(never)
    public static func packTransposedPanel(_ b: UnsafePointer<Float>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Float>) {
        let (c1, c2, c3, c4, c5, c6, c7) = rowOffsets(cs)
        let to = UnsafeMutableRawPointer(out)
        var p = 0
        while p + 8 <= kc {
            let from = UnsafeRawPointer(b + p)
            @inline(__always) func column(_ offset: Int) -> V { from.loadUnaligned(fromByteOffset: offset &* 4, as: V.self) }
            let rows = transposed((column(0), column(c1), column(c2), column(c3), column(c4), column(c5), column(c6), column(c7)))
            let bytes = p &* 32
            to.storeBytes(of: rows.0, toByteOffset: bytes, as: V.self)
            to.storeBytes(of: rows.1, toByteOffset: bytes &+ 32, as: V.self)
            to.storeBytes(of: rows.2, toByteOffset: bytes &+ 64, as: V.self)
            to.storeBytes(of: rows.3, toByteOffset: bytes &+ 96, as: V.self)
            to.storeBytes(of: rows.4, toByteOffset: bytes &+ 128, as: V.self)
            to.storeBytes(of: rows.5, toByteOffset: bytes &+ 160, as: V.self)
            to.storeBytes(of: rows.6, toByteOffset: bytes &+ 192, as: V.self)
            to.storeBytes(of: rows.7, toByteOffset: bytes &+ 224, as: V.self)
            p += 8
        }
        for q in p..<kc {
            for j in 0..<8 { out[q &* 8 &+ j] = b[q &+ j &* cs] }
        }
    }

    /// The tile's eight rows, summed over `kc` in order.
    @inline(__always)
    private static func tile(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int) -> FloatBlock8 {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
        let (r1, r2, r3, r4, r5, r6, r7) = aRows
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bBytes = bStep &* MemoryLayout<Scalar>.stride
        for _ in 0..<kc {
            let row = pb.loadUnaligned(as: V.self)
            c0 = c0.addingFusedProduct(V(repeating: pa[0]), row)
            c1 = c1.addingFusedProduct(V(repeating: pa[r1]), row)
            c2 = c2.addingFusedProduct(V(repeating: pa[r2]), row)
            c3 = c3.addingFusedProduct(V(repeating: pa[r3]), row)
            c4 = c4.addingFusedProduct(V(repeating: pa[r4]), row)
            c5 = c5.addingFusedProduct(V(repeating: pa[r5]), row)
            c6 = c6.addingFusedProduct(V(repeating: pa[r6]), row)
            c7 = c7.addingFusedProduct(V(repeating: pa[r7]), row)
            pa += aStep
            pb += bBytes
        }
        return (c0, c1, c2, c3, c4, c5, c6, c7)
    }

    /// Stores (or adds) eight rows `ldc` apart.
    @inline(__always)
    private static func storeRows(_ rows: FloatBlock8, _ c: UnsafeMutablePointer<Float>, ldc: Int, _ accumulate: Bool) {
        store(rows.0, c, accumulate)
        store(rows.1, c + ldc, accumulate)
        store(rows.2, c + ldc &* 2, accumulate)
        store(rows.3, c + ldc &* 3, accumulate)
        store(rows.4, c + ldc &* 4, accumulate)
        store(rows.5, c + ldc &* 5, accumulate)
        store(rows.6, c + ldc &* 6, accumulate)
        store(rows.7, c + ldc &* 7, accumulate)
    }
}
