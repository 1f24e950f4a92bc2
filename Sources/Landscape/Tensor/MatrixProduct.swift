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
// operand is ever copied. Large products are blocked as in BLIS (Goto and van de Geijn, 2008): blocks
// of both operands are packed into contiguous panels that stay in cache.
//
// Each element of C is summed over k in an order fixed by the shapes alone, and threads only split
// the grid of tiles, so results are bit-for-bit the same for every thread count.

extension Float {
    public static func matrixProduct(
        _ a: MatrixOperand<Float>, _ b: MatrixOperand<Float>,
        into c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) {
        product(FloatTile.self, FloatStrip.self, FloatNarrowStrip.self, a, b, c, ldc, accumulate)
    }
}

extension Double {
    public static func matrixProduct(
        _ a: MatrixOperand<Double>, _ b: MatrixOperand<Double>,
        into c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
    ) {
        product(DoubleTile.self, DoubleStrip.self, DoubleStrip.self, a, b, c, ldc, accumulate)
    }
}

/// A register-tiled micro-kernel on packed panels: `tile[i][j] = Σ_p a[p·mr + i]·b[p·nr + j]`,
/// stored into `c` (row stride `ldc`) or added to it.
protocol MicroKernel {
    associatedtype Scalar: Real
    static var mr: Int { get }
    static var nr: Int { get }
    static func run(
        kc: Int, a: UnsafePointer<Scalar>, b: UnsafePointer<Scalar>,
        c: UnsafeMutablePointer<Scalar>, ldc: Int, accumulate: Bool)
}

/// A micro-kernel on operands in place: `tile[i][j] = Σ_p a[i·aRowStride + p·aStep]·b[p·bStep + j]`.
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
private func product<K: MicroKernel, S: StripKernel, N: StripKernel>(
    _ kernel: K.Type, _ strip: S.Type, _ narrow: N.Type, _ a: MatrixOperand<K.Scalar>, _ b: MatrixOperand<K.Scalar>,
    _ c: UnsafeMutablePointer<K.Scalar>, _ ldc: Int, _ accumulate: Bool
) where S.Scalar == K.Scalar, N.Scalar == K.Scalar {
    let m = a.rows, n = b.cols, k = a.cols
    precondition(b.rows == k, "matrix product: inner dimensions differ")
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if m * k + k * n > blockingThreshold && m >= 4 * K.mr && n >= 2 * K.nr {
        blockedProduct(K.self, a, b, c, ldc, accumulate)
        return
    }
    // Copy nothing when B's rows are contiguous; otherwise transpose the problem when that leaves
    // nothing, or less, to copy.
    let copyB = b.columnStride == 1 ? 0 : k * n
    let copyA = a.rowStride == 1 ? 0 : k * m
    // A right operand no wider than the narrow kernel's tile goes to that kernel, so no lanes are wasted.
    if copyA < copyB {
        if m <= N.nr {
            tiledProduct(N.self, left: b.transposed, right: a.transposed, c, rowStride: 1, columnStride: ldc, accumulate)
        } else {
            tiledProduct(S.self, left: b.transposed, right: a.transposed, c, rowStride: 1, columnStride: ldc, accumulate)
        }
    } else if n <= N.nr {
        tiledProduct(N.self, left: a, right: b, c, rowStride: ldc, columnStride: 1, accumulate)
    } else {
        tiledProduct(S.self, left: a, right: b, c, rowStride: ldc, columnStride: 1, accumulate)
    }
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
                    for i in 0..<height {
                        let from = tile + i &* nr, to = target + i &* crs
                        if accumulate {
                            for j in 0..<width { to[j &* ccs] += from[j] }
                        } else {
                            for j in 0..<width { to[j &* ccs] = from[j] }
                        }
                    }
                }
            }
        }
    }
    if chunks == 1 { work(0) } else { WorkerPool.shared.run(tasks: chunks, work) }
}

/// Large products: `kc × nc` blocks of B and `mc × kc` blocks of A packed into contiguous panels.
@inline(__always)
private func blockedProduct<K: MicroKernel>(
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

/// C tiles for row panels `rows` × column panels `cols`, packing the needed rows of A block by block.
@inline(__always)
private func productOfPanels<K: MicroKernel>(
    _ kernel: K.Type, _ a: MatrixOperand<K.Scalar>, rowPanels rows: Range<Int>, columnPanels cols: Range<Int>,
    pc: Int, kc: Int, jc: Int, nc: Int, packedB: UnsafeMutablePointer<K.Scalar>,
    m: Int, c: UnsafeMutablePointer<K.Scalar>, ldc: Int, add: Bool
) {
    typealias T = K.Scalar
    let mr = K.mr, nr = K.nr
    let panelsPerBlock = mcBlock / mr
    let arena = ScratchArena.current
    let packedA = arena.buffer(.left, count: mcBlock * kc, of: T.self)
    let tile = arena.buffer(.tile, count: mr * nr, of: T.self)
    for firstPanel in stride(from: rows.lowerBound, to: rows.upperBound, by: panelsPerBlock) {
        let lastPanel = min(firstPanel + panelsPerBlock, rows.upperBound)
        for p in firstPanel..<lastPanel {
            packPanelOfA(a, row: p * mr, col: pc, kc: kc, height: min(mr, m - p * mr), mr: mr,
                         into: packedA + (p - firstPanel) * kc * mr)
        }
        for q in cols {
            let col = jc + q * nr
            let width = min(nr, nc - q * nr)
            let bp = UnsafePointer(packedB + q * kc * nr)
            for p in firstPanel..<lastPanel {
                let row = p * mr
                let height = min(mr, m - row)
                let ap = UnsafePointer(packedA + (p - firstPanel) * kc * mr)
                let target = c + row * ldc + col
                if height == mr && width == nr {
                    K.run(kc: kc, a: ap, b: bp, c: target, ldc: ldc, accumulate: add)
                } else {
                    K.run(kc: kc, a: ap, b: bp, c: tile, ldc: nr, accumulate: false)
                    for i in 0..<height {
                        for j in 0..<width {
                            target[i * ldc + j] = add ? target[i * ldc + j] + tile[i * nr + j] : tile[i * nr + j]
                        }
                    }
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

/// 6 × 16 tiles of `Float` in twelve 8-wide registers.
private enum FloatTile: MicroKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 6 }
    static var nr: Int { 16 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += 6
            pb += 64
        }
        store(c00, c01, c, accumulate)
        store(c10, c11, c + ldc, accumulate)
        store(c20, c21, c + 2 * ldc, accumulate)
        store(c30, c31, c + 3 * ldc, accumulate)
        store(c40, c41, c + 4 * ldc, accumulate)
        store(c50, c51, c + 5 * ldc, accumulate)
    }

    @inline(__always)
    static func store(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        let p = UnsafeMutableRawPointer(c)
        if accumulate {
            p.storeBytes(of: p.loadUnaligned(as: V.self) + lo, as: V.self)
            p.storeBytes(of: p.loadUnaligned(fromByteOffset: 32, as: V.self) + hi, toByteOffset: 32, as: V.self)
        } else {
            p.storeBytes(of: lo, as: V.self)
            p.storeBytes(of: hi, toByteOffset: 32, as: V.self)
        }
    }
}

/// 6 × 8 tiles of `Double` in twelve 4-wide registers.
private enum DoubleTile: MicroKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 6 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
                    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<kc {
            let b0 = pb.loadUnaligned(as: V.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: pa[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: pa[1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: pa[2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: pa[3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: pa[4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: pa[5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            pa += 6
            pb += 64
        }
        store(c00, c01, c, accumulate)
        store(c10, c11, c + ldc, accumulate)
        store(c20, c21, c + 2 * ldc, accumulate)
        store(c30, c31, c + 3 * ldc, accumulate)
        store(c40, c41, c + 4 * ldc, accumulate)
        store(c50, c51, c + 5 * ldc, accumulate)
    }

    @inline(__always)
    static func store(_ lo: V, _ hi: V, _ c: UnsafeMutablePointer<Double>, _ accumulate: Bool) {
        let p = UnsafeMutableRawPointer(c)
        if accumulate {
            p.storeBytes(of: p.loadUnaligned(as: V.self) + lo, as: V.self)
            p.storeBytes(of: p.loadUnaligned(fromByteOffset: 32, as: V.self) + hi, toByteOffset: 32, as: V.self)
        } else {
            p.storeBytes(of: lo, as: V.self)
            p.storeBytes(of: hi, toByteOffset: 32, as: V.self)
        }
    }
}

/// 4 × 16 tiles of `Float` in eight 8-wide registers, for operands read in place: with the left
/// operand's rows at run-time strides, a taller tile would not fit the sixteen vector registers.
private enum FloatStrip: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 4 }
    static var nr: Int { 16 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRowStride: Int, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        let r1 = aRowStride, r2 = aRowStride &* 2, r3 = aRowStride &* 3
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
        FloatTile.store(c00, c01, c, accumulate)
        FloatTile.store(c10, c11, c + ldc, accumulate)
        FloatTile.store(c20, c21, c + 2 * ldc, accumulate)
        FloatTile.store(c30, c31, c + 3 * ldc, accumulate)
    }
}

/// 4 × 8 tiles of `Double` in eight 4-wide registers, for operands read in place.
private enum DoubleStrip: StripKernel {
    typealias Scalar = Double
    typealias V = SIMD4<Double>
    static var mr: Int { 4 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Double>, aRowStride: Int, aStep: Int, b: UnsafePointer<Double>, bStep: Int,
                    c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool) {
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        let r1 = aRowStride, r2 = aRowStride &* 2, r3 = aRowStride &* 3
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
        DoubleTile.store(c00, c01, c, accumulate)
        DoubleTile.store(c10, c11, c + ldc, accumulate)
        DoubleTile.store(c20, c21, c + 2 * ldc, accumulate)
        DoubleTile.store(c30, c31, c + 3 * ldc, accumulate)
    }
}

/// 8 × 8 tiles of `Float` in eight 8-wide registers, for a right operand at most 8 wide (the
/// transposed products of a batch of 8): the wider strip would compute half its lanes for nothing.
private enum FloatNarrowStrip: StripKernel {
    typealias Scalar = Float
    typealias V = SIMD8<Float>
    static var mr: Int { 8 }
    static var nr: Int { 8 }

    @inline(never)
    static func run(kc: Int, a: UnsafePointer<Float>, aRowStride: Int, aStep: Int, b: UnsafePointer<Float>, bStep: Int,
                    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V(), c6 = V(), c7 = V()
        let r = aRowStride
        var pa = a
        var pb = UnsafeRawPointer(b)
        let bBytes = bStep &* MemoryLayout<Scalar>.stride
        for _ in 0..<kc {
            let row = pb.loadUnaligned(as: V.self)
            c0 = c0.addingProduct(V(repeating: pa[0]), row)
            c1 = c1.addingProduct(V(repeating: pa[r]), row)
            c2 = c2.addingProduct(V(repeating: pa[r &* 2]), row)
            c3 = c3.addingProduct(V(repeating: pa[r &* 3]), row)
            c4 = c4.addingProduct(V(repeating: pa[r &* 4]), row)
            c5 = c5.addingProduct(V(repeating: pa[r &* 5]), row)
            c6 = c6.addingProduct(V(repeating: pa[r &* 6]), row)
            c7 = c7.addingProduct(V(repeating: pa[r &* 7]), row)
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

    @inline(__always)
    private static func store(_ v: V, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        let p = UnsafeMutableRawPointer(c)
        p.storeBytes(of: accumulate ? p.loadUnaligned(as: V.self) + v : v, as: V.self)
    }
}
