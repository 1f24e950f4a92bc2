import Foundation
import Landscape

/// Paths and fixtures shared by the tests.
enum TestData {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/LandscapeTests/Fixtures/peers")

    static func dataset(_ name: String) throws -> Dataset {
        try Dataset.load(repository.appendingPathComponent("datasets/\(name)").path)
    }

    /// The peers' model: 64-128-128-10 tanh at the initial weights of seed 0, with its input transform.
    static func referenceModel() throws -> Model {
        try Model.load(fixtures.appendingPathComponent("init_model.json").path)
    }

    /// The digits rows the reference model is trained on (0..1436), as a CSV file; written once per process.
    static let digitsTrainingCSV = digitsCSV(rows: 1437)

    /// The first 300 digits rows as a CSV file, for quick probes of the reference model; written once per process.
    static let digitsFirst300CSV = digitsCSV(rows: 300)

    /// The header and the first `rows` rows of datasets/digits.csv in a temporary file, or an empty file when
    /// the dataset cannot be read (the tests using it then fail on the data).
    private static func digitsCSV(rows: Int) -> String {
        let lines = (try? Files.read(repository.appendingPathComponent("datasets/digits.csv").path))?
            .split(separator: "\n").prefix(rows + 1).joined(separator: "\n") ?? ""
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("landscape-digits-\(rows)-\(getpid()).csv").path
        try? Files.writeAtomically(lines + "\n", to: path)
        return path
    }

    static func workloads() throws -> JSON {
        try JSON(parsing: try Files.read(fixtures.appendingPathComponent("workloads.json").path))
    }

    static func expectedChecks() throws -> JSON {
        try JSON(parsing: try Files.read(fixtures.appendingPathComponent("expected_checks.json").path))
    }

    /// Digits rows 0..1436 through the reference model's input transform.
    static func referenceTrainingBatch<T: Real>(_: T.Type = T.self) throws -> Batch<T> {
        let model = try referenceModel()
        let rows = try dataset("digits.csv").rows(Array(0..<1437))
        return try rows.batch(for: .crossEntropy, transform: model.inputTransform)
    }

    /// A small labelled batch of normally distributed inputs.
    static func randomBatch<T: Real>(rows: Int, inputs: Int, outputs: Int, loss: Loss, seed: UInt64) -> Batch<T> {
        var random = RandomSource(seed: seed, stream: .data)
        let x = Matrix<T>(rows: rows, cols: inputs, elements: (0..<rows * inputs).map { _ in T(random.normal()) })
        switch loss {
        case .crossEntropy:
            return Batch(inputs: x, targets: .classes((0..<rows).map { _ in random.index(below: outputs) }))
        case .meanSquaredError:
            let y = Matrix<T>(rows: rows, cols: outputs, elements: (0..<rows * outputs).map { _ in T(random.normal()) })
            return Batch(inputs: x, targets: .values(y))
        }
    }
}

/// `body` run with the shared worker pool at `count` threads (all of them for nil), the count
/// restored afterwards.
func withThreads<R>(_ count: Int?, _ body: () throws -> R) rethrows -> R {
    let pool = WorkerPool.shared
    let saved = pool.threadCount
    defer { pool.setThreadCount(saved) }
    pool.setThreadCount(count ?? pool.capacity)
    return try body()
}

/// ‖a − b‖ / ‖b‖ over flat vectors.
func relativeError<T: Real>(_ a: [T], _ b: [T]) -> Double {
    precondition(a.count == b.count)
    var diff = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        diff += Double(x - y) * Double(x - y)
        norm += Double(y) * Double(y)
    }
    return (diff / max(norm, 1e-300)).squareRoot()
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

/// Central differences of `f` at `x`, one coordinate at a time, with step `h`.
func finiteDifferenceGradient(of f: ([Double]) -> Double, at x: [Double], step h: Double = 1e-5) -> [Double] {
    var g = [Double](repeating: 0, count: x.count)
    var probe = x
    for i in x.indices {
        probe[i] = x[i] + h
        let up = f(probe)
        probe[i] = x[i] - h
        let down = f(probe)
        probe[i] = x[i]
        g[i] = (up - down) / (2 * h)
    }
    return g
}

/// Central differences of the network's loss gradient on `batch` (with dropout `masks`, if any) along
/// `direction`, with step `h`: an estimate of the Hessian-vector product H·direction.
func finiteDifferenceHessianProduct(of network: Network<Double>, on batch: Batch<Double>, along direction: [Double],
                                    masks: [Matrix<Double>]? = nil, step h: Double = 1e-5) -> [Double] {
    func gradient(_ step: Double) -> [Double] {
        let p = zip(network.flatParameters, direction).map { $0 + step * $1 }
        return flatten(Network(architecture: network.architecture, flatParameters: p).lossAndGradient(on: batch, masks: masks).gradient)
    }
    return zip(gradient(h), gradient(-h)).map { ($0 - $1) / (2 * h) }
}

/// The `k`-th unit vector of length `n`.
func unitVector(_ k: Int, count n: Int) -> [Double] { (0..<n).map { $0 == k ? 1 : 0 } }
