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
        "landscape trace --model model.json --data train.csv",
        "landscape trace --model model.json --data train.csv --samples 500 --seed 3 --json",
    ]
    static let options: [Option] = [
        .model, .data, Option("--samples", "N", "Rademacher samples (default 100)"), .seed, .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let samples = try arguments.int("--samples", range: 2...1_000_000) ?? 100
        let seed = try arguments.seed()
        let estimate = switch try arguments.precision {
        case .float32: try estimate(inputs, Float.self, samples, seed)
        case .float64: try estimate(inputs, Double.self, samples, seed)
        }
        try inputs.requireFinite([estimate.trace, estimate.standardError], "the Hessian's trace")
        let n = inputs.model.architecture.parameterCount
        if arguments.wantsJSON {
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

    static func estimate<T: Real>(_ inputs: ModelInputs, _: T.Type, _ samples: Int, _ seed: UInt64) throws -> TraceEstimate {
        let op = HessianOperator<T>(network: inputs.network(), batch: try inputs.batch())
        return HutchinsonTrace(samples: samples, seed: seed).estimate(op)
    }
}
