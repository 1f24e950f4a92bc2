import Foundation
import Landscape

/// Models and permutations shared by the symmetry tests.
enum SymmetryFixtures {
    /// A model trained briefly on the first 120 rows of a shuffled copy of iris, so that models of
    /// different seeds share one split and so one input transform.
    static func trainedIris(hidden: [Int], seed: UInt64, epochs: Int = 60) throws -> Model {
        var configuration = RunConfiguration(data: shuffledIris)
        configuration.split = .firstRows(120)
        configuration.hidden = hidden
        configuration.seed = seed
        configuration.length = .epochs(epochs)
        var run = try TrainingRun(configuration: configuration)
        return try run.run().model
    }

    /// datasets/iris.csv with its rows in a seeded order, written once per process.
    static let shuffledIris: String = {
        let path = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        let lines = ((try? Files.read(path)) ?? "").split(separator: "\n").map(String.init)
        var rows = Array(lines.dropFirst())
        var random = RandomSource(seed: 3, stream: .data)
        random.shuffle(&rows)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-iris-shuffled-\(getpid()).csv").path
        try? Files.writeAtomically(([lines.first ?? ""] + rows).joined(separator: "\n") + "\n", to: out)
        return out
    }()

    /// The iris rows through `model`'s input transform.
    static func irisInputs(for model: Model) throws -> Matrix<Double> {
        try model.batch(for: TestData.dataset("iris.csv"), as: Double.self).inputs
    }

    /// A seeded random permutation per hidden layer of `architecture`.
    static func randomPermutations(for architecture: Architecture, seed: UInt64) -> [[Int]] {
        var random = RandomSource(seed: seed, stream: .probe)
        return architecture.hiddenWidths.map { random.permutation($0) }
    }

    /// `p⁻¹`: `inverse[p[i]] = i`.
    static func inverse(_ p: [Int]) -> [Int] {
        var q = p
        for (i, pi) in p.enumerated() { q[pi] = i }
        return q
    }

    /// Every permutation of `0..<n`, in lexicographic order.
    static func allPermutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return allPermutations(n - 1).flatMap { p in (0...p.count).map { k in Array(p[..<k]) + [n - 1] + Array(p[k...]) } }
    }
}
