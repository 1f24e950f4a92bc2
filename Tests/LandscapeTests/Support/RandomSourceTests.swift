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

    @Test("a permutation holds every index once")
    func permutation() {
        var r = RandomSource(seed: 3, stream: .shuffling)
        let p = r.permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
    }
}
