// Multiply-adds rounded once, `c + a·b`, in every copy of the kernels.
//
// Where the instruction set has FMA (the AVX2 and AVX-512 copies, arm64) `addingFusedProduct` is
// `addingProduct`: one instruction per register. The portable copy on x86-64 has no FMA, and there
// the compiler would call the C library's `fma` once per lane, in software on the CPUs that lack
// FMA. Instead (`LANDSCAPE_EMULATED_FMA`, set by Package.swift except in a dependency's checkout)
// it computes the correctly rounded result with SSE2 arithmetic, 20 times faster on such a CPU, by
// rounding to odd (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved
// algorithms using rounding to odd", IEEE Transactions on Computers 57(4), 2008):
//
// * Float: a·b is exact in Double (24 + 24 bits ≤ 53). s = RN(a·b + c) and its error e come from
//   TwoSum (Knuth); rounding s to odd (toward e by one unit in the last place when s is inexact and
//   even) keeps the information a second rounding needs, so RN₂₄(RO₅₃(a·b + c)) = RN₂₄(a·b + c).
// * Double: uh + ul = a·b exactly (Dekker's product with Veltkamp's split), (th, tl) = TwoSum(c, uh),
//   v = RO(tl + ul), and RN(th + v) = RN(a·b + c). Every step is exact while a, b and c are 0 or
//   between 2^−480 and 2^480 in magnitude; a register with a lane outside that range (or not
//   finite) is computed lane by lane with the C library's `fma`.
//
// Either way the result is the bits the FMA instruction gives, so every copy computes the same.

/// Registers whose multiply-adds are rounded once.
protocol FusedLanes: SIMD where Scalar: BinaryFloatingPoint {
    /// `self + a·b`, rounded once.
    func addingFusedProduct(_ a: Self, _ b: Self) -> Self
}

#if LANDSCAPE_EMULATED_FMA

extension SIMD8: FusedLanes where Scalar == Float {
    @inline(__always)
    func addingFusedProduct(_ a: Self, _ b: Self) -> Self {
        Self(lowHalf: fusedInDouble(lowHalf, a.lowHalf, b.lowHalf), highHalf: fusedInDouble(highHalf, a.highHalf, b.highHalf))
    }
}

extension SIMD4: FusedLanes where Scalar == Double {
    @inline(__always)
    func addingFusedProduct(_ a: Self, _ b: Self) -> Self {
        guard exactlyRepresentable(a), exactlyRepresentable(b), exactlyRepresentable(self) else {
            var z = self
            for i in 0..<4 { z[i] = self[i].addingProduct(a[i], b[i]) }
            return z
        }
        let (uh, ul) = exactProduct(a, b)
        let th = self + uh
        let tl = sumError(self, uh, th)
        let v = tl + ul
        var z = th + roundedToOdd(v, error: sumError(tl, ul, v))
        // A zero product (a or b zero): c + (±0), with the signed zero the instruction gives.
        z.replace(with: self + uh, where: uh .== 0)
        return z
    }
}

/// `c + a·b` for four Floats, rounded once: exact product in Double, rounded to odd, then to Float.
@inline(__always)
private func fusedInDouble(_ c: SIMD4<Float>, _ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    let p = SIMD4<Double>(a) * SIMD4<Double>(b)
    let cd = SIMD4<Double>(c)
    let s = p + cd
    return SIMD4<Float>(roundedToOdd(s, error: sumError(p, cd, s)))
}

/// The error of `s = RN(x + y)`: `x + y − s` exactly (Knuth's TwoSum).
@inline(__always)
private func sumError(_ x: SIMD4<Double>, _ y: SIMD4<Double>, _ s: SIMD4<Double>) -> SIMD4<Double> {
    let yPart = s - x
    return (x - (s - yPart)) + (y - yPart)
}

/// `s` rounded to odd, given `s = RN(t)` and `e = t − s`: when `s` is inexact and its last bit is
/// even, the neighbour on the side of `e`. Infinite or NaN lanes are left alone.
@inline(__always)
private func roundedToOdd(_ s: SIMD4<Double>, error e: SIMD4<Double>) -> SIMD4<Double> {
    let bits = unsafeBitCast(s, to: SIMD4<UInt64>.self)
    let adjust = (e .!= 0) .& (s .< .infinity) .& (s .> -.infinity) .& ((bits & 1) .== 0)
    let away = .!((e .> 0) .^ (s .> 0))
    var step = SIMD4<UInt64>(repeating: 0)
    step.replace(with: 1, where: adjust .& away)
    step.replace(with: UInt64.max, where: adjust .& .!away)
    return unsafeBitCast(bits &+ step, to: SIMD4<Double>.self)
}

/// `a·b` as `hi + lo` exactly (Dekker), halves split by Veltkamp's constant 2^27 + 1.
@inline(__always)
private func exactProduct(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> (SIMD4<Double>, SIMD4<Double>) {
    @inline(__always) func split(_ x: SIMD4<Double>) -> (SIMD4<Double>, SIMD4<Double>) {
        let t = x * 134_217_729
        let hi = t - (t - x)
        return (hi, x - hi)
    }
    let p = a * b
    let (ah, al) = split(a), (bh, bl) = split(b)
    return (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// Whether every lane is 0 or between 2^−480 and 2^480 in magnitude, where each step above is exact.
@inline(__always)
private func exactlyRepresentable(_ x: SIMD4<Double>) -> Bool {
    let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD4<UInt64>.self) & 0x7FFF_FFFF_FFFF_FFFF, to: SIMD4<Double>.self)
    return all((magnitude .== 0) .| ((magnitude .>= 0x1p-480) .& (magnitude .<= 0x1p480)))
}

#else

extension SIMD8: FusedLanes where Scalar == Float {
    @inline(__always)
    func addingFusedProduct(_ a: Self, _ b: Self) -> Self { addingProduct(a, b) }
}

extension SIMD4: FusedLanes where Scalar == Double {
    @inline(__always)
    func addingFusedProduct(_ a: Self, _ b: Self) -> Self { addingProduct(a, b) }
}

#endif
