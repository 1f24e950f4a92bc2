extension Architecture {
    /// The widths of the hidden layers, the units that can be permuted.
    public var hiddenWidths: [Int] { Array(sizes.dropFirst().dropLast()) }

    /// Refuses `permutations` unless there is one per hidden layer and each is a permutation of
    /// `0..<width` of its layer.
    public func requirePermutations(_ permutations: [[Int]]) throws {
        let widths = hiddenWidths
        guard permutations.count == widths.count else {
            throw LandscapeError.invalidInput(
                "\(permutations.count) permutation\(permutations.count == 1 ? "" : "s") for a model with \(widths.count) hidden layer\(widths.count == 1 ? "" : "s")")
        }
        for (layer, (p, width)) in zip(permutations, widths).enumerated() {
            guard p.count == width else {
                throw LandscapeError.invalidInput("the permutation of hidden layer \(layer + 1) has \(p.count) entries for \(width) units")
            }
            var seen = [Bool](repeating: false, count: width)
            for unit in p {
                guard (0..<width).contains(unit) else {
                    throw LandscapeError.invalidInput("the permutation of hidden layer \(layer + 1) names unit \(unit), outside 0..<\(width)")
                }
                guard !seen[unit] else {
                    throw LandscapeError.invalidInput("the permutation of hidden layer \(layer + 1) names unit \(unit) twice")
                }
                seen[unit] = true
            }
        }
    }
}

extension Network {
    /// The same function with its hidden units reordered: unit `i` of hidden layer `ℓ` of the result
    /// is unit `permutations[ℓ][i]` of this network. Row `i` of `W_ℓ` and entry `i` of `b_ℓ` are row
    /// and entry `permutations[ℓ][i]` of this network's, and column `i` of `W_{ℓ+1}` is its column
    /// `permutations[ℓ][i]`: `W′_ℓ[i, j] = W_ℓ[p_ℓ[i], p_{ℓ−1}[j]]`, the input and output units
    /// staying in place. Values are copied, so the result computes the same outputs up to the order
    /// of the sums in the next layer. `permutations` must satisfy `Architecture.requirePermutations`.
    public func permutingHiddenUnits(_ permutations: [[Int]]) -> Network {
        precondition((try? architecture.requirePermutations(permutations)) != nil, "not one permutation per hidden layer")
        let sizes = architecture.sizes, layers = architecture.layerCount
        func order(_ boundary: Int) -> [Int] {
            boundary == 0 || boundary == layers ? Array(0..<sizes[boundary]) : permutations[boundary - 1]
        }
        var permuted = parameters
        for layer in 0..<layers {
            let rows = order(layer + 1), cols = order(layer)
            let w = parameters[2 * layer], b = parameters[2 * layer + 1]
            permuted[2 * layer] = Matrix(rows: w.rows, cols: w.cols, elements: rows.flatMap { r in cols.map { c in w[r, c] } })
            permuted[2 * layer + 1] = Matrix(row: rows.map { b.elements[$0] })
        }
        return Network(architecture: architecture, parameters: permuted)
    }
}
