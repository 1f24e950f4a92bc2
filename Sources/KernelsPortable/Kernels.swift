// The numerical kernels of `landscape`, one copy per instruction set.
//
// The sources in this folder are compiled three times, into `KernelsPortable` (the compiler's
// defaults), `KernelsAVX2` (AVX2 + FMA) and `KernelsAVX512` (AVX-512 F/DQ/BW/VL), whose folders
// link to these files; the library picks one copy at run time (`KernelPath`). Every copy does the
// same operations in the same order, each multiply-add fused (`addingProduct` is a hardware FMA
// where the instruction set has one and an exact `fma` call where it has not), so every copy gives
// the same bits. Entry points are `@inline(never)`: inlined into the library, a kernel would be
// compiled for the library's instruction set instead of its own.

/// Whether this copy was compiled for its instruction set. A package built as another's versioned
/// dependency cannot pass compiler flags; there every copy holds the portable code.
#if LANDSCAPE_KERNELS_TARGETED
public let isCompiledForItsInstructionSet = true
#else
public let isCompiledForItsInstructionSet = false
#endif

/// The offsets of rows 1…7 of an operand from its row 0.
public typealias RowOffsets = (Int, Int, Int, Int, Int, Int, Int)

/// The first seven multiples of a row stride, computed where the optimizer cannot see that they are
/// multiples: knowing it, LLVM walks from one row to the next with a chain of additions inside the
/// kernel loop, a dependency that caps the 8-row kernel at half its speed. As independent offsets,
/// every element is one load at `base + offset`. Computed once per product and handed to every kernel
/// call, since a call here from each kernel call costs more than a short kernel's loop at k = 8.
@inline(never)
public func rowOffsets(_ stride: Int) -> RowOffsets {
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
