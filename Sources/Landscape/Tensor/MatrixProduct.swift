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
/// `tile[i][j] = Σ_p a[i·aRowStride + p·aStep]·b[p·bStep + j]`, stored into `c` (row stride `ldc`) or added to it.
protocol StripKernel {
    associatedtype Scalar: Real
    static var mr: Int { get }
    static var nr: Int { get }
    static func run(
        kc: Int, a: UnsafePointer<Scalar>, aRowStride: Int, aStep: Int, b: UnsafePointer<Scalar>, bStep: Int,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool)
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
/// packed once. Tiles cut by the edges go through a small zero-padded buffer.
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
        packPanelOfB(b, row: 0, col: panel * nr, kc: k, width: min(nr, n - panel * nr), nr: nr, into: packedB + q * k * nr)
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
        for p in rows {
            let row = p * mr
            let height = min(mr, m - row)
            var left = a.base + row * a.rowStride
            var leftRowStride = a.rowStride, leftStep = a.columnStride
            if height < mr {
                packPanelOfA(a, row: row, col: 0, kc: k, height: height, mr: mr, into: edgeA)
                (left, leftRowStride, leftStep) = (UnsafePointer(edgeA), 1, mr)
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
                    K.run(kc: k, a: left, aRowStride: leftRowStride, aStep: leftStep, b: right, bStep: rightStep,
                          c: target, ldc: crs, accumulate: accumulate)
                } else {
                    K.run(kc: k, a: left, aRowStride: leftRowStride, aStep: leftStep, b: right, bStep: rightStep,
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
                let ap: UnsafePointer<T>, aRowStride: Int, aStep: Int
                if inPlace && height == mr {
                    (ap, aRowStride, aStep) = (a.base + row * a.rowStride + pc, a.rowStride, 1)
                } else {
                    (ap, aRowStride, aStep) = (UnsafePointer(packedA + (inPlace ? 0 : (p - firstPanel) * kc * mr)), 1, mr)
                }
                let target = c + row * ldc + col
                if height == mr && width == nr {
                    K.run(kc: kc, a: ap, aRowStride: aRowStride, aStep: aStep, b: bp, bStep: nr, c: target, ldc: ldc, accumulate: add)
                } else {
                    K.run(kc: kc, a: ap, aRowStride: aRowStride, aStep: aStep, b: bp, bStep: nr, c: tile, ldc: nr, accumulate: false)
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

/// The first seven multiples of a row stride, computed where the optimizer cannot see that they are
/// multiples: knowing it, LLVM walks from one row to the next with a chain of additions inside the
/// kernel loop, a dependency that caps the 8-row kernel at half its speed. As independent offsets,
/// every element is one load at `base + offset`.
@inline(never)
private func rowOffsets(_ stride: Int) -> (Int, Int, Int, Int, Int, Int, Int) {
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
    static func run(kc: Int, a: UnsafePointer<Float>, aRowStride: Int, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        let (r1, r2, r3, r4, r5, _, _) = rowOffsets(aRowStride)
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
    static func run(kc: Int, a: UnsafePointer<Float>, aRowStride: Int, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        let (r1, r2, r3, _, _, _, _) = rowOffsets(aRowStride)
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
private enum FloatNarrow: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 8 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRowStride: Int, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
        let (r1, r2, r3, r4, r5, r6, r7) = rowOffsets(aRowStride)
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
        store(c0, c, accumulate)
        store(c1, c + ldc, accumulate)
        store(c2, c + ldc &* 2, accumulate)
        store(c3, c + ldc &* 3, accumulate)
        store(c4, c + ldc &* 4, accumulate)
        store(c5, c + ldc &* 5, accumulate)
        store(c6, c + ldc &* 6, accumulate)
        store(c7, c + ldc &* 7, accumulate)
    }
}

/// 6 × 8 tiles of `Double` in twelve 4-wide registers.
private enum DoubleTall: StripKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 6 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, aRowStride: Int, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        let (r1, r2, r3, r4, r5, _, _) = rowOffsets(aRowStride)
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

/// 4 × 8 tiles of `Double` in eight 4-wide registers, for products with few rows.
private enum DoubleShort: StripKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 4 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, aRowStride: Int, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        let (r1, r2, r3, _, _, _, _) = rowOffsets(aRowStride)
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
