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
        "landscape hessian --model iris.json --data datasets/iris.csv --rows train",
        "landscape hessian --model iris.json --data datasets/iris.csv --rows train --json > spectrum.json",
    ]
    static let out = Option.output("--out", "also write the eigenvalues, one per line, largest first")
    static let options: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, out, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let n = session.parameterCount
        let limit = HessianOperator<Double>.denseLimit
        guard n <= limit else {
            let gib = Double(n) * Double(n) * 8 / 1_073_741_824
            throw LandscapeError.invalidInput(
                "the exact Hessian of \(n) parameters would take \(formatted(gib, digits: 3)) GiB; hessian holds at most \(limit) parameters — use `landscape sharpness` for the top eigenvalues or `landscape density` for the spectrum")
        }
        let spectrum = try session.hessian()
        let eigenvalues = spectrum.eigenvalues
        let negative = spectrum.negativeCount
        try arguments.value(out).map { try VectorFile.write(eigenvalues, to: $0) }
        if arguments.has(Options.json) {
            Output.json(.object([
                "n_params": .number(n), "top": .number(eigenvalues.first), "min": .number(eigenvalues.last),
                "trace": .number(spectrum.trace), "frobenius": .number(spectrum.frobenius), "negative": .number(negative),
                "asymmetry": .number(spectrum.asymmetry), "eigenvalues": .numbers(eigenvalues),
            ]))
            return
        }
        print("exact Hessian of \(n) parameters (max |H − Hᵀ| \(formatted(spectrum.asymmetry, digits: 2)))")
        print("top \(formatted(eigenvalues.first, digits: 10))  min \(formatted(eigenvalues.last, digits: 10))  trace \(formatted(spectrum.trace, digits: 10))  frobenius \(formatted(spectrum.frobenius, digits: 10))")
        print("\(negative) negative eigenvalue\(negative == 1 ? "" : "s")\(negative > 0 ? ": not a minimum" : "")")
        let shown = eigenvalues.count <= 12 ? Array(eigenvalues.indices) : Array(0..<6) + Array((eigenvalues.count - 6)..<eigenvalues.count)
        for (position, i) in shown.enumerated() {
            if position > 0, i != shown[position - 1] + 1 { print("  …") }
            print("  λ\(i + 1) \(formatted(eigenvalues[i], digits: 10))")
        }
    }
}
