/// The linear assignment problem on a square matrix: the permutation `p` that maximizes the total
/// similarity `Σ_i S[i, p[i]]`, solved exactly in O(n³) by the Hungarian method in its
/// shortest-augmenting-path form (Kuhn 1955, Munkres 1957; the row-by-row augmentation with dual
/// potentials of Jonker and Volgenant 1987). It minimizes the cost `−S`: each row in turn is
/// joined by a Dijkstra search over reduced costs `c[i, j] − u[i] − v[j] ≥ 0`, and the potentials
/// `u`, `v` stay feasible, so the final assignment is optimal by LP duality.
///
/// Ties are broken deterministically: each search step takes the lowest column of least reduced
/// cost, so the same matrix always gives the same permutation. Integer-valued matrices (below 2⁵³)
/// are solved exactly, the potentials then being integers too.
public enum LinearAssignment {
    /// The permutation `p` maximizing `Σ_i similarity[i, p[i]]`: row `i` is assigned column `p[i]`.
    /// The entries must be finite.
    public static func maximizing(_ similarity: Matrix<Double>) -> [Int] {
        precondition(similarity.rows == similarity.cols, "an assignment needs a square matrix")
        precondition(similarity.elements.allSatisfy(\.isFinite), "an assignment needs finite similarities")
        let n = similarity.rows
        guard n > 0 else { return [] }
        // 1-based rows and columns; column 0 is the virtual start of each search.
        var u = [Double](repeating: 0, count: n + 1), v = [Double](repeating: 0, count: n + 1)
        var rowOfColumn = [Int](repeating: 0, count: n + 1)
        var previous = [Int](repeating: 0, count: n + 1)
        similarity.elements.withUnsafeBufferPointer { s in
            for row in 1...n {
                rowOfColumn[0] = row
                var column = 0
                var least = [Double](repeating: .infinity, count: n + 1)
                var reached = [Bool](repeating: false, count: n + 1)
                repeat {
                    reached[column] = true
                    let i = rowOfColumn[column]
                    var delta = Double.infinity, next = 0
                    for j in 1...n where !reached[j] {
                        let reduced = -s[(i - 1) * n + j - 1] - u[i] - v[j]
                        if reduced < least[j] {
                            least[j] = reduced
                            previous[j] = column
                        }
                        if least[j] < delta {
                            delta = least[j]
                            next = j
                        }
                    }
                    for j in 0...n {
                        if reached[j] {
                            u[rowOfColumn[j]] += delta
                            v[j] -= delta
                        } else {
                            least[j] -= delta
                        }
                    }
                    column = next
                } while rowOfColumn[column] != 0
                // Augment along the path back to the virtual column.
                repeat {
                    let back = previous[column]
                    rowOfColumn[column] = rowOfColumn[back]
                    column = back
                } while column != 0
            }
        }
        var assignment = [Int](repeating: 0, count: n)
        for j in 1...n { assignment[rowOfColumn[j] - 1] = j - 1 }
        return assignment
    }

    /// `Σ_i similarity[i, p[i]]`, summed in row order.
    public static func total(_ similarity: Matrix<Double>, _ p: [Int]) -> Double {
        precondition(p.count == similarity.rows, "one column per row")
        return p.indices.reduce(0.0) { $0 + similarity[$1, p[$1]] }
    }
}
