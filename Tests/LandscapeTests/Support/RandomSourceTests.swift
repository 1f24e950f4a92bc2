import Testing
import Landscape

@Suite("Random source")
struct RandomSourceTests {
    @Test("the same seed and stream give the same numbers; other streams differ")
    func determinism() {
        var a = RandomSource(seed: 7, stream: .shuffling), b = RandomSource(seed: 7, stream: .shuffling)
        var c = RandomSource(seed: 7, stream: .initialization), d = RandomSource(seed: 8, stream: .shuffling)
        let xs = (0..<100).map { _ in a.next() }
        #expect(xs == (0..<100).map { _ in b.next() })
        #expect(xs != (0..<100).map { _ in c.next() })
        #expect(xs != (0..<100).map { _ in d.next() })
    }

    @Test("uniform, normal and bounded draws have the right ranges and moments")
    func distributions() {
        var r = RandomSource(seed: 1, stream: .data)
        let n = 100_000
        let u = (0..<n).map { _ in r.uniform() }
        #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / Double(n) - 0.5) < 0.01)
        let z = (0..<n).map { _ in r.normal() }
        let mean = z.reduce(0, +) / Double(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        #expect(abs(mean) < 0.02 && abs(variance - 1) < 0.02)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[r.index(below: 7)] += 1 }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
    }

    @Test("the streams' numbers are those they have always been")
    func pinned() {
        // The first two draws of seed 7 on each stream, from the generator before the dropout stream was added.
        let expected: [(RandomSource.Stream, [UInt64])] = [
            (.initialization, [4_716_216_831_252_312_410, 13_138_299_750_198_061_718]),
            (.shuffling, [11_648_653_911_160_523_090, 11_488_592_097_291_562_343]),
            (.split, [15_604_278_280_141_874_300, 14_619_679_854_814_391_085]),
            (.directions, [15_130_145_835_265_327_391, 16_283_665_871_844_108_660]),
            (.noise, [881_047_761_808_879_970, 13_226_474_759_049_306_954]),
            (.data, [4_595_736_096_945_740_974, 6_951_266_528_794_125_460]),
            (.probe, [10_661_977_219_792_640_040, 12_308_041_657_150_533_321]),
        ]
        for (stream, draws) in expected {
            var r = RandomSource(seed: 7, stream: stream)
            #expect([r.next(), r.next()] == draws, "\(stream)")
        }
    }

    @Test("indexed generators: index 0 is the stream's own, each index its own numbers, the same every time")
    func indexed() {
        func draws(_ seed: UInt64, _ index: UInt64) -> [UInt64] {
            var r = RandomSource(seed: seed, stream: .dropout, index: index)
            return (0..<4).map { _ in r.next() }
        }
        var plain = RandomSource(seed: 9, stream: .dropout)
        #expect(draws(9, 0) == (0..<4).map { _ in plain.next() })
        let first = (0..<1000).map { draws(9, UInt64($0)) }
        #expect(Set(first.map { $0[0] }).count == 1000)
        #expect(draws(9, 417) == first[417])
        #expect(draws(10, 417) != first[417])
    }

    @Test("a permutation holds every index once")
    func permutation() {
        var r = RandomSource(seed: 3, stream: .shuffling)
        let p = r.permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
    }
}
