import Landscape

struct TraceCommand: Command {
    static let name = "trace"
    static let summary = "the trace of the Hessian by Hutchinson's estimator, with its standard error"
    static let discussion = """
    Estimates the trace of the Hessian of the mean loss over the data file (the sum of its
    eigenvalues: the average curvature times the parameter count) as the mean of zᵀHz over
    Rademacher vectors z, each one exact Hessian-vector product, as PyHessian does. The standard
    error is the samples' standard deviation over √samples. For small models `hessian` gives the
    exact trace.
    """
    static let examples = [
        "landscape trace --model iris.json --data datasets/iris.csv --rows train",
        "landscape trace --model iris.json --data datasets/iris.csv --rows train --samples 500 --seed 3 --json",
    ]
    static let samples = Option.integer("--samples", "Rademacher samples", in: 2...1_000_000, default: 100)
    static let options: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, samples, Options.seed, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let samples = arguments[samples]
        let estimate = try session.trace(HutchinsonTrace(samples: samples, seed: arguments[Options.seed]))
        let n = session.parameterCount
        if arguments.has(Options.json) {
            Output.json(.object([
                "trace": .number(estimate.trace), "standard_error": .number(estimate.standardError),
                "samples": .number(samples), "n_params": .number(n),
            ]))
        } else {
            let (t, se) = (estimate.trace, estimate.standardError)
            print("trace ≈ \(formatted(t, digits: 8)) ± \(formatted(se, digits: 3)) (standard error; \(samples) Rademacher samples, \(n) parameters)")
            print("95% interval [\(formatted(t - 1.96 * se, digits: 8)), \(formatted(t + 1.96 * se, digits: 8))]; mean eigenvalue \(formatted(t / Double(n), digits: 6))")
        }
    }
}
