import Testing
import Landscape

@Suite("Weight matching")
struct WeightMatchingTests {
    @Test("one hidden layer: one sweep finds the permutation nearest A, as brute force over all 720 does")
    func singleLayerBruteForce() throws {
        let architecture = Architecture(sizes: [3, 6, 2], activation: .tanh, loss: .crossEntropy)
        for seed in UInt64(0)..<4 {
            let a = Network<Double>(architecture: architecture, seed: 2 * seed + 1), b = Network<Double>(architecture: architecture, seed: 2 * seed + 2)
            let result = try WeightMatching().align(b, to: a)
            #expect(result.sweeps == 1 && result.converged)
            let nearest = SymmetryFixtures.allPermutations(6).map { b.permutingHiddenUnits([$0]).distance(to: a) }.min()!
            #expect(abs(result.distances.last! - nearest) <= 1e-12 * nearest, "\(result.distances.last!) against \(nearest)")
            #expect(result.distances.last! == b.permutingHiddenUnits(result.permutations).distance(to: a))
        }
    }

    @Test("several hidden layers: the distance never grows from sweep to sweep, the sweeps end, and no single layer's permutation can do better",
          arguments: [[5, 4], [4, 5, 4], [5, 5, 5]])
    func coordinateAscent(hidden: [Int]) throws {
        let architecture = Architecture(sizes: [3] + hidden + [2], activation: .tanh, loss: .crossEntropy)
        for seed in UInt64(0)..<3 {
            let a = Network<Double>(architecture: architecture, seed: 10 + seed), b = Network<Double>(architecture: architecture, seed: 20 + seed)
            let result = try WeightMatching().align(b, to: a)
            #expect(result.converged && result.sweeps >= 2 && result.sweeps < 100)
            #expect(result.distances.count == result.sweeps + 1)
            #expect(zip(result.distances, result.distances.dropFirst()).allSatisfy { $1 <= $0 }, "\(result.distances)")
            let reached = result.distances.last!
            #expect(reached == b.permutingHiddenUnits(result.permutations).distance(to: a))
            for layer in hidden.indices {
                let best = SymmetryFixtures.allPermutations(hidden[layer]).map { p -> Double in
                    var permutations = result.permutations
                    permutations[layer] = p
                    return b.permutingHiddenUnits(permutations).distance(to: a)
                }.min()!
                #expect(best >= reached * (1 - 1e-12), "layer \(layer): \(best) below \(reached)")
            }
            let capped = try WeightMatching(maxSweeps: 1).align(b, to: a)
            #expect(capped.sweeps == 1 && capped.distances.count == 2)
        }
    }

    @Test("weights whose products overflow are refused")
    func overflow() {
        let architecture = Architecture(sizes: [2, 3, 2], activation: .tanh, loss: .crossEntropy)
        let a = Network<Double>(architecture: architecture, flatParameters: [Double](repeating: 1e200, count: architecture.parameterCount))
        #expect(throws: LandscapeError.self) { try WeightMatching().align(a, to: a) }
    }
}
