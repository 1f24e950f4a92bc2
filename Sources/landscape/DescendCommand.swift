import Landscape

struct DescendCommand: Command {
    static let name = "descend"
    static let summary = "run optimizers down a 2-D surface: paths as CSV, and a summary table"
    static let discussion = """
    Runs each optimizer of --optimizer from the same start on a surface f(x, y), with exact
    gradients (and, for newton, the exact Hessian) from the autodiff, and reports where each
    ended: final point, loss, gradient norm, the step from which it stayed within --tolerance
    of a known minimum (or, when none is known, with gradient norm below it), and whether it
    diverged.
    --lr and --noise take one value for all optimizers or one per optimizer; --noise adds
    seeded Gaussian noise to every gradient component, like the mini-batch noise of SGD.
    \(SurfaceOptions.formulaHelp)
    """
    static let examples = [
        "landscape descend --surface rosenbrock --optimizer sgd,momentum,adam,newton --lr 0.001,0.001,0.02,1 --steps 5000 --csv paths.csv",
        "landscape descend --surface bowl --condition 100 --optimizer sgd,momentum --lr 0.0198,0.033 --momentum 0.67 --steps 2000",
        "landscape descend --surface himmelblau --start -0.3,-0.9 --optimizer sgd,sgd --lr 0.01 --noise 0,3 --seed 2",
        "landscape descend --surface \"x^2 - y^2\" --start 0.05,0.05 --optimizer sgd --lr 0.1 --steps 30 --json",
    ]
    static let options: [Option] = [
        SurfaceOptions.surface, SurfaceOptions.condition,
        Option("--start", "X,Y", "starting point (default: the surface's own; required for a formula)"),
    ] + OptimizerOptions.options(list: true) + [
        Option("--lr", "LIST", "learning rate, one for all or one per optimizer (default 0.01; 1 for newton)"),
        Option("--steps", "N", "updates per optimizer, at most 100000 (default 500)"),
        Option("--noise", "LIST", "standard deviation of Gaussian gradient noise, one for all or one per optimizer (default 0)"),
        .seed,
        Option("--tolerance", "T", "distance to a known minimum (or gradient norm) that counts as arrived (default 1e-8; 1e-4 in float32)"),
        Option("--csv", "FILE", "write every iterate: optimizer, step, x, y, loss, grad_norm"),
        .precision, .json,
    ]

    static let maximumSteps = 100_000

    static func run(_ arguments: Arguments) throws {
        let surface = try SurfaceOptions.surface(arguments)
        guard let start = try SurfaceOptions.point(arguments, "--start") ?? surface.start else {
            throw LandscapeError.invalidInput("--start x,y is required for a typed surface")
        }
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
            tolerance: try arguments.double("--tolerance", where: { $0 > 0 }, expected: "positive") ?? (precision == .float32 ? 1e-4 : 1e-8),
            seed: try arguments.seed())
        let labels = runLabels(settings, rates, noises)
        let runs = try settings.indices.map { i in
            switch precision {
            case .float32: try descent.run(settings[i].makeOptimizer(Float.self), label: labels[i], learningRate: rates[i], noise: noises[i])
            case .float64: try descent.run(settings[i].makeOptimizer(Double.self), label: labels[i], learningRate: rates[i], noise: noises[i])
            }
        }
        if let path = arguments.string("--csv") { try Files.writeAtomically(csv(runs), to: path) }
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

    /// The optimizer's name, with its learning rate and noise when another run of the same
    /// optimizer differs in them.
    static func runLabels(_ settings: [OptimizerSettings], _ rates: [Double], _ noises: [Double]) -> [String] {
        var labels: [String] = []
        for i in settings.indices {
            let same = settings.indices.filter { settings[$0].kind == settings[i].kind }
            var parts = [settings[i].kind.rawValue]
            if Set(same.map { rates[$0] }).count > 1 { parts.append("lr=\(formatted(rates[i]))") }
            if Set(same.map { noises[$0] }).count > 1 { parts.append("noise=\(formatted(noises[i]))") }
            var label = parts.joined(separator: " ")
            if labels.contains(label) { label += " #\(labels.filter { $0.hasPrefix(label) }.count + 1)" }
            labels.append(label)
        }
        return labels
    }

    static func csv(_ runs: [DescentRun]) -> String {
        var text = "optimizer,step,x,y,loss,grad_norm\n"
        func cell(_ v: Double) -> String { v.isFinite ? "\(v)" : "" }
        for run in runs {
            for s in run.path {
                text += "\(run.label),\(s.step),\(cell(s.point.x)),\(cell(s.point.y)),\(cell(s.loss)),\(cell(s.gradientNorm))\n"
            }
        }
        return text
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

    static func summary(_ descent: SurfaceDescent, _ runs: [DescentRun]) -> String {
        let surface = descent.surface
        let title = surface.name == surface.formula ? surface.formula : "\(surface.name): \(surface.formula)"
        var text = "\(title), from \(descent.start), \(descent.steps) steps\n\n"
        let noisy = runs.contains { $0.noise > 0 }
        let known = !surface.minima.isEmpty
        var header = ["optimizer", "lr"] + (noisy ? ["noise"] : []) + ["final x", "final y", "loss", "|grad|", "reached", "ended"]
        if known { header.append("nearest minimum") }
        var rows = [header]
        for run in runs {
            let last = run.last
            var row = [run.label, formatted(run.learningRate)] + (noisy ? [formatted(run.noise)] : [])
            row += [formatted(last.point.x, digits: 8), formatted(last.point.y, digits: 8), formatted(last.loss, digits: 6),
                    formatted(last.gradientNorm, digits: 3), run.reachedAt.map(String.init) ?? "-",
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
