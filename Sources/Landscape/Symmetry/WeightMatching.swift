/// Weight matching (Ainsworth, Hayase and Srinivasa 2023, "Git Re-Basin", Algorithm 1): the
/// permutation `π` of network B's hidden units that brings its weights closest to network A's,
/// `min_π ‖θ_A − π(θ_B)‖²`, which is `max_π ⟨θ_A, π(θ_B)⟩` since a permutation keeps `‖θ_B‖`.
///
/// The problem couples neighbouring layers, so it is solved by coordinate ascent: with the other
/// layers' permutations fixed, the best permutation `p_ℓ` of hidden layer `ℓ` is a linear assignment
/// on the similarity of unit `i` of A and unit `j` of B over every weight touching them,
///
///     S[i, j] = Σ_k W^A_ℓ[i, k] W^B_ℓ[j, p_{ℓ−1}[k]] + b^A_ℓ[i] b^B_ℓ[j] + Σ_m W^A_{ℓ+1}[m, i] W^B_{ℓ+1}[p_{ℓ+1}[m], j]
///
/// (the input and output units are never permuted). Starting from the identity, each sweep solves
/// the hidden layers in order, first to last; a layer's permutation changes only when its total
/// similarity strictly grows, so `⟨θ_A, π(θ_B)⟩` never decreases and the sweeps end when one changes
/// nothing (with a single hidden layer the first sweep is exact and final), or at `maxSweeps`.
public struct WeightMatching: Sendable {
    public var maxSweeps: Int

    public init(maxSweeps: Int = 100) {
        precondition(maxSweeps >= 1, "at least one sweep")
        self.maxSweeps = maxSweeps
    }

    /// What the sweeps found.
    public struct Result: Sendable {
        /// One per hidden layer: unit `i` of the aligned B is unit `permutations[ℓ][i]` of B.
        public var permutations: [[Int]]
        public var sweeps: Int
        /// Whether the last sweep changed nothing (or there is one hidden layer), rather than the
        /// sweeps running out.
        public var converged: Bool
        /// `‖θ_A − π(θ_B)‖` before the first sweep and after each.
        public var distances: [Double]
    }

    /// The permutations of `b`'s hidden units that bring it closest to `a` (same architecture).
    /// Refuses weights so large that their products overflow.
    public func align(_ b: Network<Double>, to a: Network<Double>) throws -> Result {
        precondition(a.architecture == b.architecture, "weight matching needs one architecture")
        let widths = a.architecture.hiddenWidths
        var permutations = widths.map { Array(0..<$0) }
        var distances = [b.distance(to: a)]
        guard !widths.isEmpty else { return Result(permutations: [], sweeps: 0, converged: true, distances: distances) }
        var sweeps = 0, converged = false
        while sweeps < maxSweeps, !converged {
            sweeps += 1
            var changed = false
            for layer in widths.indices {
                let s = WeightMatching.similarity(a, b, layer: layer, permutations: permutations)
                guard s.elements.allSatisfy(\.isFinite) else {
                    throw LandscapeError.invalidInput("the weights of hidden layer \(layer + 1) are too large to match (their products overflow)")
                }
                let best = LinearAssignment.maximizing(s)
                if LinearAssignment.total(s, best) > LinearAssignment.total(s, permutations[layer]) {
                    permutations[layer] = best
                    changed = true
                }
            }
            distances.append(b.permutingHiddenUnits(permutations).distance(to: a))
            converged = !changed || widths.count == 1
        }
        return Result(permutations: permutations, sweeps: sweeps, converged: converged, distances: distances)
    }

    /// `S[i, j]` of hidden layer `layer` (from 0) with the neighbouring layers' `permutations` applied to B.
    static func similarity(_ a: Network<Double>, _ b: Network<Double>, layer: Int, permutations: [[Int]]) -> Matrix<Double> {
        let sizes = a.architecture.sizes
        let incoming = layer == 0 ? Array(0..<sizes[0]) : permutations[layer - 1]
        let outgoing = layer + 1 == permutations.count ? Array(0..<sizes[layer + 2]) : permutations[layer + 1]
        let wa = a.parameters[2 * layer], ba = a.parameters[2 * layer + 1], na = a.parameters[2 * layer + 2]
        let wb = b.parameters[2 * layer], bb = b.parameters[2 * layer + 1], nb = b.parameters[2 * layer + 2]
        let wbIn = Matrix(rows: wb.rows, cols: wb.cols, elements: (0..<wb.rows).flatMap { j in incoming.map { wb[j, $0] } })
        let nbOut = nb.gatheringRows(outgoing)
        var s = Matrix.product(wa, wbIn, transposeB: true)
        let next = Matrix.product(na, nbOut, transposeA: true)
        let n = s.rows
        for i in 0..<n {
            for j in 0..<n { s.elements[i * n + j] += ba.elements[i] * bb.elements[j] + next.elements[i * n + j] }
        }
        return s
    }
}
