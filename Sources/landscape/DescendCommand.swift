import Landscape

struct DescendCommand: Command {
    static let name = "descend"
    static let summary = "run optimizers down a 2-D surface: paths as CSV and SVG, and a summary table"
    static let discussion = """
    Runs each optimizer of --optimizer from the same start on a surface f(x, y), with exact
    gradients (and, for newton, the exact Hessian) from the autodiff, and reports where each
    ended: final point, loss, gradient norm, the step from which it stayed within --tolerance
    of a known minimum (or, when none is known, with gradient norm below it), and whether it
    diverged.
    --lr, --noise and --seed take one value for all optimizers or one per optimizer; --noise
    adds seeded Gaussian noise to every gradient component, like the mini-batch noise of SGD.
    --svg draws the paths over a contour plot of f with the known minima marked (for a typed
    formula, the minima that critical finds in the plotted box).
    \(SurfaceOptions.formulaHelp)
    """
    static let examples = [
        "landscape descend --surface rosenbrock --optimizer sgd,momentum,adam,newton --lr 0.001,0.001,0.02,1 --steps 5000 --csv paths.csv --svg paths.svg",
        "landscape descend --surface bowl --condition 100 --optimizer sgd,momentum --lr 0.0198,0.033 --momentum 0.67 --steps 2000",
        "landscape descend --surface himmelblau --optimizer sgd,sgd,sgd --lr 0.01 --noise 0,3,3 --seed 0,0,1 --schedule cosine --steps 1000 --svg basins.svg",
        "landscape descend --surface \"x^2 - y^2\" --start 0.05,0.05 --optimizer sgd --lr 0.1 --steps 30 --json",
    ]
    static let options: [Option] = [
        SurfaceOptions.surface, SurfaceOptions.condition,
        Option("--start", "X,Y", "starting point (default: the surface's own; required for a formula)"),
    ] + OptimizerOptions.options(list: true) + [
        Option("--lr", "LIST", "learning rate, one for all or one per optimizer (default 0.01; 1 for newton)"),
        Option("--steps", "N", "updates per optimizer, at most 100000 (default 500)"),
        Option("--noise", "LIST", "standard deviation of Gaussian gradient noise, one for all or one per optimizer (default 0)"),
        Option("--seed", "LIST", "seed of the noise, one for all or one per optimizer (default 0)"),
        Option("--tolerance", "T", "distance to a known minimum (or gradient norm) that counts as arrived (default 1e-8; 1e-4 in float32)"),
        Option.output("--csv", "write every iterate: optimizer, step, x, y, loss, grad_norm"),
        Option.output("--svg", "draw the paths over a contour plot of the surface"),
        Option("--box", "X0:X1,Y0:Y1", "the plotted region, e.g. -2:2,-1:3 (default: the surface's own, widened to the start)"),
        .precision, .threads, .json,
    ]

    static let maximumSteps = 100_000

    static func run(_ arguments: Arguments) throws {
        let surface = try SurfaceOptions.surface(arguments)
        guard let start = try SurfaceOptions.point(arguments, "--start") ?? surface.start else {
            throw LandscapeError.invalidInput("--start x,y is required for a typed surface")
        }
        if arguments.has("--box"), !arguments.has("--svg") {
            throw LandscapeError.invalidInput("--box sets the plotted region, so it needs --svg")
        }
        let plotRegion = arguments.has("--svg")
            ? try SurfaceOptions.region(arguments, surface: surface, including: arguments.has("--box") ? [] : [start])
            : nil
        let settings = try OptimizerOptions.settings(arguments, list: true)
        let rates = try perOptimizer(arguments, "--lr", count: settings.count, expected: "positive", valid: { $0 > 0 }) ?? settings.map {
            $0.kind == .newton ? 1 : 0.01
        }
        let noises = try perOptimizer(arguments, "--noise", count: settings.count, expected: "0 or more", valid: { $0 >= 0 })
            ?? Array(repeating: 0, count: settings.count)
        let precision = try arguments.precision
        let descent = SurfaceDescent(
            surface: surface, start: start,
            steps: try arguments.int("--steps", range: 0...maximumSteps) ?? 500,
            schedule: try OptimizerOptions.schedule(arguments, learningRates: rates),
            clipping: try OptimizerOptions.clipping(arguments),
            tolerance: try arguments.double("--tolerance", where: { $0 > 0 }, expected: "positive") ?? (precision == .float32 ? 1e-4 : 1e-8))
        let seeds = try perOptimizerSeeds(arguments, count: settings.count)
        let labels = runLabels(settings, rates, noises, seeds)
        let runs = try settings.indices.map { i in
            switch precision {
            case .float32: try descent.run(settings[i].makeOptimizer(Float.self), label: labels[i], learningRate: rates[i],
                                           noise: noises[i], seed: seeds[i])
            case .float64: try descent.run(settings[i].makeOptimizer(Double.self), label: labels[i], learningRate: rates[i],
                                           noise: noises[i], seed: seeds[i])
            }
        }
        if let path = arguments.string("--csv") { try Files.writeAtomically(csv(runs), to: path) }
        if let path = arguments.string("--svg"), let region = plotRegion { try plot(descent, runs, region: region).write(to: path) }
        if arguments.wantsJSON {
            Output.json(json(descent, runs))
        } else {
            print(summary(descent, runs), terminator: "")
        }
    }

    /// A comma list with one value for all optimizers or one per optimizer.
    static func perOptimizer(
        _ arguments: Arguments, _ name: String, count: Int, expected: String, valid: (Double) -> Bool
    ) throws -> [Double]? {
        guard let values = try arguments.doubles(name) else { return nil }
        guard values.count == 1 || values.count == count else {
            throw LandscapeError.invalidInput("\(name) has \(values.count) values for \(count) optimizers: give one, or one per optimizer")
        }
        if let bad = values.first(where: { !valid($0) }) { throw LandscapeError.invalidInput("\(name) \(bad): must be \(expected)") }
        return values.count == count ? values : Array(repeating: values[0], count: count)
    }

    /// `--seed` as one seed for all optimizers or one per optimizer.
    static func perOptimizerSeeds(_ arguments: Arguments, count: Int) throws -> [UInt64] {
        guard let text = arguments.string("--seed") else { return Array(repeating: 0, count: count) }
        let seeds = try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let seed = UInt64(part.trimmingCharacters(in: .whitespaces)) else {
                throw LandscapeError.invalidInput("--seed '\(text)': expected non-negative integers separated by commas")
            }
            return seed
        }
        guard seeds.count == 1 || seeds.count == count else {
            throw LandscapeError.invalidInput("--seed has \(seeds.count) values for \(count) optimizers: give one, or one per optimizer")
        }
        return seeds.count == count ? seeds : Array(repeating: seeds[0], count: count)
    }

    /// The optimizer's name, with its learning rate, noise and seed when another run of the same
    /// optimizer differs in them.
    static func runLabels(_ settings: [OptimizerSettings], _ rates: [Double], _ noises: [Double], _ seeds: [UInt64]) -> [String] {
        var labels: [String] = []
        for i in settings.indices {
            let same = settings.indices.filter { settings[$0].kind == settings[i].kind }
            var parts = [settings[i].kind.rawValue]
            if Set(same.map { rates[$0] }).count > 1 { parts.append("lr=\(formatted(rates[i]))") }
            if Set(same.map { noises[$0] }).count > 1 { parts.append("noise=\(formatted(noises[i]))") }
            if noises[i] > 0, Set(same.filter { noises[$0] > 0 }.map { seeds[$0] }).count > 1 { parts.append("seed=\(seeds[i])") }
            var label = parts.joined(separator: " ")
            if labels.contains(label) { label += " #\(labels.filter { $0.hasPrefix(label) }.count + 1)" }
            labels.append(label)
        }
        return labels
    }

    static func csv(_ runs: [DescentRun]) -> String {
        var text = "optimizer,step,x,y,loss,grad_norm\n"
        for run in runs {
            for s in run.path {
                text += "\(run.label),\(s.step),\(csvCell(s.point.x)),\(csvCell(s.point.y)),\(csvCell(s.loss)),\(csvCell(s.gradientNorm))\n"
            }
        }
        return text
    }

    /// The paths over a contour plot of the region, with the known minima (or, for a typed formula,
    /// the minima found in the region) marked.
    static func plot(_ descent: SurfaceDescent, _ runs: [DescentRun], region: (x: ClosedRange<Double>, y: ClosedRange<Double>)) -> ContourPlot {
        let surface = descent.surface
        let markers = surface.minimumMarkers(x: region.x, y: region.y)
        let spacing = max(region.x.upperBound - region.x.lowerBound, region.y.upperBound - region.y.lowerBound) / 1500
        return surface.contourPlot(x: region.x, y: region.y, title: "\(surface.title), from \(descent.start)",
                                   trajectories: runs.map { $0.trajectory(spacing: spacing) }, markers: markers)
    }

    static func json(_ descent: SurfaceDescent, _ runs: [DescentRun]) -> JSON {
        let surface = descent.surface
        return .object([
            "surface": .string(surface.name), "formula": .string(surface.formula),
            "start": .numbers([descent.start.x, descent.start.y]), "steps": .number(descent.steps),
            "tolerance": .number(descent.tolerance),
            "minima": .array(surface.minima.map { .numbers([$0.x, $0.y]) }),
            "runs": .array(runs.map { run in
                let last = run.last
                let nearest = run.divergedAt == nil ? surface.nearestMinimum(to: last.point) : nil
                return .object([
                    "optimizer": .string(run.label), "lr": .number(run.learningRate), "noise": .number(run.noise),
                    "seed": .number(String(run.seed)),
                    "steps_run": .number(last.step), "x": .number(last.point.x), "y": .number(last.point.y),
                    "loss": .number(last.loss), "grad_norm": .number(last.gradientNorm),
                    "reached_at": run.reachedAt.map { .number($0) } ?? .null,
                    "diverged_at": run.divergedAt.map { .number($0) } ?? .null,
                    "nearest_minimum": nearest.map { .numbers([$0.x, $0.y]) } ?? .null,
                    "report": run.optimizerReport.map { .string($0) } ?? .null,
                ])
            }),
        ])
    }

    /// `formatted`, with non-finite values as nan, inf or -inf.
    static func number(_ v: Double, digits: Int) -> String {
        v.isNaN ? "nan" : (v.isInfinite ? (v > 0 ? "inf" : "-inf") : formatted(v, digits: digits))
    }

    static func summary(_ descent: SurfaceDescent, _ runs: [DescentRun]) -> String {
        let surface = descent.surface
        var text = "\(surface.title), from \(descent.start), \(descent.steps) steps\n\n"
        let noisy = runs.contains { $0.noise > 0 }
        let known = !surface.minima.isEmpty
        var header = ["optimizer", "lr"] + (noisy ? ["noise"] : []) + ["final x", "final y", "loss", "|grad|", "reached", "ended"]
        if known { header.append("nearest minimum") }
        var rows = [header]
        for run in runs {
            let last = run.last
            var row = [run.label, formatted(run.learningRate)] + (noisy ? [formatted(run.noise)] : [])
            row += [number(last.point.x, digits: 8), number(last.point.y, digits: 8), number(last.loss, digits: 6),
                    number(last.gradientNorm, digits: 3), run.reachedAt.map(String.init) ?? "-",
                    run.divergedAt.map { "diverged at \($0)" } ?? "ran \(last.step)"]
            if known {
                row.append(run.divergedAt == nil ? surface.nearestMinimum(to: last.point)?.description ?? "-" : "-")
            }
            rows.append(row)
        }
        text += textTable(rows)
        text += known
            ? "\nreached: the step from which the run stayed within \(formatted(descent.tolerance)) of a known minimum\n"
            : "\nreached: the step from which the gradient norm stayed at most \(formatted(descent.tolerance)) (no minimum is known)\n"
        for run in runs { if let report = run.optimizerReport { text += "\(run.label): \(report)\n" } }
        return text
    }
}
