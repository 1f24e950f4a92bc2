import KernelsAVX2
import KernelsAVX512
import KernelsPortable

/// One operand of a matrix product: element `(i, j)` is at `base[i·rowStride + j·columnStride]`,
/// so a transposed matrix is the same memory with its strides swapped.
public struct MatrixOperand<T: Real> {
    public let base: UnsafePointer<T>
    public let rows: Int
    public let cols: Int
    public let rowStride: Int
    public let columnStride: Int

    @inlinable
    public init(base: UnsafePointer<T>, rows: Int, cols: Int, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rows = rows
        self.cols = cols
        self.rowStride = rowStride
        self.columnStride = columnStride
    }
}

// Two ways to the same product. Small and medium products (every product of a small-batch training
// step) are computed tile by tile straight from the operands: the micro-kernel broadcasts elements
// of the left operand wherever they are and loads rows of the right operand in place when they are
// contiguous; otherwise C is computed as its transpose, Cᵀ = op(B)ᵀ·op(A)ᵀ, so that only the smaller
// operand is ever copied. Large products are blocked as in BLIS (Goto and van de Geijn, 2008):
// blocks of B are packed into contiguous panels that stay in cache, and so are blocks of A unless
// its rows are contiguous and close together, in which case the kernel reads them in place
// (packing them would be a transposition, a slow gather, for little gain in locality).
//
// The same strip kernels serve both ways: a tile of `mr` rows of A (at any row stride and step) times
// `nr` columns of B (rows at any stride). Tiles are 6 rows tall, or 4 when that pads fewer rows.
// Each path (`KernelPath`) has its own copy of the strip kernels; the code around them is the same.
//
// Each element of C is summed over k in an order fixed by the shapes alone, and threads only split
// the grid of tiles, so results are bit-for-bit the same for every thread count.

extension Float {
    public static func matrixProduct(
        _ a: MatrixOperand<Float>, _ b: MatrixOperand<Float>,
        into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        matrixProduct(a, b, into: c, ldc: ldc, accumulate: accumulate, kernels: .current)
    }

    /// The product computed with the kernels of `path` (one the build holds and the CPU runs).
    static func matrixProduct(
        _ a: MatrixOperand<Float>, _ b: MatrixOperand<Float>,
        into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool, kernels path: KernelPath
    ) {
        switch path {
        case .avx512:
            product(KernelsAVX512.FloatTall.self, KernelsAVX512.FloatShort.self, KernelsAVX512.FloatNarrow.self, a, b, c, ldc, accumulate)
        case .avx2:
            product(KernelsAVX2.FloatTall.self, KernelsAVX2.FloatShort.self, KernelsAVX2.FloatNarrow.self, a, b, c, ldc, accumulate)
        case .portable:
            product(KernelsPortable.FloatTall.self, KernelsPortable.FloatShort.self, KernelsPortable.FloatNarrow.self, a, b, c, ldc, accumulate)
        }
    }
}

extension Double {
    public static func matrixProduct(
        _ a: MatrixOperand<Double>, _ b: MatrixOperand<Double>,
        into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
    ) {
        matrixProduct(a, b, into: c, ldc: ldc, accumulate: accumulate, kernels: .current)
    }

    /// The product computed with the kernels of `path` (one the build holds and the CPU runs).
    static func matrixProduct(
        _ a: MatrixOperand<Double>, _ b: MatrixOperand<Double>,
        into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool, kernels path: KernelPath
    ) {
        switch path {
        case .avx512:
            product(KernelsAVX512.DoubleTall.self, KernelsAVX512.DoubleShort.self, KernelsAVX512.DoubleShort.self, a, b, c, ldc, accumulate)
        case .avx2:
            product(KernelsAVX2.DoubleTall.self, KernelsAVX2.DoubleShort.self, KernelsAVX2.DoubleShort.self, a, b, c, ldc, accumulate)
        case .portable:
            product(KernelsPortable.DoubleTall.self, KernelsPortable.DoubleShort.self, KernelsPortable.DoubleShort.self, a, b, c, ldc, accumulate)
        }
    }
}

/// Products whose operands exceed this many elements are packed into cache blocks.
private let blockingThreshold = 1 << 17

@inline(__always)
private func product<Tall: StripKernel, Short: StripKernel, Narrow: StripKernel>(
    _ tall: Tall.Type, _ short: Short.Type, _ narrow: Narrow.Type, _ a: MatrixOperand<Tall.Scalar>, _ b: MatrixOperand<Tall.Scalar>,
    _ c: UnsafeMutablePointer<Tall.Scalar>, _ ldc: Int, _ accumulate: Bool
) where Short.Scalar == Tall.Scalar, Narrow.Scalar == Tall.Scalar {
    let m = a.rows, n = b.cols, k = a.cols
    precondition(b.rows == k, "matrix product: inner dimensions differ")
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if m * k + k * n > blockingThreshold && m >= 4 * Tall.mr && n >= 2 * Tall.nr {
        blockedProduct(Tall.self, a, b, c, ldc, accumulate)
        return
    }
    // Copy nothing when B's rows are contiguous; otherwise transpose the problem when that leaves
    // nothing, or less, to copy.
    let copyB = b.columnStride == 1 ? 0 : k * n
    let copyA = a.rowStride == 1 ? 0 : k * m
    let transpose = copyA < copyB
    let (left, right) = transpose ? (b.transposed, a.transposed) : (a, b)
    let (rowStride, columnStride) = transpose ? (1, ldc) : (ldc, 1)
    // A right operand no wider than the narrow kernel's tile goes to that kernel, so no lanes are wasted.
    if right.cols <= Narrow.nr && Narrow.nr < Tall.nr {
        tiledProduct(Narrow.self, left: left, right: right, c, rowStride: rowStride, columnStride: columnStride, accumulate)
    } else if prefersShort(left.rows, tall: Tall.mr, short: Short.mr) {
        tiledProduct(Short.self, left: left, right: right, c, rowStride: rowStride, columnStride: columnStride, accumulate)
    } else {
        tiledProduct(Tall.self, left: left, right: right, c, rowStride: rowStride, columnStride: columnStride, accumulate)
    }
}

/// Whether `m` rows in tiles of `short` rows pad at least 10% fewer rows than in tiles of `tall`
/// rows (8 rows: 8 against 12); otherwise the taller tile, with more work per loaded element, wins.
@inline(__always)
private func prefersShort(_ m: Int, tall: Int, short: Int) -> Bool {
    let paddedTall = (m + tall - 1) / tall * tall
    let paddedShort = (m + short - 1) / short * short
    return paddedTall * 10 >= paddedShort * 11
}

extension MatrixOperand {
    /// The same memory read as the transpose.
    var transposed: MatrixOperand {
        MatrixOperand(base: base, rows: cols, cols: rows, rowStride: columnStride, columnStride: rowStride)
    }
}

// How both paths split the grid of tiles among threads.

/// Products with fewer multiply-adds run on one thread: below this, waking a worker costs more than it saves.
let parallelThreshold = 1 << 18
/// Tasks per thread when rows are split, so that a thread that finishes early takes more work.
let tasksPerThread = 3

/// The `chunk`-th of `chunks` nearly equal parts of `0..<count`.
@inline(__always)
func range(_ chunk: Int, of chunks: Int, in count: Int) -> Range<Int> {
    (chunk * count / chunks)..<((chunk + 1) * count / chunks)
}
