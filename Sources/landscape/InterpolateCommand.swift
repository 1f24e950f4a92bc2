import Landscape

struct InterpolateCommand: Command {
    static let name = "interpolate"
    static let summary = "loss and accuracy along the straight line between two models, or along a curve"
    static let discussion = """
    Evaluates θ(α) = (1 − α)·θ_A + α·θ_B over all weights and biases at each α, on the data file
    (or, with --split, its training rows) and on a test file (--test) or the split's test rows. α = 0 and 1 are exactly the two models; other
    values in [0, 1] lie between them and values outside extrapolate (Keskar et al.'s plots use
    −1..2). The barrier is the largest rise of the loss above the straight line between the two
    end losses, over the α in [0, 1] (Entezari et al. 2022); the Frankle barrier is the largest
    loss above the mean of the end losses (Frankle et al. 2020, Ainsworth et al. 2023). Both models
    must share architecture and input transform (the first one's is used). --align permutes B's
    hidden units to match A first (as landscape align does), so that the path joins the same two
    functions through nearer weights: the same numbers as
    landscape align --from A --to B --out B2 [--method activation --data D] followed by
    landscape interpolate --from A --to B2; activation matching compares the measured rows.
    With --curve (a file of landscape connect) in place of --from and --to, the path is the
    curve, t in [0, 1] taking α's place, and the barriers of the straight line between its
    ends are reported beside its own.
    """
    static let examples = [
        "landscape interpolate --from iris.json --to iris-b64.json --data datasets/iris.csv --split 0.8 --svg path.svg",
        "landscape interpolate --from iris.json --to iris-adamw.json --data datasets/iris.csv --rows train --alphas 0,0.25,0.5,0.75,1 --json",
        "landscape interpolate --from iris.json --to iris-adamw.json --data datasets/iris.csv --rows train --align weight --alphas 0:1:11",
        "landscape interpolate --curve iris-curve.json --data datasets/iris.csv --rows train",
    ]
    static let from = Option.input("--from", "model A (α = 0)")
    static let to = Option.input("--to", "model B (α = 1)")
    static let curve = Option.input("--curve", "evaluate along this curve (landscape connect) instead, t in [0, 1] in the place of α")
    static let test = Option.input("--test", "also evaluate on this data file")
    static let alphas = ProbeOptions.values("--alphas", "where to evaluate", default: "-1:2:25", defaultText: "-1:2:25; 0:1:25 along a curve")
    static let align = Option<AlignmentMethod>.choice("--align", "first permute B's hidden units to match A, by weight or activation matching")
    static let options: [any OptionDeclaration] = [
        from, to, curve, Options.data, ProbeOptions.split, ProbeOptions.rows, test, alphas, align, Options.csv, Options.svg, Options.precision,
        Options.threads, Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        var path = try self.path(arguments)
        let alphas = path.curve != nil && !arguments.has(self.alphas) ? CurveTraining.barrierGrid : arguments[self.alphas]
        if path.curve != nil, let outside = alphas.first(where: { !(0...1).contains($0) }) {
            throw LandscapeError.invalidInput("--alphas: a curve runs from t = 0 to t = 1 (\(formatted(outside)) is outside)")
        }
        if path.curve != nil, arguments.has(align) {
            throw LandscapeError.invalidInput("--align permutes --to's hidden units to match --from's: it does not apply to a --curve")
        }
        let rows = try ProbeOptions.rows(arguments, for: path.from)
        var alignment: Alignment?
        if let method = arguments.value(align) { (path, alignment) = try path.aligned(by: method, data: rows) }
        // With a split and no test file, the split's test rows are the test set.
        let testRows = try arguments.value(test).map(Dataset.load) ?? arguments.value(ProbeOptions.split).map { split in
            try RowSelection(split: split, part: .test).rows(of: try Dataset.load(try arguments.required(Options.data)),
                                                             path: try arguments.required(Options.data), model: path.from).rows
        }
        let profile = try path.profile(at: alphas, train: rows, test: testRows, precision: arguments[Options.precision])
        // Along a curve, the straight line between its ends is the comparison.
        let line = try path.curve.map { _ in try path.straight.profile(at: alphas, train: rows, test: testRows, precision: arguments[Options.precision]) }
        let points = profile.points
        let hasTest = testRows != nil
        if let csv = arguments.value(Options.csv) {
            var text = "alpha,train_loss,train_accuracy" + (hasTest ? ",test_loss,test_accuracy" : "") + "\n"
            for p in points {
                var cells = [csvCell(p.alpha), csvCell(p.train.loss), csvCell(p.train.accuracy)]
                if let t = p.test { cells += [csvCell(t.loss), csvCell(t.accuracy)] }
                text += cells.joined(separator: ",") + "\n"
            }
            try Files.writeAtomically(text, to: csv)
        }
        if let svg = arguments.value(Options.svg) { try Files.writeAtomically(path.figure(profile), to: svg) }
        if arguments.has(Options.json) {
            let list: [JSON] = points.map { p in
                var members = [
                    JSON.Member("alpha", .number(p.alpha)), JSON.Member("train_loss", .number(p.train.loss)),
                    JSON.Member("train_accuracy", .number(p.train.accuracy)),
                ]
                if let t = p.test {
                    members += [JSON.Member("test_loss", .number(t.loss)), JSON.Member("test_accuracy", .number(t.accuracy))]
                }
                return .object(members)
            }
            var members = [
                JSON.Member("points", .array(list)), JSON.Member("train_barrier", .number(profile.trainBarrier.height)),
                JSON.Member("train_barrier_alpha", .number(profile.trainBarrier.alpha)),
            ]
            if let testBarrier = profile.testBarrier {
                members += [JSON.Member("test_barrier", .number(testBarrier.height)), JSON.Member("test_barrier_alpha", .number(testBarrier.alpha))]
            }
            members += [
                JSON.Member("train_barrier_frankle", .number(profile.trainFrankleBarrier.height)),
                JSON.Member("train_barrier_frankle_alpha", .number(profile.trainFrankleBarrier.alpha)),
            ]
            if let testBarrier = profile.testFrankleBarrier {
                members += [JSON.Member("test_barrier_frankle", .number(testBarrier.height)),
                            JSON.Member("test_barrier_frankle_alpha", .number(testBarrier.alpha))]
            }
            if let line {
                members.append(JSON.Member("linear_train_barrier", .number(line.trainBarrier.height)))
                if let testBarrier = line.testBarrier { members.append(JSON.Member("linear_test_barrier", .number(testBarrier.height))) }
            }
            if let alignment { members.append(JSON.Member("alignment", alignment.json)) }
            Output.json(.object(members))
            return
        }
        print("   alpha   train loss  train acc" + (hasTest ? "    test loss   test acc" : ""))
        for p in points {
            var line = pad(formatted(p.alpha, digits: 4), 8) + pad(formatted(p.train.loss), 13) + pad(formatted(p.train.accuracy, digits: 4), 11)
            if let t = p.test { line += pad(formatted(t.loss), 13) + pad(formatted(t.accuracy, digits: 4), 11) }
            print(line)
        }
        print("train barrier \(formatted(profile.trainBarrier.height)) at α = \(formatted(profile.trainBarrier.alpha, digits: 4))"
              + (profile.testBarrier.map { "; test barrier \(formatted($0.height)) at α = \(formatted($0.alpha, digits: 4))" } ?? ""))
        print("train Frankle barrier \(formatted(profile.trainFrankleBarrier.height)) at α = \(formatted(profile.trainFrankleBarrier.alpha, digits: 4))"
              + (profile.testFrankleBarrier.map { "; test Frankle barrier \(formatted($0.height)) at α = \(formatted($0.alpha, digits: 4))" } ?? ""))
        if let line {
            print("straight line between the curve's ends: train barrier \(formatted(line.trainBarrier.height))"
                  + (line.testBarrier.map { "; test barrier \(formatted($0.height))" } ?? ""))
        }
        if let alignment { for line in AlignCommand.summary(alignment) { print(line) } }
    }

    /// The straight line of --from and --to, or the curve of --curve: one or the other.
    private static func path(_ arguments: Arguments) throws -> Interpolation {
        if let curvePath = arguments.value(curve) {
            if let model = arguments.first(of: [from, to]) {
                throw LandscapeError.invalidInput("--curve cannot be combined with \(model.name) (the curve holds both models)")
            }
            return Interpolation(curve: try ModeCurve.load(curvePath))
        }
        guard arguments.has(from) || arguments.has(to) else { throw LandscapeError.invalidInput("give --from A --to B, or --curve CURVE") }
        let fromPath = try arguments.required(from), toPath = try arguments.required(to)
        return try Interpolation(from: try Model.load(fromPath), to: try Model.load(toPath), fromName: fromPath, toName: toPath)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
