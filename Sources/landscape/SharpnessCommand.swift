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
    --vectors PREFIX writes the unit eigenvectors as vector files PREFIX-1.txt … PREFIX-k.txt, in
    the order of the eigenvalues, for plane --d1/--d2 (a slice along the directions of highest
    curvature, where the loss bends like ½λa²) or hvp --vector.
    See also epsilon-sharpness (Keskar et al.'s measure), trace and density.
    """
    static let examples = [
        "landscape sharpness --model iris.json --data datasets/iris.csv --rows train --k 3",
        "landscape sharpness --model iris.json --data datasets/iris.csv --rows train --k 2 --vectors top",
        "landscape sharpness --model iris.json --data datasets/iris.csv --rows train --which smallest --json",
        "landscape sharpness --model iris.json --data datasets/iris.csv --rows train --method power --max-iters 20 --tol 0 --start grad.txt",
    ]

    enum Method: String, CaseIterable, Sendable {
        case lanczos, power
    }

    static let method = Option<Method>.choice("--method", "the eigensolver", default: .lanczos)
    static let vectors = Option<String>("--vectors", "PREFIX", "write eigenvector i as the vector file PREFIX-i.txt, i = 1 … k") { text in
        guard !text.isEmpty else { throw LandscapeError.invalidInput("expected a path prefix") }
        return text
    }
    static let options: [any OptionDeclaration] = [
        Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, ProbeOptions.k, method, ProbeOptions.which, ProbeOptions.tolerance, ProbeOptions.maxIterations,
        ProbeOptions.start, vectors, Options.seed, Options.precision, Options.threads, Options.json,
    ]

    /// The vector files of `--vectors PREFIX`: PREFIX-1.txt … PREFIX-k.txt.
    static func derivedOutputs(_ arguments: Arguments) -> [(option: String, path: String)] {
        guard let prefix = arguments.value(vectors) else { return [] }
        return (1...arguments[ProbeOptions.k]).map { (vectors.name, "\(prefix)-\($0).txt") }
    }

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let n = session.parameterCount
        let (method, end, k) = (arguments[method], arguments[ProbeOptions.which], arguments[ProbeOptions.k])
        guard k <= n else { throw LandscapeError.invalidInput("--k \(k): the model has only \(n) parameters") }
        let tolerance = arguments.value(ProbeOptions.tolerance) ?? ProbeOptions.defaultTolerance(session.precision)
        let maxIterations = arguments.value(ProbeOptions.maxIterations) ?? (method == .lanczos ? 300 : 1000)
        if method == .lanczos, !Lanczos.basisFits(vectors: maxIterations, dimension: n) {
            throw LandscapeError.invalidInput("--max-iters \(maxIterations): a Lanczos basis of that many vectors of \(n) parameters would not fit in memory")
        }
        let start = try arguments.value(ProbeOptions.start).map { try VectorFile.read($0, count: n) }
        if let start, start.allSatisfy({ $0 == 0 }) { throw LandscapeError.invalidInput("--start: the starting vector is zero") }
        let seed = arguments[Options.seed]
        let result = switch method {
        case .lanczos: try session.eigenvalues(Lanczos(count: k, end: end, tolerance: tolerance, maxIterations: maxIterations, seed: seed), start: start)
        case .power: try session.eigenvalues(PowerIteration(count: k, end: end, tolerance: tolerance, maxIterations: maxIterations, seed: seed), start: start)
        }
        let files = derivedOutputs(arguments).map(\.path)
        for (vector, file) in zip(result.eigenvectors, files) { try VectorFile.write(vector, to: file) }
        if arguments.has(Options.json) {
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
            if !files.isEmpty { members.append(JSON.Member("vectors", .array(files.map(JSON.string)))) }
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
        if let firstFile = files.first, let lastFile = files.last {
            print("eigenvectors written to \(files.count == 1 ? firstFile : "\(firstFile) … \(lastFile)")")
        }
        // Eigenvalues within the residual tolerance of 0 are zero as far as they were resolved.
        if end == .smallest, let least = result.eigenvalues.last {
            let resolution = tolerance * result.scale
            if least < -resolution {
                print("negative curvature: the model is not at a minimum (a saddle, or on a slope)")
            } else if least <= resolution {
                print("smallest eigenvalue 0 to within \(formatted(resolution, digits: 2)) (--tol × ‖H‖): flat directions, no negative curvature")
            }
        }
    }
}
