import Landscape

struct CriticalCommand: Command {
    static let name = "critical"
    static let summary = "find and classify the critical points of a 2-D surface, or of a small network's loss"
    static let discussion = """
    On a surface (--surface): runs Newton's method on the gradient (solving grad f = 0, which
    finds minima, maxima and saddles alike) from the centres of a --grid × --grid array of cells
    over the box, keeps the points inside the box where the gradient norm is at most
    --tolerance, merges those that coincide, and classifies each by the eigenvalues of its exact
    Hessian. The starts column counts the starts that converged to each point: Newton's basins
    of attraction.
    \(SurfaceOptions.formulaHelp)

    On a network (--model, --data): from the model, or from each parameter vector of --iterates
    (a file of train --save-iterates: points along the training run, as Dauphin et al. start),
    and --starts − 1 points around each (every weight moved by --radius times a standard normal
    draw), Levenberg–Marquardt on grad L = 0
    with the exact dense Hessian (steps −(H² + μI)⁻¹ H g), which converges to critical points of
    any index. Each point's loss, gradient norm and index (the fraction of the Hessian's
    eigenvalues that are negative; Dauphin et al. 2014) is reported, with its kind: minimum,
    saddle, maximum, or not critical when the gradient norm did not fall to --tolerance times
    the loss (on classes the network separates, the loss and its gradient fall together towards
    0 as the weights grow, and there is no critical point).
    --svg plots index against loss, Dauphin et al.'s Fig. 1. Float64 only; networks of at most
    \(HessianOperator<Double>.denseLimit) parameters.
    """
    static let examples = [
        "landscape critical --surface himmelblau --svg himmelblau.svg",
        "landscape critical --surface \"sin(x)*cos(y)\" --box -3:3,-3:3 --grid 30 --json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 3 --epochs 30 --out tiny.json",
        "landscape critical --model tiny.json --data datasets/iris.csv --rows train --starts 12 --radius 1 --svg index.svg",
        "landscape train --data datasets/wine.csv --split 0.7 --hidden 3 --epochs 40 --save-iterates path.json --iterates-every 20 --out wine3.json",
        "landscape critical --model wine3.json --data datasets/wine.csv --rows train --iterates path.json --starts 2 --radius 0.2 --json",
    ]
    static let grid = Option.integer("--grid", "starts per side of the box", in: 1...100, default: 20)
    static let tolerance = Option.number("--tolerance", "gradient norm that counts as zero", placeholder: "T", .positive,
                                         defaultText: "1e-8; 1e-3 in float32; for a network 1e-8 times the loss")
    static let svg = Option.output("--svg", "mark the points on a contour plot of the box; for a network, plot index against loss")
    static let iterates = Option.input("--iterates", "network: start from each of these parameter vectors (train --save-iterates) instead of the model")
    static let starts = Option.integer("--starts", "network: searches per starting point, it and points around it", in: 1...10_000, default: 8)
    static let radius = Option.number("--radius", "network: standard deviation of the starts' moves from the model", placeholder: "R",
                                      .nonNegative, default: 0.5)
    static let iterations = Option.integer("--iterations", "network: most Levenberg–Marquardt steps per start", in: 1...100_000, default: 100)
    static let surfaceOptions: [any OptionDeclaration] = [SurfaceOptions.surface, SurfaceOptions.condition, SurfaceOptions.box, grid]
    static let networkOptions: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, iterates, starts, radius,
                                                          Options.seed, iterations]
    static let options: [any OptionDeclaration] = surfaceOptions + networkOptions + [tolerance, svg, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        if arguments.has(Options.model) {
            if let option = arguments.first(of: surfaceOptions) { throw LandscapeError.invalidInput("\(option.name) is for a surface, not with --model") }
            return try runNetwork(arguments)
        }
        if let option = arguments.first(of: networkOptions) { throw LandscapeError.invalidInput("\(option.name) is for a network: give --model and --data") }
        let surface = try SurfaceOptions.surface(arguments)
        let region = SurfaceOptions.region(arguments, surface: surface)
        let precision = arguments[Options.precision]
        let search = CriticalPointSearch(
            xRange: region.x, yRange: region.y, grid: arguments[grid],
            tolerance: arguments.value(tolerance) ?? (precision == .float32 ? 1e-3 : 1e-8))
        let points = search.run(on: surface, precision: precision)
        if let path = arguments.value(svg) {
            let markers = points.map { p in
                PointMarker(p.kind.marker.label, at: PlotPoint(p.point.x, p.point.y), shape: p.kind.marker.shape, color: p.kind.marker.color)
            }
            try surface.contourPlot(x: region.x, y: region.y, title: surface.title + ", critical points", markers: markers)
                .write(to: path)
        }
        if arguments.has(Options.json) {
            Output.json(.object([
                "surface": .string(surface.name), "formula": .string(surface.formula),
                "box": .array([.numbers([region.x.lowerBound, region.x.upperBound]), .numbers([region.y.lowerBound, region.y.upperBound])]),
                "starts": .number(search.grid * search.grid),
                "points": .array(points.map { p in
                    .object([
                        "x": .number(p.point.x), "y": .number(p.point.y), "value": .number(p.analysis.value),
                        "kind": .string(p.kind.rawValue), "eigenvalues": .numbers(p.analysis.eigenvalues),
                        "grad_norm": .number(p.analysis.gradientNorm), "starts": .number(p.starts),
                    ])
                }),
            ]))
            return
        }
        let box = "[\(formatted(region.x.lowerBound)), \(formatted(region.x.upperBound))] × [\(formatted(region.y.lowerBound)), \(formatted(region.y.upperBound))]"
        var rows = [["kind", "x", "y", "f", "eigenvalues", "|grad|", "starts"]]
        for p in points {
            rows.append([p.kind.rawValue, formatted(p.point.x, digits: 8), formatted(p.point.y, digits: 8), formatted(p.analysis.value, digits: 8),
                         p.analysis.eigenvalues.map { formatted($0, digits: 5) }.joined(separator: ", "),
                         formatted(p.analysis.gradientNorm, digits: 2), String(p.starts)])
        }
        let counts = [CurvatureKind.minimum, .saddle, .maximum, .degenerate].compactMap { kind -> String? in
            let n = points.filter { $0.kind == kind }.count
            guard n > 0 else { return nil }
            let plural = switch kind {
            case .minimum: n == 1 ? "minimum" : "minima"
            case .maximum: n == 1 ? "maximum" : "maxima"
            case .saddle: n == 1 ? "saddle" : "saddles"
            case .degenerate: n == 1 ? "degenerate point" : "degenerate points"
            }
            return "\(n) \(plural)"
        }
        print("\(surface.title) in \(box), \(search.grid * search.grid) Newton starts: \(counts.isEmpty ? "no critical points" : counts.joined(separator: ", "))\n")
        if !points.isEmpty { print(textTable(rows), terminator: "") }
    }
}
