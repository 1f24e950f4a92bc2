import Landscape

struct PlaneCommand: Command {
    static let name = "plane"
    static let summary = "a 2-D slice of the loss surface around a model or through three models"
    static let discussion = """
    Evaluates the loss and accuracy on the data file at θ + a·d₁ + b·d₂ over a --grid × --grid
    grid of (a, b) (SPEC §4). The directions are seeded zero-mean Gaussians scaled to the model
    (--directions): `filter` rescales each output row of each weight matrix to the norm of the
    same row of the model (Li et al. 2018's filter normalization, biases fixed by default),
    `layer` each weight matrix, `random` the whole vector; --bias zero|copy|normalize sets the
    biases' part. Or give the directions as vector files (--d1, --d2), or take the plane through
    three models (--through A,B,C): origin A, d₁ = B − A, d₂ the part of C − A orthogonal to d₁
    (Gram–Schmidt) at the same length, so the picture is not skewed; A, B and C sit at (0, 0),
    (1, 0) and (x, y). (0, 0) is exactly the model. Grid points are listed with a outer, b inner.
    """
    static let examples = [
        "landscape plane --model model.json --data train.csv --svg plane.svg --csv plane.csv",
        "landscape plane --model model.json --data train.csv --directions layer --grid 21 --range -0.5:0.5 --seed 3 --json",
        "landscape plane --through a.json,b.json,c.json --data train.csv --grid 41 --svg through.svg",
    ]
    static let options: [Option] = [
        .model, .data,
        Option("--directions", "KIND", "filter|layer|random (default filter)"),
        Option("--bias", "MODE", "zero|copy|normalize: the biases' part of each direction (default zero for filter, else normalize)"),
        Option("--d1", "FILE", "first direction as a vector file (with --d2)"),
        Option("--d2", "FILE", "second direction as a vector file (with --d1)"),
        Option("--through", "A,B,C", "the plane through three model files instead of --model"),
        Option("--grid", "N", "points per axis (default 51)"),
        Option("--range", "LO:HI[,LO:HI]", "range of a (and b) (default -1:1; with --through, around the three models)"),
        .seed, ProbeOptions.csv, ProbeOptions.svg, .precision, .threads, .json,
    ]

    /// The plane: its origin model, directions, a description for the output, and marked models.
    struct Setup {
        let model: Model
        let slice: PlaneSlice
        let description: JSON
        /// Title and axis titles of the picture.
        let captions: (title: String, a: String, b: String)
        /// Models to mark in the picture, with their coordinates.
        let marks: [(name: String, a: Double, b: Double)]
        /// Range when --range is not given.
        let range: (a: (Double, Double), b: (Double, Double))
    }

    static func run(_ arguments: Arguments) throws {
        let dataset = try Dataset.load(try arguments.required("--data"))
        let setup = try planeSetup(arguments, dataset: dataset)
        let n = try arguments.int("--grid", range: 2...1001) ?? 51
        let range = try arguments.string("--range").map { try ProbeOptions.ranges("--range", $0) } ?? setup.range
        let aValues = ProbeOptions.evenlySpaced(range.a.0, range.a.1, count: n)
        let bValues = ProbeOptions.evenlySpaced(range.b.0, range.b.1, count: n)
        let points = switch try arguments.precision {
        case .float32: try evaluate(setup, Float.self, aValues, bValues, dataset)
        case .float64: try evaluate(setup, Double.self, aValues, bValues, dataset)
        }
        Output.endProgress()
        let losses = points.map(\.evaluation.loss)

        if let csv = arguments.string("--csv") {
            var text = "a,b,loss,accuracy\n"
            for p in points { text += "\(csvCell(p.a)),\(csvCell(p.b)),\(csvCell(p.evaluation.loss)),\(csvCell(p.evaluation.accuracy))\n" }
            try Files.writeAtomically(text, to: csv)
        }
        if let svg = arguments.string("--svg") {
            let figure = Figures.plane(a: aValues, b: bValues, losses: losses, marks: setup.marks,
                                       title: setup.captions.title, xTitle: setup.captions.a, yTitle: setup.captions.b)
            try Files.writeAtomically(figure, to: svg)
        }
        if arguments.wantsJSON {
            Output.json(.object([
                "grid": .array(points.map { p in
                    .object(["a": .number(p.a), "b": .number(p.b), "loss": .number(p.evaluation.loss), "accuracy": .number(p.evaluation.accuracy)])
                }),
                "directions": setup.description,
                "min_loss": .number(losses.filter(\.isFinite).min()), "max_loss": .number(losses.filter(\.isFinite).max()),
            ]))
            return
        }
        let finite = losses.filter(\.isFinite)
        print("\(n) × \(n) plane, a in [\(formatted(range.a.0)), \(formatted(range.a.1))], b in [\(formatted(range.b.0)), \(formatted(range.b.1))]: loss from \(formatted(finite.min(), digits: 8)) to \(formatted(finite.max(), digits: 8))")
        for mark in setup.marks {
            print("  \(mark.name) at (\(formatted(mark.a, digits: 6)), \(formatted(mark.b, digits: 6)))")
        }
        for file in [arguments.string("--csv"), arguments.string("--svg")].compactMap({ $0 }) { print("written to \(file)") }
    }

    /// The plane the flags describe, from models whose loss on `dataset` is finite.
    static func planeSetup(_ arguments: Arguments, dataset: Dataset) throws -> Setup {
        let precision = try arguments.precision
        if let through = arguments.string("--through") {
            for flag in ["--model", "--directions", "--bias", "--d1", "--d2", "--seed"] where arguments.has(flag) {
                throw LandscapeError.invalidInput("\(flag) cannot be combined with --through (the three models fix the plane)")
            }
            let paths = through.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard paths.count == 3, paths.allSatisfy({ !$0.isEmpty }) else {
                throw LandscapeError.invalidInput("--through '\(through)': expected three model files A,B,C")
            }
            let models = try paths.map(Model.load)
            for i in 1...2 { try models[0].requireCompatible(models[i], name: paths[0], otherName: paths[i]) }
            for (model, path) in zip(models, paths) {
                try model.requireFiniteLoss(name: path, on: dataset, precision: precision)
            }
            let plane = try Directions.plane(
                through: models[0].network.flatParameters, models[1].network.flatParameters, models[2].network.flatParameters)
            let marks = zip(["A", "B", "C"], plane.coordinates).map { (name: $0, a: $1.0, b: $1.1) }
            let (cx, cy) = plane.coordinates[2]
            let scale = plane.first.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return Setup(
                model: models[0], slice: PlaneSlice(center: models[0].network, first: plane.first, second: plane.second),
                description: .object([
                    "kind": .string("through"), "models": .array(paths.map { .string($0) }),
                    "coordinates": .array(plane.coordinates.map { .numbers([$0.0, $0.1]) }),
                    "scale": .number(scale),
                ]),
                captions: ("Loss on the plane through A = \(Figures.name(paths[0])), B = \(Figures.name(paths[1])), C = \(Figures.name(paths[2]))",
                           "a (along B − A; ‖B − A‖ = \(formatted(scale, digits: 4)))", "b (orthogonal to B − A, same scale)"),
                marks: marks, range: ((min(0, cx) - 0.25, max(1, cx) + 0.25), (min(0, cy) - 0.25, max(0, cy) + 0.25)))
        }
        let path = try arguments.required("--model")
        let model = try Model.load(path)
        try model.requireFiniteLoss(name: path, on: dataset, precision: precision)
        let n = model.architecture.parameterCount
        let standardRange = ((-1.0, 1.0), (-1.0, 1.0))
        if arguments.has("--d1") || arguments.has("--d2") {
            for flag in ["--directions", "--bias", "--seed"] where arguments.has(flag) {
                throw LandscapeError.invalidInput("\(flag) cannot be combined with --d1/--d2 (the files give the directions)")
            }
            let first = try ProbeOptions.vector(try arguments.required("--d1"), count: n)
            let second = try ProbeOptions.vector(try arguments.required("--d2"), count: n)
            return Setup(
                model: model, slice: PlaneSlice(center: model.network, first: first, second: second),
                description: .object(["kind": .string("files"), "d1": .string(arguments.string("--d1")!), "d2": .string(arguments.string("--d2")!)]),
                captions: ("Loss on θ + a·d₁ + b·d₂ around \(Figures.name(path))", "a (along \(Figures.name(arguments.string("--d1")!)))",
                           "b (along \(Figures.name(arguments.string("--d2")!)))"),
                marks: [(Figures.name(path), 0, 0)], range: standardRange)
        }
        let scaling = try arguments.choice("--directions", DirectionScaling.self) ?? .filter
        let bias = try arguments.choice("--bias", BiasDirection.self) ?? BiasDirection.standard(for: scaling)
        let seed = try arguments.seed()
        var random = RandomSource(seed: seed, stream: .directions)
        let first = Directions.random(for: model.network, scaling: scaling, bias: bias, random: &random)
        let second = Directions.random(for: model.network, scaling: scaling, bias: bias, random: &random)
        let norm1 = first.reduce(0) { $0 + $1 * $1 }.squareRoot(), norm2 = second.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let cosine = zip(first, second).reduce(0) { $0 + $1.0 * $1.1 } / max(norm1 * norm2, 1e-300)
        return Setup(
            model: model, slice: PlaneSlice(center: model.network, first: first, second: second),
            description: .object([
                "kind": .string(scaling.rawValue), "bias": .string(bias.rawValue), "seed": .number(String(seed)),
                "norms": .numbers([norm1, norm2]), "cosine": .number(cosine),
            ]),
            captions: ("Loss around \(Figures.name(path)), \(scaling == .random ? "random directions scaled to ‖θ‖" : "\(scaling.rawValue)-normalized random directions") (seed \(seed))",
                       "a (along d₁)", "b (along d₂)"),
            marks: [(Figures.name(path), 0, 0)], range: standardRange)
    }

    static func evaluate<T: Real>(_ setup: Setup, _: T.Type, _ a: [Double], _ b: [Double], _ dataset: Dataset) throws -> [PlanePoint] {
        let batch: Batch<T> = try setup.model.batch(for: dataset)
        let total = a.count * b.count
        return setup.slice.evaluate(a: a, b: b, on: batch) { done in
            if done % max(1, b.count) == 0 { Output.progress("plane: \(done)/\(total) points") }
        }
    }
}
