// Copies between the operands and the layouts the strip kernels read and write, for both paths:
// panels of A and B packed (zero-padded at the edges), and tiles scattered into C.

/// Packs rows `row..<row+height` × columns `col..<col+kc` of A as `kc` groups of `mr` (zero-padded).
@inline(__always)
func packPanelOfA<T: Real>(
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
func packPanelOfB<T: Real>(
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

/// Writes (or adds) the top-left `height × width` of a tile with rows `nr` apart into C.
@inline(__always)
func scatter<T: Real>(
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
