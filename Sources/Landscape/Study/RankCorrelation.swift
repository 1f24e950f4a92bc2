/// Kendall's rank correlation τ between two lists of numbers, and Jiang et al.'s granulated form,
/// which asks whether a measure predicts the generalization gap when one setting changes and the
/// others stay fixed.
public enum RankCorrelation {
    /// Kendall's τ_b: `(C − D) / √((n₀ − n₁)(n₀ − n₂))` over the `n₀ = n(n−1)/2` pairs, with `C`
    /// concordant and `D` discordant pairs and `n₁`, `n₂` the pairs tied in `x` and in `y` (Kendall
    /// 1945); nil with fewer than two values or when either list is constant.
    ///
    /// Counted in O(n log n) as Knight (1966) does: sorted by x (ties by y), the pairs tied in x and
    /// those tied in both are runs of equal keys; the discordant pairs are the exchanges a merge sort
    /// of that order by y makes; the pairs tied in y are runs of the result. Then
    /// `C = n₀ − n₁ − n₂ + n₃ − D`, with `n₃` the pairs tied in both. The counts are exact, so τ is
    /// the one the O(n²) pair loop gives, to the last bit.
    public static func kendallTau(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "paired values come in pairs")
        precondition(!x.contains(where: \.isNaN) && !y.contains(where: \.isNaN), "ranks of NaN are undefined")
        let n = x.count
        guard n >= 2 else { return nil }
        let order = (0..<n).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
        let tiedX = tiedPairs(order.map { x[$0] })
        let tiedBoth = tiedPairs(order.map { (x[$0], y[$0]) }, ==)
        var ys = order.map { y[$0] }
        let discordant = sortCountingExchanges(&ys)
        let tiedY = tiedPairs(ys)
        let pairs = n * (n - 1) / 2
        let concordant = pairs - tiedX - tiedY + tiedBoth - discordant
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        guard denominator > 0 else { return nil }
        return Double(concordant - discordant) / denominator
    }

    /// The pairs within runs of equal neighbours of a sorted list: Σ t(t − 1)/2 over runs of length t.
    private static func tiedPairs<T>(_ sorted: [T], _ equal: (T, T) -> Bool) -> Int {
        var pairs = 0, run = 1
        for i in sorted.indices.dropFirst() {
            if equal(sorted[i], sorted[i - 1]) { run += 1 } else { pairs += run * (run - 1) / 2; run = 1 }
        }
        return pairs + run * (run - 1) / 2
    }

    private static func tiedPairs(_ sorted: [Double]) -> Int { tiedPairs(sorted, ==) }

    /// Sorts `values` ascending by a bottom-up merge sort and returns the pairs it put in order:
    /// `i < j` with `values[i] > values[j]` strictly.
    private static func sortCountingExchanges(_ values: inout [Double]) -> Int {
        let n = values.count
        var buffer = values, exchanges = 0, width = 1
        while width < n {
            var start = 0
            while start < n {
                let middle = min(start + width, n), end = min(start + 2 * width, n)
                var i = start, j = middle, k = start
                while i < middle && j < end {
                    if values[j] < values[i] {
                        exchanges += middle - i
                        buffer[k] = values[j]; j += 1
                    } else {
                        buffer[k] = values[i]; i += 1
                    }
                    k += 1
                }
                while i < middle { buffer[k] = values[i]; i += 1; k += 1 }
                while j < end { buffer[k] = values[j]; j += 1; k += 1 }
                start = end
            }
            swap(&values, &buffer)
            width *= 2
        }
        return exchanges
    }

    /// Jiang et al. (2020)'s granulated τ for one setting: the mean, over every combination of the
    /// other settings' values (`groups`, each the pairs of one combination), of τ within the group;
    /// groups whose τ is undefined are left out. Nil when no group has one.
    public static func granulated(_ groups: [[(x: Double, y: Double)]]) -> Double? {
        let taus = groups.compactMap { group in kendallTau(group.map(\.x), group.map(\.y)) }
        return taus.isEmpty ? nil : taus.reduce(0, +) / Double(taus.count)
    }
}
