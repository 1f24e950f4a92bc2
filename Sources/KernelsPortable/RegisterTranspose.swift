/// Eight rows of eight `Float`, one register each.
typealias FloatBlock8 = (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>,
                         SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)

/// The transpose of an 8 × 8 block held in registers, in three rounds of two-register shuffles
/// (pairs of elements, pairs of pairs, halves): a block moves between a row layout and a column
/// layout without a single scalar load or store. Values are only moved, never changed.
@inline(__always)
func transposed(_ r: FloatBlock8) -> FloatBlock8 {
    typealias V = SIMD8<Float>
    @inline(__always) func pairsLow(_ a: V, _ b: V) -> V { V(a[0], b[0], a[1], b[1], a[4], b[4], a[5], b[5]) }
    @inline(__always) func pairsHigh(_ a: V, _ b: V) -> V { V(a[2], b[2], a[3], b[3], a[6], b[6], a[7], b[7]) }
    @inline(__always) func quadsLow(_ a: V, _ b: V) -> V { V(a[0], a[1], b[0], b[1], a[4], a[5], b[4], b[5]) }
    @inline(__always) func quadsHigh(_ a: V, _ b: V) -> V { V(a[2], a[3], b[2], b[3], a[6], a[7], b[6], b[7]) }
    @inline(__always) func halvesLow(_ a: V, _ b: V) -> V { V(lowHalf: a.lowHalf, highHalf: b.lowHalf) }
    @inline(__always) func halvesHigh(_ a: V, _ b: V) -> V { V(lowHalf: a.highHalf, highHalf: b.highHalf) }
    let t0 = pairsLow(r.0, r.1), t1 = pairsHigh(r.0, r.1), t2 = pairsLow(r.2, r.3), t3 = pairsHigh(r.2, r.3)
    let t4 = pairsLow(r.4, r.5), t5 = pairsHigh(r.4, r.5), t6 = pairsLow(r.6, r.7), t7 = pairsHigh(r.6, r.7)
    let s0 = quadsLow(t0, t2), s1 = quadsHigh(t0, t2), s2 = quadsLow(t1, t3), s3 = quadsHigh(t1, t3)
    let s4 = quadsLow(t4, t6), s5 = quadsHigh(t4, t6), s6 = quadsLow(t5, t7), s7 = quadsHigh(t5, t7)
    return (halvesLow(s0, s4), halvesLow(s1, s5), halvesLow(s2, s6), halvesLow(s3, s7),
            halvesHigh(s0, s4), halvesHigh(s1, s5), halvesHigh(s2, s6), halvesHigh(s3, s7))
}

/// Four rows of four `Double`, one register each.
typealias DoubleBlock4 = (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>)

/// The transpose of a 4 × 4 block held in registers: pairs of elements, then halves.
@inline(__always)
func transposed(_ r: DoubleBlock4) -> DoubleBlock4 {
    typealias V = SIMD4<Double>
    @inline(__always) func pairsLow(_ a: V, _ b: V) -> V { V(a[0], b[0], a[2], b[2]) }
    @inline(__always) func pairsHigh(_ a: V, _ b: V) -> V { V(a[1], b[1], a[3], b[3]) }
    @inline(__always) func halvesLow(_ a: V, _ b: V) -> V { V(lowHalf: a.lowHalf, highHalf: b.lowHalf) }
    @inline(__always) func halvesHigh(_ a: V, _ b: V) -> V { V(lowHalf: a.highHalf, highHalf: b.highHalf) }
    let t0 = pairsLow(r.0, r.1), t1 = pairsHigh(r.0, r.1), t2 = pairsLow(r.2, r.3), t3 = pairsHigh(r.2, r.3)
    return (halvesLow(t0, t2), halvesLow(t1, t3), halvesHigh(t0, t2), halvesHigh(t1, t3))
}
