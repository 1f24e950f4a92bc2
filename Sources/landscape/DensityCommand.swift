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
        "landscape density --model iris.json --data datasets/iris.csv --rows train --csv density.csv --svg density.svg",
        "landscape density --model iris.json --data datasets/iris.csv --rows train --probes 4 --steps 60 --json",
    ]
    static let probes = Option.integer("--probes", "random start vectors", in: 1...10_000, default: 1)
    static let steps = Option.integer("--steps", "Lanczos steps per probe", placeholder: "M", in: 1...100_000, default: 90)
    static let points = Option.integer("--points", "points of the density curve", placeholder: "P", in: 2...1_000_000, default: 1000)
    static let width = Option.number("--width", "Gaussian smoothing, standard deviation", .within(1e-100...1e100),
                                     defaultText: "√(1e-5·max(1, λmax − λmin)), PyHessian's")
    static let options: [any OptionDeclaration] = [
        Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, probes, steps, points, width, Options.seed, Options.csv, Options.svg, Options.precision, Options.threads,
        Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let n = session.parameterCount
        let (probes, steps) = (arguments[probes], arguments[steps])
        if !Lanczos.basisFits(vectors: min(steps, n), dimension: n) {
            throw LandscapeError.invalidInput("--steps \(steps): a Lanczos basis of that many vectors of \(n) parameters would not fit in memory")
        }
        let density = try session.density(probes: probes, steps: steps, seed: arguments[Options.seed])
        let width = arguments.value(width) ?? density.defaultWidth
        let curve = density.curve(points: arguments[points], width: width)
        if let csv = arguments.value(Options.csv) {
            try Files.writeAtomically("lambda,density\n" + curve.map { "\(csvCell($0.lambda)),\(csvCell($0.density))\n" }.joined(), to: csv)
        }
        if let svg = arguments.value(Options.svg) {
            let title = "Hessian eigenvalue density (\(probes) × \(min(steps, n)) Lanczos steps, σ = \(formatted(width, digits: 2)))"
            try Files.writeAtomically(Figures.density(curve, title: title), to: svg)
        }
        if arguments.has(Options.json) {
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
        for file in [arguments.value(Options.csv), arguments.value(Options.svg)].compactMap({ $0 }) { print("written to \(file)") }
    }
}
