import Testing
import Landscape

/// A symmetric operator given by a dense row-major matrix, for checking the iterative methods
/// against spectra known in closed form.
struct DenseOperator: SymmetricOperator {
    let matrix: [Double]
    let dimension: Int

    func apply(_ v: [Double]) -> [Double] {
        (0..<dimension).map { i in (0..<dimension).reduce(0.0) { $0 + matrix[i * dimension + $1] * v[$1] } }
    }

    static func diagonal(_ values: [Double]) -> DenseOperator {
        let n = values.count
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = values[i] }
        return DenseOperator(matrix: m, dimension: n)
    }
}

/// A small network for every activation and loss, with a batch it is evaluated on.
struct SmallSetting: CustomTestStringConvertible, Sendable {
    let activation: Activation
    let loss: Loss
    var testDescription: String { "\(activation.rawValue) × \(loss.rawValue)" }

    static let all = Activation.allCases.flatMap { a in Loss.allCases.map { SmallSetting(activation: a, loss: $0) } }

    /// 4-6-5-3 (83 parameters) for cross-entropy, 4-6-5-2 (77) for mse, on 12 random rows.
    func make<T: Real>(_: T.Type = T.self, seed: UInt64 = 11) -> (Network<T>, Batch<T>) {
        let outputs = loss == .crossEntropy ? 3 : 2
        let architecture = Architecture(sizes: [4, 6, 5, outputs], activation: activation, loss: loss)
        let network = Network<Double>(architecture: architecture, seed: seed).converted(to: T.self)
        return (network, TestData.randomBatch(rows: 12, inputs: 4, outputs: outputs, loss: loss, seed: seed + 1))
    }
}

extension TestData {
    /// A flat vector from the fixture's `workloads.json`.
    static func workloadVector(_ key: String) throws -> [Double] {
        guard let items = try workloads()[key]?.arrayValue else { throw LandscapeError.invalidInput("no \(key) in workloads.json") }
        return items.compactMap(\.doubleValue)
    }
}
