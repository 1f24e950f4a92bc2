import Testing
import Landscape

@Suite("Linear assignment")
struct LinearAssignmentTests {
    /// The largest `Σ_i S[i, p[i]]` over all n! permutations, each summed in row order as
    /// `LinearAssignment.total` sums, by depth-first search over the rows.
    static func bruteForceBest(_ s: Matrix<Double>) -> Double {
        let n = s.rows
        var used = [Bool](repeating: false, count: n)
        var best = -Double.infinity
        func extend(_ row: Int, _ sum: Double) {
            guard row < n else {
                best = max(best, sum)
                return
            }
            for column in 0..<n where !used[column] {
                used[column] = true
                extend(row + 1, sum + s[row, column])
                used[column] = false
            }
        }
        extend(0, 0)
        return best
    }

    /// For each size: uniform reals, small integers (0…3, many ties), wide integers, large
    /// magnitudes, a constant matrix, a rank-one matrix and a negated identity.
    static func matrices(size n: Int) -> [Matrix<Double>] {
        var random = RandomSource(seed: UInt64(100 + n), stream: .data)
        func make(_ entry: (Int, Int) -> Double) -> Matrix<Double> {
            Matrix(rows: n, cols: n, elements: (0..<n * n).map { entry($0 / n, $0 % n) })
        }
        var list: [Matrix<Double>] = []
        for _ in 0..<12 { list.append(make { _, _ in random.uniform(-1, 1) }) }
        for _ in 0..<12 { list.append(make { _, _ in Double(random.index(below: 4)) }) }
        for _ in 0..<8 { list.append(make { _, _ in Double(random.index(below: 2001) - 1000) }) }
        for _ in 0..<4 { list.append(make { _, _ in random.uniform(-1e6, 1e6) }) }
        list.append(make { _, _ in 2.5 })
        let u = (0..<n).map { _ in random.uniform(-1, 1) }, v = (0..<n).map { _ in random.uniform(-1, 1) }
        list.append(make { u[$0] * v[$1] })
        list.append(make { $0 == $1 ? -1 : 0 })
        return list
    }

    @Test("the optimal total equals brute force over all permutations, n = 1…8 (39 matrices each, 312 in all)")
    func bruteForce() {
        var checked = 0
        for n in 1...8 {
            for s in Self.matrices(size: n) {
                let p = LinearAssignment.maximizing(s)
                #expect(p.sorted() == Array(0..<n), "not a permutation: \(p)")
                #expect(LinearAssignment.total(s, p) == Self.bruteForceBest(s), "n = \(n): \(s.elements)")
                checked += 1
            }
        }
        #expect(checked == 312)
    }

    @Test("a planted permutation of a diagonally dominant matrix is found; the empty matrix has the empty assignment")
    func planted() {
        var random = RandomSource(seed: 7, stream: .data)
        let n = 40
        let sigma = random.permutation(n)
        let s = Matrix<Double>(rows: n, cols: n, elements: (0..<n * n).map { k in
            (sigma[k / n] == k % n ? 10 : 0) + random.uniform(0, 1)
        })
        #expect(LinearAssignment.maximizing(s) == sigma)
        #expect(LinearAssignment.maximizing(Matrix<Double>(rows: 0, cols: 0, elements: [])) == [])
    }
}
