import Testing
import Landscape

/// Kendall's τ_b against values computed by hand and by SciPy, and against the sign-product form
/// `Σ sgn(Δx)sgn(Δy) / √(Σ sgn(Δx)² · Σ sgn(Δy)²)` computed here on lists with ties.
@Suite("Rank correlation")
struct RankCorrelationTests {
    @Test("τ_b of lists counted by hand and of SciPy's documented example")
    func knownValues() throws {
        // Pairs of [1,2,2,3] and [1,3,2,2]: 3 concordant, 1 discordant, one tie in each list: 2/√(5·5).
        #expect(try #require(RankCorrelation.kendallTau([1, 2, 2, 3], [1, 3, 2, 2])) == 0.4)
        // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]).statistic
        let scipy = try #require(RankCorrelation.kendallTau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]))
        #expect(abs(scipy - -0.47140452079103173) < 1e-15)
        #expect(RankCorrelation.kendallTau([1, 2, 3], [10, 20, 30]) == 1)
        #expect(RankCorrelation.kendallTau([1, 2, 3], [3, 2, 1]) == -1)
        #expect(RankCorrelation.kendallTau([1, 1, 1], [1, 2, 3]) == nil)
        #expect(RankCorrelation.kendallTau([1], [2]) == nil)
    }

    @Test("τ_b equals the sign-product form over all pairs, on random lists with many ties, few ties and none")
    func signProducts() throws {
        var random = RandomSource(seed: 5, stream: .data)
        for (n, levels) in [(2, 4), (3, 4), (7, 4), (20, 5), (41, 3), (300, 2), (300, 40), (1000, 7), (1000, 1 << 30)] {
            let x = (0..<n).map { _ in Double(random.index(below: levels)) }
            let y = (0..<n).map { _ in Double(random.index(below: levels + 1)) }
            var products = 0.0, xs = 0.0, ys = 0.0
            for i in 0..<n {
                for j in 0..<n where i < j {
                    let a = (x[i] - x[j]).signum, b = (y[i] - y[j]).signum
                    products += a * b
                    xs += a * a
                    ys += b * b
                }
            }
            let expected = xs * ys > 0 ? products / (xs * ys).squareRoot() : nil
            let tau = RankCorrelation.kendallTau(x, y)
            #expect((tau == nil) == (expected == nil))
            // Both are (C − D)/√((n₀ − n₁)(n₀ − n₂)) of exact counts: the same bits.
            if let tau, let expected { #expect(tau == expected, "n = \(n), \(levels) levels") }
        }
    }

    @Test("the granulated τ averages the τ of each group, leaving out groups without one")
    func granulated() throws {
        let agree = [(x: 1.0, y: 1.0), (x: 2.0, y: 2.0)]
        let disagree = [(x: 1.0, y: 2.0), (x: 2.0, y: 1.0), (x: 3.0, y: 0.0)]
        let undefined = [(x: 1.0, y: 1.0), (x: 1.0, y: 2.0)]
        #expect(RankCorrelation.granulated([agree, disagree, undefined]) == 0)
        #expect(RankCorrelation.granulated([agree, agree]) == 1)
        #expect(RankCorrelation.granulated([undefined]) == nil)
    }
}

private extension Double {
    /// −1, 0 or 1.
    var signum: Double { self > 0 ? 1 : self < 0 ? -1 : 0 }
}
