import KernelsAVX2
import KernelsAVX512
import KernelsPortable

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

/// The offsets of rows 1…7 of an operand from its row 0 (every copy of the kernels names the same tuple).
typealias RowOffsets = KernelsPortable.RowOffsets

/// See `KernelsPortable.rowOffsets`.
@inline(__always)
func rowOffsets(_ stride: Int) -> RowOffsets { KernelsPortable.rowOffsets(stride) }

// Each copy of the kernels, in the library's terms.
extension KernelsAVX512.FloatTall: StripKernel {}
extension KernelsAVX512.FloatShort: StripKernel {}
extension KernelsAVX512.FloatNarrow: StripKernel {}
extension KernelsAVX512.DoubleTall: StripKernel {}
extension KernelsAVX512.DoubleShort: StripKernel {}
extension KernelsAVX2.FloatTall: StripKernel {}
extension KernelsAVX2.FloatShort: StripKernel {}
extension KernelsAVX2.FloatNarrow: StripKernel {}
extension KernelsAVX2.DoubleTall: StripKernel {}
extension KernelsAVX2.DoubleShort: StripKernel {}
extension KernelsPortable.FloatTall: StripKernel {}
extension KernelsPortable.FloatShort: StripKernel {}
extension KernelsPortable.FloatNarrow: StripKernel {}
extension KernelsPortable.DoubleTall: StripKernel {}
extension KernelsPortable.DoubleShort: StripKernel {}
