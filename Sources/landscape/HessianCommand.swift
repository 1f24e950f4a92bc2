import Landscape

struct HessianCommand: Command {
    static let name = "hessian"
    static let summary = "the exact Hessian and all its eigenvalues, for small models"
    static let discussion = """
    Builds the exact Hessian of the mean loss over the data file (one exact Hessian-vector
    product per parameter) and decomposes it in full (Householder tridiagonalization and the
    implicit QL algorithm): every eigenvalue, largest first, with the trace and the Frobenius
    norm taken from the matrix itself. Negative eigenvalues mean the model sits at a saddle or
    on a slope, not in a minimum. Models above \(HessianOperator<Double>.denseLimit) parameters are refused: use
    `landscape sharpness` (top eigenvalues), `trace` or `density` (the whole spectrum's shape).
    """
    static let examples = [
        "landscape hessian --model small.json --data datasets/iris.csv",
        "landscape hessian --model small.json --data train.csv --json > spectrum.json",
    ]
    static let options: [Option] = [
        .model, .data, Option.output("--out", "also write the eigenvalues, one per line, largest first"), .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let n = inputs.model.architecture.parameterCount
        let limit = HessianOperator<Double>.denseLimit
        guard n <= limit else {
            let gib = Double(n) * Double(n) * 8 / 1_073_741_824
            throw LandscapeError.invalidInput(
                "the exact Hessian of \(n) parameters would take \(formatted(gib, digits: 3)) GiB; hessian holds at most \(limit) parameters — use `landscape sharpness` for the top eigenvalues or `landscape density` for the spectrum")
        }
        let matrix = switch try arguments.precision {
        case .float32: try hessian(inputs, Float.self)
        case .float64: try hessian(inputs, Double.self)
        }
        guard matrix.allSatisfy(\.isFinite) else {
            throw LandscapeError.invalidInput("the Hessian has non-finite entries: the loss overflows at these weights")
        }
        let eigenvalues = SymmetricEigendecomposition(matrix: matrix, n: n, computeVectors: false).eigenvalues
        let trace = (0..<n).reduce(0.0) { $0 + matrix[$1 * n + $1] }
        let frobenius = matrix.reduce(0) { $0 + $1 * $1 }.squareRoot()
        var asymmetry = 0.0
        for i in 0..<n { for j in 0..<i { asymmetry = max(asymmetry, abs(matrix[i * n + j] - matrix[j * n + i])) } }
        let negative = eigenvalues.filter { $0 < 0 }.count
        if let out = arguments.string("--out") { try ProbeOptions.writeVector(eigenvalues, to: out) }
        if arguments.wantsJSON {
            Output.json(.object([
                "n_params": .number(n), "top": .number(eigenvalues.first), "min": .number(eigenvalues.last),
                "trace": .number(trace), "frobenius": .number(frobenius), "negative": .number(negative),
                "asymmetry": .number(asymmetry), "eigenvalues": .numbers(eigenvalues),
            ]))
            return
        }
        print("exact Hessian of \(n) parameters (max |H − Hᵀ| \(formatted(asymmetry, digits: 2)))")
        print("top \(formatted(eigenvalues.first, digits: 10))  min \(formatted(eigenvalues.last, digits: 10))  trace \(formatted(trace, digits: 10))  frobenius \(formatted(frobenius, digits: 10))")
        print("\(negative) negative eigenvalue\(negative == 1 ? "" : "s")\(negative > 0 ? ": not a minimum" : "")")
        let shown = eigenvalues.count <= 12 ? Array(eigenvalues.indices) : Array(0..<6) + Array((eigenvalues.count - 6)..<eigenvalues.count)
        for (position, i) in shown.enumerated() {
            if position > 0, i != shown[position - 1] + 1 { print("  …") }
            print("  λ\(i + 1) \(formatted(eigenvalues[i], digits: 10))")
        }
    }

    /// The `n × n` Hessian in `Double`, built from products in precision `T`.
    static func hessian<T: Real>(_ inputs: ModelInputs, _: T.Type) throws -> [Double] {
        HessianOperator<T>(network: inputs.network(), batch: try inputs.batch()).denseMatrix()
    }
}
