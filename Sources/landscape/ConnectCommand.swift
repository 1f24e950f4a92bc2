import Landscape

struct ConnectCommand: Command {
    static let name = "connect"
    static let summary = "train a low-loss curve between two models and write it"
    static let discussion = """
    Mode connectivity (Garipov et al., 2018; Draxler et al., 2018): trains the bend θ_C of the
    quadratic Bézier curve θ(t) = (1 − t)²·θ_A + 2t(1 − t)·θ_C + t²·θ_B between two models of one
    architecture and input transform, over all weights and biases, so that the loss averaged
    over the curve is low. θ_C starts at (θ_A + θ_B)/2, where the curve is the straight line;
    each mini-batch step draws one t in [0, 1) from the seed and the step, and the optimizer
    steps θ_C along 2t(1 − t)·∇L(θ(t)). The models stay as they are. Training takes train's
    settings (--optimizer newton excepted), on the data file or the train rows of --split.
    Then the loss is measured at 25 evenly spaced t from 0 to 1 along the curve and along the
    straight line between the same models, on the training rows (and the test rows): barrier
    is the curve's, linear_barrier the line's, each the largest rise of the loss above the
    straight line between the two end losses, as interpolate computes it.
    The curve file holds both models, the bend and the settings: interpolate --curve
    evaluates it without the model files. --checkpoint saves where the bend's training stands
    (and Ctrl-C or SIGTERM stops it there); the same command with --resume continues it to the
    bits of a run never stopped, or, with more --epochs, further.
    """
    static let examples = [
        "landscape connect --from iris.json --to iris-b64.json --data datasets/iris.csv --split 0.8 --epochs 20 --checkpoint curve.ckpt --out iris-curve.json",
        "landscape connect --from iris.json --to iris-b64.json --data datasets/iris.csv --split 0.8 --epochs 40 --checkpoint curve.ckpt --resume curve.ckpt --out iris-curve40.json",
    ]

    typealias Settings = TrainingOptions
    static let from = Option.input("--from", "model A (t = 0)")
    static let to = Option.input("--to", "model B (t = 1)")
    static let out = Option.output("--out", "write the curve here (landscape-curve JSON)")
    static let seed = Settings.setting("seed", summary: "seed of the split, the shuffles and each step's t")
    /// The training settings (Newton's damping aside); the models fix the network.
    static let settings = [Settings.split, Settings.test, Settings.batch, Settings.lr, Settings.epochs, Settings.steps]
        + Settings.optimizer.filter { $0.name != "--damping" } + [seed, Settings.precision]
    static let options: [any OptionDeclaration] = [from, to, Settings.data] + settings
        + [out, Options.svg, TrainCommand.checkpoint, TrainCommand.checkpointEvery, TrainCommand.resume, Options.threads, Options.json]
    static let rewrites = TrainCommand.rewrites

    static func run(_ arguments: Arguments) throws {
        try arguments.requireAtMostOne(of: [Settings.epochs, Settings.steps])
        let fromPath = try arguments.required(from), toPath = try arguments.required(to), outPath = try arguments.required(out)
        var configuration = RunConfiguration(data: try arguments.required(Settings.data))
        try TrainingOptions.apply(arguments, settings, to: &configuration)
        try arguments.require(TrainCommand.checkpoint, for: TrainCommand.checkpointEvery)
        var training = try CurveTraining(from: try Model.load(fromPath), to: try Model.load(toPath), configuration: configuration,
                                         fromName: fromPath, toName: toPath)
        let totalSteps = training.totalSteps
        let checkpoint = try TrainCommand.resumed(arguments, what: "training", totalSteps: totalSteps, configuration: configuration) {
            try $0.requireResumable(by: training, name: $1)
        }
        training.checkpointPath = arguments.value(TrainCommand.checkpoint)
        training.checkpointInterval = arguments.value(TrainCommand.checkpointEvery)
        Interruption.install()
        training.interruption = { Interruption.isRequested }
        let outcome: CurveOutcome
        do {
            defer { Output.endProgress() }
            outcome = try training.run(resumingFrom: checkpoint, onEpoch: !Output.showsProgress ? nil : { epoch in
                Output.progress("epoch \(epoch.epoch)  step \(epoch.step)/\(totalSteps)  loss at t = 0.5: \(formatted(epoch.midpointLoss, digits: 4))")
            })
        } catch {
            TrainCommand.noteCheckpoint(after: error, arguments)
            throw error
        }
        try outcome.curve.save(to: outPath)
        try arguments.value(Options.svg).map { try Files.writeAtomically(outcome.figure, to: $0) }
        let (along, line) = (outcome.along, outcome.line)
        if arguments.has(Options.json) {
            let points: [JSON] = zip(along.points, line.points).map { c, l in
                var members = [
                    JSON.Member("t", .number(c.alpha)), JSON.Member("train_loss", .number(c.train.loss)),
                    JSON.Member("train_accuracy", .number(c.train.accuracy)), JSON.Member("linear_train_loss", .number(l.train.loss)),
                    JSON.Member("linear_train_accuracy", .number(l.train.accuracy)),
                ]
                if let ct = c.test, let lt = l.test {
                    members += [JSON.Member("test_loss", .number(ct.loss)), JSON.Member("test_accuracy", .number(ct.accuracy)),
                                JSON.Member("linear_test_loss", .number(lt.loss)), JSON.Member("linear_test_accuracy", .number(lt.accuracy))]
                }
                return .object(members)
            }
            var members = [
                JSON.Member("barrier", .number(along.trainBarrier.height)), JSON.Member("barrier_t", .number(along.trainBarrier.alpha)),
                JSON.Member("linear_barrier", .number(line.trainBarrier.height)), JSON.Member("linear_barrier_t", .number(line.trainBarrier.alpha)),
            ]
            if let curveTest = along.testBarrier, let lineTest = line.testBarrier {
                members += [JSON.Member("test_barrier", .number(curveTest.height)), JSON.Member("test_barrier_t", .number(curveTest.alpha)),
                            JSON.Member("linear_test_barrier", .number(lineTest.height)),
                            JSON.Member("linear_test_barrier_t", .number(lineTest.alpha))]
            }
            members += [JSON.Member("points", .array(points)), JSON.Member("steps", .number(outcome.steps)),
                        JSON.Member("epochs", .number(outcome.epochs)), JSON.Member("seconds", .number(outcome.seconds))]
            Output.json(.object(members))
            return
        }
        let architecture = outcome.curve.architecture
        print("trained the bend of the curve from \(fromPath) to \(toPath) (\(architecture.sizes.map(String.init).joined(separator: "-")) "
              + "\(architecture.activation.rawValue), \(architecture.parameterCount) parameters) on \(training.data.train.count) rows: "
              + "\(formatted(outcome.epochs)) epochs, \(outcome.steps) steps, \(formatted(outcome.seconds, digits: 3)) s")
        let hasTest = along.testBarrier != nil
        print("       t   curve loss    line loss" + (hasTest ? "   curve test    line test" : ""))
        for (c, l) in zip(along.points, line.points) {
            var cells = [formatted(c.alpha, digits: 4), formatted(c.train.loss), formatted(l.train.loss)]
            if let ct = c.test, let lt = l.test { cells += [formatted(ct.loss), formatted(lt.loss)] }
            print(zip(cells, [8, 13, 13, 13, 13]).map { String(repeating: " ", count: max(0, $1 - $0.count)) + $0 }.joined())
        }
        func barrier(_ name: String, _ curve: (height: Double, alpha: Double), _ line: (height: Double, alpha: Double)) -> String {
            "\(name) \(formatted(curve.height)) at t = \(formatted(curve.alpha, digits: 4)); straight line \(formatted(line.height)) at t = \(formatted(line.alpha, digits: 4))"
        }
        print(barrier("barrier", along.trainBarrier, line.trainBarrier))
        if let curveTest = along.testBarrier, let lineTest = line.testBarrier { print(barrier("test barrier", curveTest, lineTest)) }
        print("curve written to \(outPath)")
    }
}
