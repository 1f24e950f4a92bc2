import Testing
import Landscape

@Suite("Permuting hidden units")
struct PermutationTests {
    /// Networks with 1, 2 and 3 hidden layers on iris's four features.
    static let architectures = [
        Architecture(sizes: [4, 7, 3], activation: .tanh, loss: .crossEntropy),
        Architecture(sizes: [4, 6, 5, 3], activation: .relu, loss: .crossEntropy),
        Architecture(sizes: [4, 5, 8, 6, 3], activation: .gelu, loss: .crossEntropy),
        Architecture(sizes: [4, 9, 4, 2], activation: .softplus, loss: .meanSquaredError),
    ]

    /// The largest `|z′ − z|` over the outputs, relative to the largest `|z|` of its row.
    static func largestRelativeDifference<T: Real>(_ a: Matrix<T>, _ b: Matrix<T>) -> Double {
        (0..<a.rows).map { r -> Double in
            let scale = (0..<a.cols).map { abs(Double(b[r, $0])) }.max()!
            return (0..<a.cols).map { abs(Double(a[r, $0]) - Double(b[r, $0])) }.max()! / scale
        }.max()!
    }

    /// The iris rows and 50 random rows, three times wider than standardized data.
    static func inputs() throws -> Matrix<Double> {
        let iris = try TestData.dataset("iris.csv").batch(for: .crossEntropy, transform: nil) as Batch<Double>
        let random: Batch<Double> = TestData.randomBatch(rows: 50, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 9)
        return Matrix(rows: iris.inputs.rows + 50, cols: 4, elements: iris.inputs.elements + random.inputs.elements.map { 3 * $0 })
    }

    @Test("B2 computes B's function: every output equal to 1e-12 relative in float64, 1e-6 in float32",
          arguments: architectures.indices)
    func sameFunction(index: Int) throws {
        let architecture = Self.architectures[index]
        let b = Network<Double>(architecture: architecture, seed: UInt64(20 + index))
        let p = SymmetryFixtures.randomPermutations(for: architecture, seed: UInt64(index))
        #expect(p.contains { $0 != Array(0..<$0.count) })
        let b2 = b.permutingHiddenUnits(p)
        let x = try Self.inputs()
        #expect(Self.largestRelativeDifference(b2.outputs(x), b.outputs(x)) < 1e-12)
        let single = b.converted(to: Float.self), xs = x.converted(to: Float.self)
        #expect(Self.largestRelativeDifference(single.permutingHiddenUnits(p).outputs(xs), single.outputs(xs)) < 1e-6)
        // Unit i of B2 is unit p[i] of B, layer by layer.
        for (layer, (h2, h)) in zip(b2.hiddenActivations(x), b.hiddenActivations(x)).enumerated() {
            #expect(Self.largestRelativeDifference(h2, h.columns(p[layer])) < 1e-12)
        }
    }

    @Test("a trained iris model permuted keeps every logit to 1e-12 relative")
    func trainedModel() throws {
        let model = try SymmetryFixtures.trainedIris(hidden: [8, 8], seed: 4, epochs: 20)
        let p = SymmetryFixtures.randomPermutations(for: model.architecture, seed: 4)
        let x = try SymmetryFixtures.irisInputs(for: model)
        #expect(Self.largestRelativeDifference(model.network.permutingHiddenUnits(p).outputs(x), model.network.outputs(x)) < 1e-12)
    }

    @Test("weights move as the convention says; permutations compose and the inverse undoes one exactly")
    func layout() {
        let architecture = Self.architectures[2]
        let b = Network<Double>(architecture: architecture, seed: 3)
        let p = SymmetryFixtures.randomPermutations(for: architecture, seed: 5)
        let q = SymmetryFixtures.randomPermutations(for: architecture, seed: 6)
        let b2 = b.permutingHiddenUnits(p)
        for i in 0..<5 {
            #expect(b2.parameters[1].elements[i] == b.parameters[1].elements[p[0][i]])
            for j in 0..<4 { #expect(b2.parameters[0][i, j] == b.parameters[0][p[0][i], j]) }
            for j in 0..<8 { #expect(b2.parameters[2][j, i] == b.parameters[2][p[1][j], p[0][i]]) }
        }
        for m in 0..<3 {
            for j in 0..<6 { #expect(b2.parameters[6][m, j] == b.parameters[6][m, p[2][j]]) }
        }
        #expect(b2.parameters[7] == b.parameters[7])
        let composed = zip(p, q).map { p, q in q.map { p[$0] } }
        #expect(b2.permutingHiddenUnits(q).parameters == b.permutingHiddenUnits(composed).parameters)
        #expect(b2.permutingHiddenUnits(p.map(SymmetryFixtures.inverse)).parameters == b.parameters)
        #expect(b.permutingHiddenUnits(architecture.hiddenWidths.map { Array(0..<$0) }).parameters == b.parameters)
        #expect(b2.distance(to: b) > 0 && b.distance(to: b) == 0)
    }

    @Test("lists that are not one permutation per hidden layer are refused")
    func refused() {
        let architecture = Self.architectures[1]
        let bad: [[[Int]]] = [[[0, 1, 2, 3, 4, 5]], [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4], [0]], [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
                              [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 5]], [[0, 1, 2, 3, 4, 4], [0, 1, 2, 3, 4]], [[0, 1, 2, 3, 4, -1], [0, 1, 2, 3, 4]]]
        for p in bad { #expect(throws: LandscapeError.self, "\(p)") { try architecture.requirePermutations(p) } }
        #expect(throws: Never.self) { try architecture.requirePermutations([[5, 4, 3, 2, 1, 0], [0, 1, 2, 3, 4]]) }
        #expect(throws: Never.self) { try Architecture(sizes: [4, 3], activation: .tanh, loss: .crossEntropy).requirePermutations([]) }
    }
}

extension Matrix {
    /// Columns `indices` of this matrix, in that order.
    func columns(_ indices: [Int]) -> Matrix {
        Matrix(rows: rows, cols: indices.count, elements: (0..<rows).flatMap { r in indices.map { self[r, $0] } })
    }
}
