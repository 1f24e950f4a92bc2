import Landscape

struct SharpnessCommand: Command {
    static let name = "sharpness"
    static let summary = "the top (or bottom) Hessian eigenvalues by Lanczos or power iteration"
    static let discussion = """
    Finds the --k largest (or smallest) eigenvalues of the Hessian of the mean loss over the data
    file from exact Hessian-vector products, without forming the Hessian. The default method,
    Lanczos with full reorthogonalization, converges fast even on clusters of eigenvalues; power
    iteration (PyHessian's method) is offered for comparison and can stall on a cluster while its
    value looks steady — which the reported residuals ‖Hv − λv‖ reveal. A result is converged
    when every residual is at most --tol times ‖H‖ (estimated by the largest |eigenvalue|).
    See also epsilon-sharpness (Keskar et al.'s measure), trace and density.
    """
    static let examples = [
        "landscape sharpness --model model.json --data train.csv --k 3",
        "landscape sharpness --model model.json --data train.csv --which smallest --json",
        "landscape sharpness --model model.json --data train.csv --method power --max-iters 20 --tol 0 --start v.txt",
    ]
    static let options: [Option] = [
        .model, .data, ProbeOptions.k, Option("--method", "NAME", "lanczos|power (default lanczos)"), ProbeOptions.which,
        ProbeOptions.tolerance, ProbeOptions.maxIterations, ProbeOptions.start, .seed, .precision, .threads, .json,
    ]

    enum Method: String, CaseIterable {
        case lanczos, power
    }

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let n = inputs.model.architecture.parameterCount
        let method = try arguments.choice("--method", Method.self) ?? .lanczos
        let end = try arguments.choice("--which", SpectrumEnd.self) ?? .largest
        let k = try arguments.int("--k", range: 1...1000) ?? 1
        guard k <= n else { throw LandscapeError.invalidInput("--k \(k): the model has only \(n) parameters") }
        let tolerance = try ProbeOptions.tolerance(arguments)
        let maxIterations = try arguments.int("--max-iters", range: 1...1_000_000) ?? (method == .lanczos ? 300 : 1000)
        if method == .lanczos, !Lanczos.basisFits(vectors: maxIterations, dimension: n) {
            throw LandscapeError.invalidInput("--max-iters \(maxIterations): a Lanczos basis of that many vectors of \(n) parameters would not fit in memory")
        }
        let seed = try arguments.seed()
        let start = try arguments.string("--start").map { try ProbeOptions.vector($0, count: n) }
        if let start, start.allSatisfy({ $0 == 0 }) { throw LandscapeError.invalidInput("--start: the starting vector is zero") }
        let result = switch try arguments.precision {
        case .float32: try solve(inputs, Float.self, method, end, k, tolerance, maxIterations, seed, start)
        case .float64: try solve(inputs, Double.self, method, end, k, tolerance, maxIterations, seed, start)
        }
        try inputs.requireFinite(result.eigenvalues + result.residuals, "the Hessian's eigenvalues")
        if arguments.wantsJSON {
            var members: [JSON.Member] = []
            if end == .largest { members.append(JSON.Member("top", .number(result.eigenvalues.first))) }
            if end == .smallest { members.append(JSON.Member("min", .number(result.eigenvalues.last))) }
            members += [
                JSON.Member("eigenvalues", .numbers(result.eigenvalues)), JSON.Member("method", .string(method.rawValue)),
                JSON.Member("which", .string(end.rawValue)), JSON.Member("iterations", .number(result.iterations)),
                JSON.Member("products", .number(result.products)), JSON.Member("converged", .bool(result.converged)),
                JSON.Member("residuals", .numbers(result.residuals)), JSON.Member("tolerance", .number(tolerance)),
                JSON.Member("norm_estimate", .number(result.scale)), JSON.Member("n_params", .number(n)),
            ]
            Output.json(.object(members))
            return
        }
        let status = result.converged ? "converged" : "NOT converged"
        print("\(end == .largest ? "top" : "bottom") \(k) Hessian eigenvalue\(k == 1 ? "" : "s") by \(method.rawValue): \(status) after \(result.iterations) iterations (\(result.products) Hessian-vector products)")
        for (i, (value, residual)) in zip(result.eigenvalues, result.residuals).enumerated() {
            print("  λ\(i + 1) \(formatted(value, digits: 10))   ‖Hv − λv‖ \(formatted(residual, digits: 2))")
        }
        if !result.converged {
            print("residuals above --tol \(formatted(tolerance, digits: 2)) × ‖H‖ ≈ \(formatted(tolerance * result.scale, digits: 2)): raise --max-iters\(method == .power ? " or use --method lanczos" : "")")
        }
        if end == .smallest, let least = result.eigenvalues.last, least < 0 {
            print("negative curvature: the model is not at a minimum (a saddle, or on a slope)")
        }
    }

    /// The precision-free part of an `EigenEstimate`.
    struct Found {
        let eigenvalues: [Double]
        let residuals: [Double]
        let iterations: Int
        let products: Int
        let converged: Bool
        let scale: Double
    }

    static func solve<T: Real>(
        _ inputs: ModelInputs, _: T.Type, _ method: Method, _ end: SpectrumEnd, _ k: Int, _ tolerance: Double,
        _ maxIterations: Int, _ seed: UInt64, _ start: [Double]?
    ) throws -> Found {
        let op = HessianOperator<T>(network: inputs.network(), batch: try inputs.batch())
        let first = start.map { $0.map { T($0) } }
        let estimate = switch method {
        case .lanczos: Lanczos(count: k, end: end, tolerance: tolerance, maxIterations: maxIterations, seed: seed).run(op, start: first)
        case .power: PowerIteration(count: k, end: end, tolerance: tolerance, maxIterations: maxIterations, seed: seed).run(op, start: first)
        }
        return Found(eigenvalues: estimate.eigenvalues, residuals: estimate.residuals, iterations: estimate.iterations,
                     products: estimate.products, converged: estimate.converged, scale: estimate.scale)
    }
}
