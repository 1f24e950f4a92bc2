// The interface of the micro-kernels that both product paths call, and what the kernels share.

/// A register-tiled micro-kernel on operands in place or packed:
/// `tile[i][j] = Σ_p a[i·s + p·aStep]·b[p·bStep + j]`, stored into `c` (row stride `ldc`) or added to it,
/// where `aRows` holds the offsets `s, 2s, …, 7s` of rows 1…7 of A (see `rowOffsets`).
protocol StripKernel {
    associatedtype Scalar: Real
    static var mr: Int { get }
    static var nr: Int { get }
    static func run(
        kc: Int, a: UnsafePointer<Scalar>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Scalar>, bStep: Int,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool)
    /// Whether the kernel also has `runTransposed` and `packTransposedPanel`, which move whole tiles
    /// between the layouts of a transposed product in registers rather than element by element.
    static var transposesInRegisters: Bool { get }
    /// As `run`, but the tile is stored (or added) transposed: `c[j·ldc + i] = tile[i][j]`.
    static func runTransposed(
        kc: Int, a: UnsafePointer<Scalar>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Scalar>, bStep: Int,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool)
    /// Packs a whole `kc × nr` panel of a right operand whose columns are contiguous, element `(p, j)`
    /// at `b[p + j·columnStride]`, as `kc` rows of `nr`.
    static func packTransposedPanel(_ b: UnsafePointer<Scalar>, columnStride: Int, kc: Int, into out: UnsafeMutablePointer<Scalar>)
}

extension StripKernel {
    static var transposesInRegisters: Bool { false }

    static func runTransposed(
        kc: Int, a: UnsafePointer<Scalar>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Scalar>, bStep: Int,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool
    ) {
        preconditionFailure("\(Self.self) has no transposed store")
    }

    static func packTransposedPanel(_ b: UnsafePointer<Scalar>, columnStride: Int, kc: Int, into out: UnsafeMutablePointer<Scalar>) {
        preconditionFailure("\(Self.self) has no transposed packing")
    }
}

/// The offsets of rows 1…7 of an operand from its row 0.
typealias RowOffsets = (Int, Int, Int, Int, Int, Int, Int)

/// The first seven multiples of a row stride, computed where the optimizer cannot see that they are
/// multiples: knowing it, LLVM walks from one row to the next with a chain of additions inside the
/// kernel loop, a dependency that caps the 8-row kernel at half its speed. As independent offsets,
/// every element is one load at `base + offset`. Computed once per product and handed to every kernel
/// call, since a call here from each kernel call costs more than a short kernel's loop at k = 8.
@inline(never)
func rowOffsets(_ stride: Int) -> RowOffsets {
    (stride, stride &* 2, stride &* 3, stride &* 4, stride &* 5, stride &* 6, stride &* 7)
}

/// Stores (or adds) two registers to consecutive memory.
@inline(__always)
func store<V: SIMD>(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<V.Scalar>, _ accumulate: Bool) where V.Scalar: FloatingPoint {
    let p = UnsafeMutableRawPointer(c)
    let width = MemoryLayout<V>.size
    if accumulate {
        p.storeBytes(of: p.loadUnaligned(as: V.self) + lo, as: V.self)
        p.storeBytes(of: p.loadUnaligned(fromByteOffset: width, as: V.self) + hi, toByteOffset: width, as: V.self)
    } else {
        p.storeBytes(of: lo, as: V.self)
        p.storeBytes(of: hi, toByteOffset: width, as: V.self)
    }
}

/// Stores (or adds) one register.
@inline(__always)
func store<V: SIMD>(_ v: V, _ c: UnsafeMutablePointer<V.Scalar>, _ accumulate: Bool) where V.Scalar: FloatingPoint {
    let p = UnsafeMutableRawPointer(c)
    p.storeBytes(of: accumulate ? p.loadUnaligned(as: V.self) + v : v, as: V.self)
}
