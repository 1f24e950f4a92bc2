/// Kendall's rank correlation τ between two lists of numbers, and Jiang et al.'s granulated form,
/// which asks whether a measure predicts the generalization gap when one setting changes and the
/// others stay fixed.
public enum RankCorrelation {
    /// Kendall's τ_b: `(C − D) / √((n₀ − n₁)(n₀ − n₂))` over the `n₀ = n(n−1)/2` pairs, with `C`
    /// concordant and `D` discordant pairs and `n₁`, `n₂` the pairs tied in `x` and in `y` (Kendall
    /// 1945); nil with fewer than two values or when either list is constant.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "paired values come in pairs")
        let n = x.count
        guard n >= 2 else { return nil }
        var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0
        for i in 0..<n {
            for j in (i + 1)..<n {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let pairs = n * (n - 1) / 2
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        guard denominator > 0 else { return nil }
        return Double(concordant - discordant) / denominator
    }

    /// Jiang et al. (2020)'s granulated τ for one setting: the mean, over every combination of the
    /// other settings' values (`groups`, each the pairs of one combination), of τ within the group;
    /// groups whose τ is undefined are left out. Nil when no group has one.
    public static func granulated(_ groups: [[(x: Double, y: Double)]]) -> Double? {
        let taus = groups.compactMap { group in kendallTau(group.map(\.x), group.map(\.y)) }
        return taus.isEmpty ? nil : taus.reduce(0, +) / Double(taus.count)
    }
}
