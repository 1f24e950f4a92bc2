import Foundation
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
    adds seeded Gaussian noise to every gradient component, like the mini-batch noise of SGD;
    sam and asam add the same draw to the gradient at their ascent point, as one mini-batch would.
    --svg draws the paths over a contour plot of f with the known minima marked (for a typed
    formula, the minima that critical finds in the plotted box). --path adds each run's
    iterates to --json, as lists under the CSV's column names.
    \(SurfaceOptions.formulaHelp)
    """
    static let examples = [
        "landscape descend --surface rosenbrock --optimizer sgd,momentum,adam,newton --lr 0.001,0.001,0.02,1 --steps 5000 --csv paths.csv --svg paths.svg",
        "landscape descend --surface bowl --condition 100 --optimizer sgd,momentum --lr 0.0198,0.033 --momentum 0.67 --steps 2000",
        "landscape descend --surface himmelblau --optimizer sgd,sgd,sgd --lr 0.01 --noise 0,3,3 --seed 0,0,1 --schedule cosine --steps 1000 --svg basins.svg",
        "landscape descend --surface \"x^2 - y^2\" --start 0.05,0.05 --optimizer sgd --lr 0.1 --steps 30 --json",
        "landscape descend --surface saddle --start 1,0.01 --optimizer sgd,newton --lr 0.1,1 --steps 20 --json --path",
    ]
    static let start = SurfaceOptions.point("--start", "starting point", defaultText: "the surface's own; required for a formula")
    static let optimizers = Option<[OptimizerKind]>("--optimizer", "LIST", "comma list of \(RunConfiguration.choices(OptimizerKind.self))",
                                                    defaultText: "sgd") { text in
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count <= 16 else { throw LandscapeError.invalidInput("at most 16 optimizers") }
        return try names.map { name in
            guard let kind = OptimizerKind(rawValue: name) else {
                let which = names.count > 1 ? "'\(name)' is not an optimizer; " : ""
                throw LandscapeError.invalidInput("\(which)expected one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return kind
        }
    }
    static let lr = Option.numbers("--lr", "learning rate, one for all or one per optimizer", .positive, defaultText: "0.01; 1 for newton")
    static let steps = Option.integer("--steps", "updates per optimizer", in: 0...maximumSteps, default: 500)
    static let noise = Option.numbers("--noise", "standard deviation of Gaussian gradient noise, one for all or one per optimizer", .nonNegative,
                                      defaultText: "0")
    static let seeds = Option<[UInt64]>("--seed", "LIST", "seed of the noise, one for all or one per optimizer", defaultText: "0") { text in
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let seed = UInt64(part.trimmingCharacters(in: .whitespaces)) else {
                throw LandscapeError.invalidInput("expected non-negative integers separated by commas")
            }
            return seed
        }
    }
    static let tolerance = Option.number("--tolerance", "distance to a known minimum (or gradient norm) that counts as arrived",
                                         placeholder: "T", .positive, defaultText: "1e-8; 1e-4 in float32")
    static let csv = Option.output("--csv", "write every iterate: optimizer, step, x, y, loss, grad_norm")
    static let svg = Option.output("--svg", "draw the paths over a contour plot of the surface")
    static let box = SurfaceOptions.region("--box", "the plotted region, e.g. -2:2,-1:3", defaultText: "the surface's own, widened to the start")
    static let path = Option.flag("--path", "with --json, each run's iterates as path: lists step, x, y, loss, grad_norm")
    static let options: [any OptionDeclaration] = [SurfaceOptions.surface, SurfaceOptions.condition, start, optimizers]
        + TrainingOptions.hyperparameters + [TrainingOptions.schedule, TrainingOptions.clipNorm]
        + [lr, steps, noise, seeds, tolerance, csv, svg, box, path, Options.precision, Options.threads, Options.json]

    static let maximumSteps = 100_000

    static func run(_ arguments: Arguments) throws {
        let surface = try SurfaceOptions.surface(arguments)
        guard let start = arguments.value(start) ?? surface.start else {
            throw LandscapeError.invalidInput("--start x,y is required for a typed surface")
        }
        try arguments.require(svg, for: box, "(it sets the plotted region)")
        try arguments.require(Options.json, for: path, "(it adds the iterates to the JSON; --csv writes them as a table)")
        let plotRegion = arguments.has(svg)
            ? SurfaceOptions.region(arguments, box, surface: surface, including: arguments.has(box) ? [] : [start])
            : nil
        let kinds = arguments.value(optimizers) ?? [.sgd]
        var configuration = RunConfiguration(data: "")
        try TrainingOptions.apply(arguments, TrainingOptions.hyperparameters + [TrainingOptions.schedule, TrainingOptions.clipNorm], to: &configuration)
        try OptimizerSettings.requireReaders(of: configuration.optimizer.given.keys, among: kinds)
        let settings = kinds.map { kind in
            var settings = configuration.optimizer
            settings.kind = kind
            return settings
        }
        let rates = try perOptimizer(arguments, lr, count: settings.count) ?? settings.map { $0.kind == .newton ? 1 : 0.01 }
        let noises = try perOptimizer(arguments, noise, count: settings.count) ?? Array(repeating: 0, count: settings.count)
        let precision = arguments[Options.precision]
        do {
            for rate in rates { try configuration.schedule.validate(base: rate) }
        } catch LandscapeError.invalidInput(let message) {
            throw LandscapeError.invalidInput("--schedule '\(arguments.text(TrainingOptions.schedule) ?? "")': \(message)")
        }
        let descent = SurfaceDescent(
            surface: surface, start: start, steps: arguments[steps], schedule: configuration.schedule, clipping: configuration.clipping,
            tolerance: arguments.value(tolerance) ?? (precision == .float32 ? 1e-4 : 1e-8))
        let seeds = try perOptimizer(arguments, seeds, count: settings.count) ?? Array(repeating: 0, count: settings.count)
        let labels = runLabels(settings, rates, noises, seeds)
        let runs = try settings.indices.map { i in
            try descent.run(settings[i], precision: precision, label: labels[i], learningRate: rates[i], noise: noises[i], seed: seeds[i])
        }
        if let path = arguments.value(csv) { try Files.writeAtomically(csv(runs), to: path) }
        if let path = arguments.value(svg), let region = plotRegion { try plot(descent, runs, region: region).write(to: path) }
        if arguments.has(Options.json) {
            Output.json(json(descent, runs, paths: arguments.has(path)))
        } else {
            print(summary(descent, runs), terminator: "")
        }
    }

    /// The values of a list option, one for all optimizers or one per optimizer, as one per optimizer.
    static func perOptimizer<V>(_ arguments: Arguments, _ option: Option<[V]>, count: Int) throws -> [V]? {
        guard let values = arguments.value(option) else { return nil }
        guard values.count == 1 || values.count == count else {
            throw LandscapeError.invalidInput("\(option.name) has \(values.count) values for \(count) optimizers: give one, or one per optimizer")
        }
        return values.count == count ? values : Array(repeating: values[0], count: count)
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
    static func plot(_ descent: SurfaceDescent, _ runs: [DescentRun], region: SurfaceOptions.Region) -> ContourPlot {
        let surface = descent.surface
        let markers = Surface.minimumMarkers(surface.minima(x: region.x, y: region.y))
        let spacing = max(region.x.upperBound - region.x.lowerBound, region.y.upperBound - region.y.lowerBound) / 1500
        return surface.contourPlot(x: region.x, y: region.y, title: "\(surface.title), from \(descent.start)",
                                   trajectories: runs.map { $0.trajectory(spacing: spacing) }, markers: markers)
    }

    /// The summary as JSON; with `paths`, each run's iterates as column lists, as `csv` writes them.
    static func json(_ descent: SurfaceDescent, _ runs: [DescentRun], paths: Bool = false) -> JSON {
        let surface = descent.surface
        return .object([
            "surface": .string(surface.name), "formula": .string(surface.formula),
            "start": .numbers([descent.start.x, descent.start.y]), "steps": .number(descent.steps),
            "tolerance": .number(descent.tolerance),
            "minima": .array(surface.minima.map { .numbers([$0.x, $0.y]) }),
            "runs": .array(runs.map { run in
                let last = run.last
                let nearest = run.divergedAt == nil ? surface.nearestMinimum(to: last.point) : nil
                let summary = JSON.object([
                    "optimizer": .string(run.label), "lr": .number(run.learningRate), "noise": .number(run.noise),
                    "seed": .number(String(run.seed)),
                    "steps_run": .number(last.step), "x": .number(last.point.x), "y": .number(last.point.y),
                    "loss": .number(last.loss), "grad_norm": .number(last.gradientNorm),
                    "reached_at": run.reachedAt.map { .number($0) } ?? .null,
                    "diverged_at": run.divergedAt.map { .number($0) } ?? .null,
                    "nearest_minimum": nearest.map { .numbers([$0.x, $0.y]) } ?? .null,
                    "report": run.optimizerReport.map { .string($0) } ?? .null,
                ])
                guard paths, case .object(let members) = summary else { return summary }
                return .object(members + [JSON.Member("path", .object([
                    "step": .array(run.path.map { .number($0.step) }), "x": .numbers(run.path.map(\.point.x)),
                    "y": .numbers(run.path.map(\.point.y)), "loss": .numbers(run.path.map(\.loss)),
                    "grad_norm": .numbers(run.path.map(\.gradientNorm)),
                ]))])
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
