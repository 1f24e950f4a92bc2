import Landscape

struct PlaneCommand: ShardableCommand {
    static let name = "plane"
    static let summary = "a 2-D slice of the loss surface around a model or through three models"
    static let discussion = """
    Evaluates the loss and accuracy on the data file at θ + a·d₁ + b·d₂ over a --grid × --grid
    grid of (a, b). The directions are seeded zero-mean Gaussians scaled to the model
    (--directions): `filter` rescales each output row of each weight matrix to the norm of the
    same row of the model (Li et al. 2018's filter normalization, biases fixed by default),
    `layer` each weight matrix, `random` the whole vector; --bias zero|copy|normalize sets the
    biases' part. Or give the directions as vector files (--d1, --d2), or take the plane through
    three models (--through A,B,C): origin A, d₁ = B − A, d₂ the part of C − A orthogonal to d₁
    (Gram–Schmidt) at the same length, so the picture is not skewed; A, B and C sit at (0, 0),
    (1, 0) and (x, y). Or take the top two principal directions of the model's training path
    (--pca, the iterates train --save-iterates kept; Li et al. 2018 §7): unit directions, the
    path drawn at its projection, the range around it, and each direction's share of the path's
    variance reported. (0, 0) is exactly the model. Grid points are listed with a outer, b inner.
    --shard K/N --part FILE computes one share of the points; landscape merge joins the parts.
    """
    static let examples = [
        "landscape plane --model iris.json --data datasets/iris.csv --rows train --svg plane.svg --csv plane.csv",
        "landscape plane --model iris.json --data datasets/iris.csv --rows train --directions layer --grid 21 --range -0.5:0.5 --seed 3 --json",
        "landscape plane --through iris.json,iris-b64.json,iris-adamw.json --data datasets/iris.csv --rows train --grid 41 --svg through.svg",
        "landscape plane --model iris.json --data datasets/iris.csv --rows train --pca iris-path.json --svg path.svg",
        "landscape plane --model iris.json --data datasets/iris.csv --rows train --d1 top-1.txt --d2 top-2.txt --range -0.5:0.5 --svg curved.svg",
    ]
    static let directions = Option<DirectionScaling>.choice("--directions", "how random directions are scaled to the model", default: .filter)
    static let bias = Option<BiasDirection>.choice("--bias", "the biases' part of each direction", defaultText: "zero for filter, else normalize")
    static let d1 = Option.input("--d1", "first direction as a vector file (with --d2)")
    static let d2 = Option.input("--d2", "second direction as a vector file (with --d1)")
    static let pca = Option.input("--pca", "the top two principal directions of the training path in this iterates file (train --save-iterates)")
    static let through = Option<[String]>("--through", "A,B,C", "the plane through three model files instead of --model", role: .inputList) { text in
        let paths = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard paths.count == 3, paths.allSatisfy({ !$0.isEmpty }) else { throw LandscapeError.invalidInput("expected three model files A,B,C") }
        return paths
    }
    static let grid = Option.integer("--grid", "points per axis", in: 2...1001, default: 51)
    static let range = Option<(a: (Double, Double), b: (Double, Double))>(
        "--range", "LO:HI[,LO:HI]", "range of a (and b), each LO < HI", defaultText: "-1:1; with --through or --pca, around the models or the path") { text in
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let parsed = parts.map { ProbeOptions.interval($0) }
        guard parsed.count == 1 || parsed.count == 2, let a = parsed[0], let b = parsed.last! else {
            throw LandscapeError.invalidInput("expected LO:HI or LO:HI,LO:HI with LO < HI (and HI − LO finite)")
        }
        return ((a.low, a.high), (b.low, b.high))
    }
    static let options: [any OptionDeclaration] = [
        Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, directions, bias, d1, d2, pca, through, grid, range, Options.seed, Options.csv, Options.svg,
        Options.precision,
    ] + ShardOptions.options + [Options.threads, Options.json]
    static let mergeOutputs: [any OptionDeclaration] = [Options.csv, Options.svg]

    static func run(_ arguments: Arguments) throws {
        let shard = try ShardOptions.shard(arguments)
        let (plane, dataset) = try makePlane(arguments)
        let (aValues, bValues, range) = coordinates(plane, arguments)
        let n = aValues.count
        let total = n * n
        let precision = arguments[Options.precision]
        if let shard {
            // The shard's points in blocks of a grid row, its part offered for saving after each.
            let defining = arguments.arguments(excluding: ShardOptions.options + [Options.json, Options.threads])
            try ShardOptions.run(name, shard: shard, arguments: arguments, defining: defining, pieceCount: total) { done, offer in
                var pieces = done
                let owned = (0..<total).filter { shard.owns($0) && done[$0] == nil }
                for start in stride(from: 0, to: owned.count, by: n) {
                    let cells = Array(owned[start..<min(start + n, owned.count)])
                    let points = try plane.evaluate(a: aValues, b: bValues, on: dataset, precision: precision, cells: cells)
                    for (cell, point) in zip(cells, points) { pieces[cell] = json(point) }
                    let finished = pieces
                    try offer { finished }
                    Output.progress("plane shard \(shard): \(pieces.count) points")
                }
                Output.endProgress()
                return pieces
            }
            return
        }
        let points = try plane.evaluate(a: aValues, b: bValues, on: dataset, precision: precision) { done in
            if done % n == 0 { Output.progress("plane: \(done)/\(total) points") }
        }
        Output.endProgress()
        try render(plane, a: aValues, b: bValues, range: range, points: points, arguments: arguments)
    }

    /// Writes and prints what `run` does for the plane of `work`, from its shards' `pieces`.
    static func merge(_ pieces: [Int: JSON], work: Arguments, outputs: Arguments) throws {
        let (plane, _) = try makePlane(work)
        let (aValues, bValues, range) = coordinates(plane, work)
        let points = try (0..<aValues.count * bValues.count).map { cell -> PlanePoint in
            guard let piece = pieces[cell], let point = point(piece) else { throw LandscapeError.invalidInput("the parts lack point \(cell) of the plane") }
            return point
        }
        try render(plane, a: aValues, b: bValues, range: range, points: points, arguments: outputs)
    }

    /// The grid's a and b values, and the ranges they span.
    static func coordinates(_ plane: Plane, _ arguments: Arguments) -> (a: [Double], b: [Double], range: (a: (Double, Double), b: (Double, Double))) {
        let n = arguments[grid]
        let range = arguments.value(range) ?? plane.defaultRange
        return (ProbeOptions.evenlySpaced(range.a.0, range.a.1, count: n), ProbeOptions.evenlySpaced(range.b.0, range.b.1, count: n), range)
    }

    /// A point as a part holds it: a non-finite loss as its text, so that it reads back the same.
    static func json(_ point: PlanePoint) -> JSON {
        let loss = point.evaluation.loss
        return .object(["a": .number(point.a), "b": .number(point.b), "loss": loss.isFinite ? .number(loss) : .string("\(loss)"),
                        "accuracy": .number(point.evaluation.accuracy)])
    }

    static func point(_ json: JSON) -> PlanePoint? {
        guard let a = json["a"]?.doubleValue, let b = json["b"]?.doubleValue,
              let loss = json["loss"]?.doubleValue ?? json["loss"]?.stringValue.flatMap(Double.init) else { return nil }
        return PlanePoint(a: a, b: b, evaluation: Evaluation(loss: loss, accuracy: json["accuracy"]?.doubleValue))
    }

    /// Writes the CSV and the figure `arguments` ask for and prints the points as JSON or text.
    static func render(_ plane: Plane, a aValues: [Double], b bValues: [Double], range: (a: (Double, Double), b: (Double, Double)),
                       points: [PlanePoint], arguments: Arguments) throws {
        let n = aValues.count
        let losses = points.map(\.evaluation.loss)

        if let csv = arguments.value(Options.csv) {
            var text = "a,b,loss,accuracy\n"
            for p in points { text += "\(csvCell(p.a)),\(csvCell(p.b)),\(csvCell(p.evaluation.loss)),\(csvCell(p.evaluation.accuracy))\n" }
            try Files.writeAtomically(text, to: csv)
        }
        if let svg = arguments.value(Options.svg) { try Files.writeAtomically(plane.figure(a: aValues, b: bValues, points: points), to: svg) }
        if arguments.has(Options.json) {
            var members = [
                JSON.Member("grid", .array(points.map { p in
                    .object(["a": .number(p.a), "b": .number(p.b), "loss": .number(p.evaluation.loss), "accuracy": .number(p.evaluation.accuracy)])
                })),
                JSON.Member("directions", plane.description),
                JSON.Member("min_loss", .number(losses.filter(\.isFinite).min())), JSON.Member("max_loss", .number(losses.filter(\.isFinite).max())),
            ]
            if let shares = plane.explainedVariance {
                members.append(JSON.Member("explained_variance", .numbers(shares)))
                members.append(JSON.Member("trajectory", .array(plane.trajectory.map { .object(["step": .number($0.step), "a": .number($0.a), "b": .number($0.b)]) })))
            }
            Output.json(.object(members))
            return
        }
        let finite = losses.filter(\.isFinite)
        print("\(n) × \(n) plane, a in [\(formatted(range.a.0)), \(formatted(range.a.1))], b in [\(formatted(range.b.0)), \(formatted(range.b.1))]: loss from \(formatted(finite.min(), digits: 8)) to \(formatted(finite.max(), digits: 8))")
        for mark in plane.marks {
            print("  \(mark.name) at (\(formatted(mark.a, digits: 6)), \(formatted(mark.b, digits: 6)))")
        }
        if let shares = plane.explainedVariance, let start = plane.trajectory.first, let end = plane.trajectory.last {
            print("principal directions of \(plane.trajectory.count) iterates: \(formatted(100 * shares[0], digits: 4)) % and \(formatted(100 * shares[1], digits: 4)) % of the path's variance")
            print("  the path runs from step \(start.step) at (\(formatted(start.a, digits: 6)), \(formatted(start.b, digits: 6))) to step \(end.step) at (\(formatted(end.a, digits: 6)), \(formatted(end.b, digits: 6)))")
        }
        for file in [arguments.value(Options.csv), arguments.value(Options.svg)].compactMap({ $0 }) { print("written to \(file)") }
    }

    /// The plane the options describe and the rows it is evaluated on, from models whose loss on
    /// those rows is finite.
    static func makePlane(_ arguments: Arguments) throws -> (Plane, Dataset) {
        let precision = arguments[Options.precision]
        if let paths = arguments.value(through) {
            if let flag = arguments.first(of: [Options.model, directions, bias, d1, d2, pca, Options.seed]) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --through (the three models fix the plane)")
            }
            let models = try paths.map(Model.load)
            for i in 1...2 { try models[0].requireCompatible(models[i], name: paths[0], otherName: paths[i]) }
            let dataset = try ProbeOptions.rows(arguments, for: models[0])
            for (model, path) in zip(models, paths) { try model.requireFiniteLoss(name: path, on: dataset, precision: precision) }
            return (try Plane.through(models, names: paths), dataset)
        }
        let path = try arguments.required(Options.model)
        let model = try Model.load(path)
        let dataset = try ProbeOptions.rows(arguments, for: model)
        try model.requireFiniteLoss(name: path, on: dataset, precision: precision)
        let n = model.architecture.parameterCount
        if let file = arguments.value(pca) {
            if let flag = arguments.first(of: [directions, bias, d1, d2, Options.seed]) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --pca (the iterates give the directions)")
            }
            let iterates = try Iterates.load(file)
            let plane = try Plane.principal(model, name: path, iterates: iterates, iteratesName: file)
            if iterates.parameters.last != model.network.flatParameters {
                Output.note("note: \(path) is not the last iterate of \(file): the path's coordinates are measured from \(path)")
            }
            return (plane, dataset)
        }
        if arguments.has(d1) || arguments.has(d2) {
            if let flag = arguments.first(of: [directions, bias, Options.seed]) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --d1/--d2 (the files give the directions)")
            }
            let (first, second) = (try arguments.required(d1), try arguments.required(d2))
            return (Plane.along(model, name: path, first: try VectorFile.read(first, count: n), firstName: first,
                                second: try VectorFile.read(second, count: n), secondName: second), dataset)
        }
        let scaling = arguments[directions]
        return (Plane.around(model, name: path, scaling: scaling, bias: arguments.value(bias) ?? BiasDirection.standard(for: scaling),
                             seed: arguments[Options.seed]), dataset)
    }
}
