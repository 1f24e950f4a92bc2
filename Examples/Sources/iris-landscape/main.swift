// Train a small network on the iris flowers, then look at the loss landscape around it: the top
// Hessian eigenvalues, a 2-D slice drawn as SVG, and a measure of our own in two precisions.
//
//     swift run --package-path Examples iris-landscape [PLANE.svg]
//
// Every number printed but the time is the same on every run, on any number of threads.
import Foundation
import Landscape

// The data lives in the repository; this file is Examples/Sources/iris-landscape/main.swift.
let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let irisPath = repository.appendingPathComponent("datasets/iris.csv").path
let svgPath = CommandLine.arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("iris-plane.svg").path

/// A measure of our own, written once for every precision: the gradient's norm and the curvature
/// of the loss along the gradient, gᵀHg / gᵀg. `ProbeSession.measure` runs it with `T` the
/// session's precision, on the session's model and rows.
struct GradientCurvature: NetworkMeasure {
    func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> (norm: Double, curvature: Double) {
        let (_, gradient, hessian) = network.lossGradientAndHessian(on: batch)
        let g = flatten(gradient)   // ∂loss/∂θ in the flat parameter order, in T
        return (FlatVector.norm(g), FlatVector.dot(g, hessian.apply(g)) / FlatVector.dot(g, g))
    }
}

do {
    // 1. Train. A run configuration holds everything that decides the numbers; each field is one
    //    of `RunConfiguration.settings`, the same settings `landscape train` takes as flags.
    var configuration = RunConfiguration(data: irisPath)
    configuration.split = .fraction(0.8)   // a stratified, seeded 80% of each class for training
    configuration.hidden = [16]
    configuration.batchSize = 16
    configuration.learningRate = 0.1
    configuration.length = .epochs(300)
    configuration.seed = 1
    var run = try TrainingRun(configuration: configuration)
    let outcome = try run.run()
    let model = outcome.model   // the weights, the input standardization and a record of the run
    let trainRows = run.data.train
    print("trained \(model.architecture.sizes.map(String.init).joined(separator: "-")) on \(trainRows.count) rows "
        + "in \(String(format: "%.2f", outcome.seconds)) s: train loss \(String(format: "%.4f", outcome.train.loss)), "
        + "test accuracy \(String(format: "%.3f", outcome.test?.accuracy ?? .nan))")

    // 2. Curvature. A probe session holds a model and the rows it is probed on, in a precision
    //    chosen at run time; Lanczos finds the top eigenvalues from exact Hessian-vector products.
    let session = try ProbeSession(model: model, data: trainRows, precision: .float64, name: "the iris model")
    let top = try session.eigenvalues(Lanczos(count: 3))
    print("top 3 Hessian eigenvalues of \(session.parameterCount) parameters (\(top.converged ? "converged" : "NOT converged"), "
        + "\(top.products) products): " + top.eigenvalues.map { String(format: "%.5f", $0) }.joined(separator: ", "))

    // 3. A slice of the surface: the loss at θ + a·d₁ + b·d₂ for filter-normalized random
    //    directions d₁, d₂ (Li et al. 2018), on a 21 × 21 grid over [-1, 1]², drawn as SVG.
    let plane = Plane.around(model, name: "iris", scaling: .filter, bias: .standard(for: .filter), seed: 0)
    let grid = (0...20).map { -1 + Double($0) / 10 }
    let points = try plane.evaluate(a: grid, b: grid, on: trainRows, precision: .float64)
    try Files.writeAtomically(plane.figure(a: grid, b: grid, points: points), to: svgPath)
    let losses = points.map(\.evaluation.loss)
    print("21 × 21 plane: loss from \(String(format: "%.4f", losses.min()!)) to \(String(format: "%.4f", losses.max()!)); "
        + "picture written to \(svgPath)")

    // 4. The measure of our own (GradientCurvature, above) in float32 and float64.
    for precision in Precision.allCases {
        let result = try ProbeSession(model: model, data: trainRows, precision: precision).measure(GradientCurvature())
        print("\(precision.rawValue): gradient norm \(String(format: "%.9f", result.norm)), "
            + "curvature along it \(String(format: "%.9f", result.curvature))")
    }
} catch {
    // Library errors name files and values; `LandscapeError.description` is the message.
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
