import Landscape

struct DensityCommand: Command {
    static let name = "density"
    static let summary = "the Hessian's eigenvalue density by stochastic Lanczos quadrature"
    static let discussion = """
    Estimates the spectral density of the Hessian of the mean loss over the data file, as
    PyHessian's `density` does: Lanczos (--steps steps, full reorthogonalization) from each of
    --probes random Rademacher vectors gives quadrature nodes (Ritz values) and weights; each
    node is smoothed by a Gaussian of standard deviation --width. The curve integrates to 1 and
    is evaluated at --points values spanning the nodes. Needs steps + probes Hessian-vector
    products in all.
    """
    static let examples = [
        "landscape density --model model.json --data train.csv --csv density.csv --svg density.svg",
        "landscape density --model model.json --data train.csv --probes 4 --steps 120 --json",
    ]
    static let options: [Option] = [
        .model, .data, Option("--probes", "N", "random start vectors (default 1)"),
        Option("--steps", "M", "Lanczos steps per probe (default 90)"),
        Option("--points", "P", "points of the density curve (default 1000)"),
        Option("--width", "X", "Gaussian smoothing, standard deviation, 1e-100 to 1e100 (default √(1e-5·max(1, λmax − λmin)), PyHessian's)"),
        .seed, ProbeOptions.csv, ProbeOptions.svg, .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let n = inputs.model.architecture.parameterCount
        let probes = try arguments.int("--probes", range: 1...10_000) ?? 1
        let steps = try arguments.int("--steps", range: 1...100_000) ?? 90
        if !Lanczos.basisFits(vectors: min(steps, n), dimension: n) {
            throw LandscapeError.invalidInput("--steps \(steps): a Lanczos basis of that many vectors of \(n) parameters would not fit in memory")
        }
        let points = try arguments.int("--points", range: 2...1_000_000) ?? 1000
        let seed = try arguments.seed()
        let givenWidth = try arguments.double("--width", where: { $0 >= 1e-100 && $0 <= 1e100 }, expected: "in [1e-100, 1e100]")
        let density = switch try arguments.precision {
        case .float32: try estimate(inputs, Float.self, probes, steps, seed)
        case .float64: try estimate(inputs, Double.self, probes, steps, seed)
        }
        try inputs.requireFinite(density.nodes + density.weights, "the Hessian's spectrum")
        let width = givenWidth ?? density.defaultWidth
        let curve = density.curve(points: points, width: width)
        if let csv = arguments.string("--csv") {
            try Files.writeAtomically("lambda,density\n" + curve.map { "\(csvCell($0.lambda)),\(csvCell($0.density))\n" }.joined(), to: csv)
        }
        if let svg = arguments.string("--svg") {
            let title = "Hessian eigenvalue density (\(probes) × \(min(steps, n)) Lanczos steps, σ = \(formatted(width, digits: 2)))"
            try Files.writeAtomically(Figures.density(curve, title: title), to: svg)
        }
        if arguments.wantsJSON {
            Output.json(.object([
                "trace_estimate": .number(density.traceEstimate), "width": .number(width), "probes": .number(probes),
                "steps": .number(min(steps, n)), "n_params": .number(n),
                "nodes": .array(zip(density.nodes, density.weights).map { .object(["lambda": .number($0.0), "weight": .number($0.1)]) }),
                "density": .array(curve.map { .object(["lambda": .number($0.lambda), "density": .number($0.density)]) }),
            ]))
            return
        }
        print("spectral density of the Hessian (\(n) parameters): \(probes) probe\(probes == 1 ? "" : "s") × \(min(steps, n)) Lanczos steps, smoothing width \(formatted(width, digits: 3))")
        print("nodes from \(formatted(density.nodes.min(), digits: 8)) to \(formatted(density.nodes.max(), digits: 8)); trace estimate \(formatted(density.traceEstimate, digits: 8))")
        for file in [arguments.string("--csv"), arguments.string("--svg")].compactMap({ $0 }) { print("written to \(file)") }
    }

    static func estimate<T: Real>(_ inputs: ModelInputs, _: T.Type, _ probes: Int, _ steps: Int, _ seed: UInt64) throws -> SpectralDensity {
        SpectralDensity(HessianOperator<T>(network: inputs.network(), batch: try inputs.batch()), probes: probes, steps: steps, seed: seed)
    }
}
