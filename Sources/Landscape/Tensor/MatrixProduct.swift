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
//
// Each element of C is summed over k in an order fixed by the shapes alone, and threads only split
// the grid of tiles, so results are bit-for-bit the same for every thread count.

extension Float {
    public static func matrixProduct(
        _ a: MatrixOperand<Float>, _ b: MatrixOperand<Float>,
        into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        product(FloatTall.self, FloatShort.self, FloatNarrow.self, a, b, c, ldc, accumulate)
    }
}

extension Double {
    public static func matrixProduct(
        _ a: MatrixOperand<Double>, _ b: MatrixOperand<Double>,
        into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
    ) {
        product(DoubleTall.self, DoubleShort.self, DoubleShort.self, a, b, c, ldc, accumulate)
    }
}

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

private let kcBlock = 256
private let mcBlock = 96
private let ncBlock = 1024
/// Products with fewer multiply-adds run on one thread: below this, waking a worker costs more than it saves.
private let parallelThreshold = 1 << 18
/// Tasks per thread when rows are split, so that a thread that finishes early takes more work.
private let tasksPerThread = 3
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

/// `C = left·right` (or `+=`), tile by tile, with C's element `(i, j)` at `c[i·rowStride + j·columnStride]`.
/// The left operand is read in place; the right one too when its rows are contiguous, else it is
/// packed once. Tiles cut by the edges go through a small zero-padded buffer. When C is computed as
/// its transpose, kernels that transpose in registers also pack the right operand (the batch, read
/// transposed) and store whole tiles of C by register transposes instead of element by element.
@inline(__always)
private func tiledProduct<K: StripKernel>(
    _ kernel: K.Type, left a: MatrixOperand<K.Scalar>, right b: MatrixOperand<K.Scalar>,
    _ c: UnsafeMutablePointer<K.Scalar>, rowStride crs: Int, columnStride ccs: Int, _ accumulate: Bool
) {
    typealias T = K.Scalar
    let m = a.rows, n = b.cols, k = a.cols
    let mr = K.mr, nr = K.nr
    let panelsM = (m + mr - 1) / mr, panelsN = (n + nr - 1) / nr
    // Packed right panels: all of them when rows are strided, else only the ragged last one.
    let packAll = b.columnStride != 1
    let ragged = n % nr != 0
    let packedCount = packAll ? panelsN : (ragged ? 1 : 0)
    let packedB = ScratchArena.current.buffer(.right, count: packedCount * k * nr, of: T.self)
    for q in 0..<packedCount {
        let panel = packAll ? q : panelsN - 1
        let width = min(nr, n - panel * nr)
        if K.transposesInRegisters && b.rowStride == 1 && width == nr {
            K.packTransposedPanel(b.base + panel * nr * b.columnStride, columnStride: b.columnStride, kc: k, into: packedB + q * k * nr)
        } else {
            packPanelOfB(b, row: 0, col: panel * nr, kc: k, width: width, nr: nr, into: packedB + q * k * nr)
        }
    }
    let threads = m * n * k < parallelThreshold ? 1 : WorkerPool.shared.threadCount
    let splitRows = panelsM >= panelsN
    let chunks = max(1, min(threads == 1 ? 1 : threads * tasksPerThread, splitRows ? panelsM : panelsN))
    let work = { (chunk: Int) in
        let rows = splitRows ? range(chunk, of: chunks, in: panelsM) : 0..<panelsM
        let cols = splitRows ? 0..<panelsN : range(chunk, of: chunks, in: panelsN)
        let arena = ScratchArena.current
        let edgeA = arena.buffer(.left, count: mr * k, of: T.self)
        let tile = arena.buffer(.tile, count: mr * nr, of: T.self)
        let (inPlaceRows, packedRows) = (rowOffsets(a.rowStride), rowOffsets(1))
        for p in rows {
            let row = p * mr
            let height = min(mr, m - row)
            var left = a.base + row * a.rowStride
            var leftRows = inPlaceRows, leftStep = a.columnStride
            if height < mr {
                packPanelOfA(a, row: row, col: 0, kc: k, height: height, mr: mr, into: edgeA)
                (left, leftRows, leftStep) = (UnsafePointer(edgeA), packedRows, mr)
            }
            for q in cols {
                let col = q * nr
                let width = min(nr, n - col)
                let right: UnsafePointer<T>, rightStep: Int
                if packAll {
                    (right, rightStep) = (UnsafePointer(packedB + q * k * nr), nr)
                } else if width < nr {
                    (right, rightStep) = (UnsafePointer(packedB), nr)
                } else {
                    (right, rightStep) = (b.base + col, b.rowStride)
                }
                let target = c + row * crs + col * ccs
                if height == mr && width == nr && ccs == 1 {
                    K.run(kc: k, a: left, aRows: leftRows, aStep: leftStep, b: right, bStep: rightStep,
                          c: target, ldc: crs, accumulate: accumulate)
                } else if K.transposesInRegisters && height == mr && width == nr && crs == 1 {
                    K.runTransposed(kc: k, a: left, aRows: leftRows, aStep: leftStep, b: right, bStep: rightStep,
                                    c: target, ldc: ccs, accumulate: accumulate)
                } else {
                    K.run(kc: k, a: left, aRows: leftRows, aStep: leftStep, b: right, bStep: rightStep,
                          c: tile, ldc: nr, accumulate: false)
                    if height == mr && width == nr {
                        // A whole tile of a transposed product: loops of constant length, unrolled.
                        scatter(tile, nr: K.nr, height: K.mr, width: K.nr, into: target, rowStride: crs, columnStride: ccs, accumulate)
                    } else {
                        scatter(tile, nr: nr, height: height, width: width, into: target, rowStride: crs, columnStride: ccs, accumulate)
                    }
                }
            }
        }
    }
    if chunks == 1 { work(0) } else { WorkerPool.shared.run(tasks: chunks, work) }
}

/// Writes (or adds) the top-left `height × width` of a tile with rows `nr` apart into C.
@inline(__always)
private func scatter<T: Real>(
    _ tile: UnsafeMutablePointer<T>, nr: Int, height: Int, width: Int,
    into target: UnsafeMutablePointer<T>, rowStride crs: Int, columnStride ccs: Int, _ accumulate: Bool
) {
    for i in 0..<height {
        let from = tile + i &* nr, to = target + i &* crs
        if accumulate {
            for j in 0..<width { to[j &* ccs] += from[j] }
        } else {
            for j in 0..<width { to[j &* ccs] = from[j] }
        }
    }
}

/// Large products: `kc × nc` blocks of B packed into panels; A read in place when its rows are
/// contiguous and close together, else packed `mc` rows at a time.
@inline(__always)
private func blockedProduct<K: StripKernel>(
    _ kernel: K.Type, _ a: MatrixOperand<K.Scalar>, _ b: MatrixOperand<K.Scalar>,
    _ c: UnsafeMutablePointer<K.Scalar>, _ ldc: Int, _ accumulate: Bool
) {
    typealias T = K.Scalar
    let m = a.rows, n = b.cols, k = a.cols
    let mr = K.mr, nr = K.nr
    let packedB = ScratchArena.current.buffer(.right, count: kcBlock * (min(n, ncBlock) + nr), of: T.self)
    let pool = WorkerPool.shared

    for jc in stride(from: 0, to: n, by: ncBlock) {
        let nc = min(ncBlock, n - jc)
        let panelsN = (nc + nr - 1) / nr
        for pc in stride(from: 0, to: k, by: kcBlock) {
            let kc = min(kcBlock, k - pc)
            let add = accumulate || pc > 0
            let threads = m * nc * kc < parallelThreshold ? 1 : pool.threadCount
            let pack = { (panel: Int) in
                packPanelOfB(b, row: pc, col: jc + panel * nr, kc: kc, width: min(nr, nc - panel * nr), nr: nr,
                             into: packedB + panel * kc * nr)
            }
            if threads > 1 && panelsN > 1 { pool.run(tasks: panelsN, pack) } else { for panel in 0..<panelsN { pack(panel) } }
            let panelsM = (m + mr - 1) / mr
            let splitRows = panelsM >= panelsN || panelsM >= 2 * threads
            let chunks = max(1, min(threads == 1 ? 1 : threads * (splitRows ? tasksPerThread : 1), splitRows ? panelsM : panelsN))
            let work = { (chunk: Int) in
                let rows = splitRows ? range(chunk, of: chunks, in: panelsM) : 0..<panelsM
                let cols = splitRows ? 0..<panelsN : range(chunk, of: chunks, in: panelsN)
                productOfPanels(K.self, a, rowPanels: rows, columnPanels: cols, pc: pc, kc: kc, jc: jc, nc: nc,
                                packedB: packedB, m: m, c: c, ldc: ldc, add: add)
            }
            if chunks == 1 { work(0) } else { pool.run(tasks: chunks, work) }
        }
    }
}

/// The `chunk`-th of `chunks` nearly equal parts of `0..<count`.
@inline(__always)
private func range(_ chunk: Int, of chunks: Int, in count: Int) -> Range<Int> {
    (chunk * count / chunks)..<((chunk + 1) * count / chunks)
}

/// C tiles for row panels `rows` × column panels `cols` of one `kc × nc` block, `mc` rows at a time
/// so that the rows of A in use stay in cache while every column panel passes by.
@inline(__always)
private func productOfPanels<K: StripKernel>(
    _ kernel: K.Type, _ a: MatrixOperand<K.Scalar>, rowPanels rows: Range<Int>, columnPanels cols: Range<Int>,
    pc: Int, kc: Int, jc: Int, nc: Int, packedB: UnsafeMutablePointer<K.Scalar>,
    m: Int, c: UnsafeMutablePointer<K.Scalar>, ldc: Int, add: Bool
) {
    typealias T = K.Scalar
    let mr = K.mr, nr = K.nr
    let panelsPerBlock = mcBlock / mr
    // Rows of A far apart in memory (a power-of-two stride, as in a 1024-wide matrix) fall into the
    // same cache sets and evict each other; those are packed even when contiguous.
    let inPlace = a.columnStride == 1 && a.rowStride * MemoryLayout<T>.stride <= 2048
    let arena = ScratchArena.current
    let packedA = arena.buffer(.left, count: (inPlace ? 1 : panelsPerBlock) * mr * kc, of: T.self)
    let tile = arena.buffer(.tile, count: mr * nr, of: T.self)
    let (inPlaceRows, packedRows) = (rowOffsets(a.rowStride), rowOffsets(1))
    for firstPanel in stride(from: rows.lowerBound, to: rows.upperBound, by: panelsPerBlock) {
        let lastPanel = min(firstPanel + panelsPerBlock, rows.upperBound)
        for p in firstPanel..<lastPanel where !inPlace || m - p * mr < mr {
            // In place, only a ragged last panel is packed (zero-padded), into the first slot.
            packPanelOfA(a, row: p * mr, col: pc, kc: kc, height: min(mr, m - p * mr), mr: mr,
                         into: packedA + (inPlace ? 0 : (p - firstPanel) * kc * mr))
        }
        for q in cols {
            let col = jc + q * nr
            let width = min(nr, nc - q * nr)
            let bp = UnsafePointer(packedB + q * kc * nr)
            for p in firstPanel..<lastPanel {
                let row = p * mr
                let height = min(mr, m - row)
                let ap: UnsafePointer<T>, aRows: RowOffsets, aStep: Int
                if inPlace && height == mr {
                    (ap, aRows, aStep) = (a.base + row * a.rowStride + pc, inPlaceRows, 1)
                } else {
                    (ap, aRows, aStep) = (UnsafePointer(packedA + (inPlace ? 0 : (p - firstPanel) * kc * mr)), packedRows, mr)
                }
                let target = c + row * ldc + col
                if height == mr && width == nr {
                    K.run(kc: kc, a: ap, aRows: aRows, aStep: aStep, b: bp, bStep: nr, c: target, ldc: ldc, accumulate: add)
                } else {
                    K.run(kc: kc, a: ap, aRows: aRows, aStep: aStep, b: bp, bStep: nr, c: tile, ldc: nr, accumulate: false)
                    scatter(tile, nr: nr, height: height, width: width, into: target, rowStride: ldc, columnStride: 1, add)
                }
            }
        }
    }
}

/// Packs rows `row..<row+height` × columns `col..<col+kc` of A as `kc` groups of `mr` (zero-padded).
@inline(__always)
private func packPanelOfA<T: Real>(
    _ a: MatrixOperand<T>, row: Int, col: Int, kc: Int, height: Int, mr: Int, into out: UnsafeMutablePointer<T>
) {
    let rs = a.rowStride, cs = a.columnStride
    let base = a.base + (row &* rs &+ col &* cs)
    if height == mr {
        for p in 0..<kc {
            let src = base + p &* cs, dst = out + p &* mr
            for i in 0..<mr { dst[i] = src[i &* rs] }
        }
    } else {
        for p in 0..<kc {
            let src = base + p &* cs, dst = out + p &* mr
            for i in 0..<mr { dst[i] = i < height ? src[i &* rs] : 0 }
        }
    }
}

/// Packs rows `row..<row+kc` × columns `col..<col+width` of B as `kc` groups of `nr` (zero-padded).
@inline(__always)
private func packPanelOfB<T: Real>(
    _ b: MatrixOperand<T>, row: Int, col: Int, kc: Int, width: Int, nr: Int, into out: UnsafeMutablePointer<T>
) {
    let rs = b.rowStride, cs = b.columnStride
    if cs == 1 {
        // Plain loops: `update(from:count:)` would call memmove for every few elements.
        for p in 0..<kc {
            let src = b.base + (row + p) * rs + col
            let dst = out + p * nr
            for j in 0..<width { dst[j] = src[j] }
            for j in width..<nr { dst[j] = 0 }
        }
    } else {
        let base = b.base + (col &* cs &+ row &* rs)
        for p in 0..<kc {
            let src = base + p &* rs, dst = out + p &* nr
            for j in 0..<nr { dst[j] = j < width ? src[j &* cs] : 0 }
        }
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
private func rowOffsets(_ stride: Int) -> RowOffsets {
    (stride, stride &* 2, stride &* 3, stride &* 4, stride &* 5, stride &* 6, stride &* 7)
}

/// Stores (or adds) two registers to consecutive memory.
@inline(__always)
private func store<V: SIMD>(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<V.Scalar>, _ accumulate: Bool) where V.Scalar: FloatingPoint {
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
private func store<V: SIMD>(_ v: V, _ c: UnsafeMutablePointer<V.Scalar>, _ accumulate: Bool) where V.Scalar: FloatingPoint {
    let p = UnsafeMutableRawPointer(c)
    p.storeBytes(of: accumulate ? p.loadUnaligned(as: V.self) + v : v, as: V.self)
}

/// 6 × 16 tiles of `Float` in twelve 8-wide registers; with the two rows of B and the broadcast
/// element that makes fifteen of the sixteen, and the six row offsets fit the general registers.
private enum FloatTall: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 6 }
    static var nr: Int { 16 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
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
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[r4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[r5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
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
private enum FloatShort: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 4 }
    static var nr: Int { 16 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
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
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
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
private enum FloatNarrow: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 8 }
    static var nr: Int { 8 }
    static var transposesInRegisters: Bool { true }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        store(tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep), c, ldc: ldc, accumulate)
    }

    @inline(never)
    static func runTransposed(kc: Int, a: UnsafePointer<Float>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                              c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        store(transposed(tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)), c, ldc: ldc, accumulate)
    }

    @inline(never)
    static func packTransposedPanel(_ b: UnsafePointer<Float>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Float>) {
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
            c0 = c0.addingProduct(V(repeating: pa[0]), row)
            c1 = c1.addingProduct(V(repeating: pa[r1]), row)
            c2 = c2.addingProduct(V(repeating: pa[r2]), row)
            c3 = c3.addingProduct(V(repeating: pa[r3]), row)
            c4 = c4.addingProduct(V(repeating: pa[r4]), row)
            c5 = c5.addingProduct(V(repeating: pa[r5]), row)
            c6 = c6.addingProduct(V(repeating: pa[r6]), row)
            c7 = c7.addingProduct(V(repeating: pa[r7]), row)
            pa += aStep
            pb += bBytes
        }
        return (c0, c1, c2, c3, c4, c5, c6, c7)
    }

    /// Stores (or adds) eight rows `ldc` apart.
    @inline(__always)
    private static func store(_ rows: FloatBlock8, _ c: UnsafeMutablePointer<Float>, ldc: Int, _ accumulate: Bool) {
        Landscape.store(rows.0, c, accumulate)
        Landscape.store(rows.1, c + ldc, accumulate)
        Landscape.store(rows.2, c + ldc &* 2, accumulate)
        Landscape.store(rows.3, c + ldc &* 3, accumulate)
        Landscape.store(rows.4, c + ldc &* 4, accumulate)
        Landscape.store(rows.5, c + ldc &* 5, accumulate)
        Landscape.store(rows.6, c + ldc &* 6, accumulate)
        Landscape.store(rows.7, c + ldc &* 7, accumulate)
    }
}

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
private enum DoubleTall: StripKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 6 }
    static var nr: Int { 8 }
    static var transposesInRegisters: Bool { true }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
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
    static func runTransposed(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
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

    static func packTransposedPanel(_ b: UnsafePointer<Double>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Double>) {
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
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[r4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[r5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += aStep
            pb += bBytes
        }
        return (((c00, c10, c20, c30), (c01, c11, c21, c31)), ((c40, c50), (c41, c51)))
    }
}

/// 4 × 8 tiles of `Double` in eight 4-wide registers, for products with few rows, and for the
/// transposed products of a batch of 8, which read the batch transposed and write the result
/// transposed: the kernel also packs and stores those by 4 × 4 register transposes.
private enum DoubleShort: StripKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 4 }
    static var nr: Int { 8 }
    static var transposesInRegisters: Bool { true }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        let (left, right) = tile(kc: kc, a: a, aRows: aRows, aStep: aStep, b: b, bStep: bStep)
        store(left.0, right.0, c, accumulate)
        store(left.1, right.1, c + ldc, accumulate)
        store(left.2, right.2, c + ldc &* 2, accumulate)
        store(left.3, right.3, c + ldc &* 3, accumulate)
    }

    @inline(never)
    static func runTransposed(kc: Int, a: UnsafePointer<Double>, aRows: RowOffsets, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
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

    static func packTransposedPanel(_ b: UnsafePointer<Double>, columnStride cs: Int, kc: Int, into out: UnsafeMutablePointer<Double>) {
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
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[r1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[r2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[r3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            pa += aStep
            pb += bBytes
        }
        return ((c00, c10, c20, c30), (c01, c11, c21, c31))
    }
}
