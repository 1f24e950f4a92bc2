// The blocked path: large products in cache blocks, as in BLIS (Goto and van de Geijn, 2008).

// Block sizes: `kc` along the inner dimension, `mc` rows of A, `nc` columns of B.
private let kcBlock = 256
private let mcBlock = 96
private let ncBlock = 1024

/// Large products: `kc × nc` blocks of B packed into panels; A read in place when its rows are
/// contiguous and close together, else packed `mc` rows at a time.
@inline(__always)
func blockedProduct<K: StripKernel>(
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
