// The tiled path: small and medium products, tile by tile straight from the operands.

/// `C = left·right` (or `+=`), tile by tile, with C's element `(i, j)` at `c[i·rowStride + j·columnStride]`.
/// The left operand is read in place; the right one too when its rows are contiguous, else it is
/// packed once. Tiles cut by the edges go through a small zero-padded buffer. When C is computed as
/// its transpose, kernels that transpose in registers also pack the right operand (the batch, read
/// transposed) and store whole tiles of C by register transposes instead of element by element.
@inline(__always)
func tiledProduct<K: StripKernel>(
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
