/// Activation matching (Ainsworth, Hayase and Srinivasa 2023, "Git Re-Basin", §3.1; after Li et al.
/// 2015, "Convergent learning"): the permutation of network B's hidden units whose activations best
/// match A's on the same inputs. With `Z_A`, `Z_B` a hidden layer's outputs (after the activation,
/// `rows × width`), each layer's permutation minimizes `‖Z_A − Z_B P‖²_F`, that is maximizes the
/// total inner product `Σ_i ⟨Z_A[:, i], Z_B[:, p[i]]⟩` over the rows, a linear assignment on
/// `S = Z_Aᵀ Z_B`. Inner products rather than Li et al.'s correlations: it is the paper's least-squares
/// objective, and is defined for units that are constant on the rows (a dead relu). Each network is
/// evaluated with its own weights, so the layers are matched independently.
public enum ActivationMatching {
    /// One permutation per hidden layer: unit `i` of the aligned B is unit `p[i]` of B. `inputs` are
    /// rows already through the models' input transform. Refuses activations whose inner products
    /// overflow.
    public static func permutations(_ b: Network<Double>, to a: Network<Double>, inputs: Matrix<Double>) throws -> [[Int]] {
        precondition(a.architecture == b.architecture, "activation matching needs one architecture")
        return try zip(a.hiddenActivations(inputs), b.hiddenActivations(inputs)).enumerated().map { layer, activations in
            let s = Matrix.product(activations.0, activations.1, transposeA: true)
            guard s.elements.allSatisfy(\.isFinite) else {
                throw LandscapeError.invalidInput(
                    "the activations of hidden layer \(layer + 1) are too large to match (their inner products are not finite)")
            }
            return LinearAssignment.maximizing(s)
        }
    }
}
