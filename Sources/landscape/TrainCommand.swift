import Landscape

struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train an MLP on a CSV data file and write the model"
    static let discussion = """
    Trains a multilayer perceptron with a mini-batch optimizer: plain SGD by default, or
    momentum, Nesterov, Adam, AdamW, RMSProp, Newton's method with the exact Hessian (small
    networks only), or sharpness-aware minimization (sam, asam: a second gradient per step, at
    the worst point within --rho), with an optional learning-rate schedule, weight decay and
    gradient clipping.
    Each epoch takes a fresh seeded permutation of the training rows; the last batch of an
    epoch is the remainder.
    --dropout P zeroes each hidden unit's output with probability P during training steps
    (inverted dropout, the masks drawn from the seed and the step); evaluation, the log and the
    final losses use the whole network. --init-scale S multiplies the initial weights' bounds.
    Inputs are standardized with the training rows' mean and std, stored in the model as
    input_transform. The same command and seed give the same weights, bit for bit.
    A non-finite loss stops the run with exit status 3, naming the step.
    --save-iterates FILE keeps the parameters at step 0, every --iterates-every steps and at the
    end, for plane --pca; a checkpoint holds those kept so far, so a resumed run writes the same
    file as one never stopped.
    """
    static let examples = [
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --epochs 200 --out iris.json --save-iterates iris-path.json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --batch 64 --epochs 200 --log log.csv --out iris-b64.json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --optimizer adamw --lr 0.01 --weight-decay 0.01 --schedule warmup:20+cosine --out iris-adamw.json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 64 --dropout 0.2 --epochs 200",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --optimizer sam --rho 0.05 --momentum 0.9 --epochs 100 --out iris-sam.json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 8 --batch 120 --optimizer newton --lr 1 --epochs 20",
        "landscape train --data datasets/breast_cancer.csv --split 0.8 --loss mse --hidden 64,64 --batch 455 --lr 0.15 --steps 600 --track-sharpness 30 --svg eos.svg",
        "landscape train --data datasets/digits.csv --split file:1437 --hidden 32 --epochs 5 --checkpoint run.ckpt",
        "landscape train --data datasets/digits.csv --split file:1437 --hidden 32 --epochs 10 --checkpoint run.ckpt --resume run.ckpt --out digits.json",
    ]

    typealias Settings = TrainingOptions
    /// The settings of the run, which `--resume` must be given unchanged.
    static let settings = [Settings.data, Settings.split, Settings.test, Settings.hidden, Settings.activation, Settings.loss,
                           Settings.classes, Settings.batch, Settings.lr, Settings.epochs, Settings.steps]
        + Settings.optimizer + [Settings.seed, Settings.initialModel, Settings.initScale, Settings.dropout, Settings.precision]
    static let out = Option.output("--out", "write the trained model here")
    static let log = Option.output("--log", "write the training log as CSV: a row per epoch (every N steps with --track-sharpness)")
    static let svg = Option.output("--svg", "draw the sharpness during training against 2/lr (needs --track-sharpness)")
    static let trackSharpness = Option.integer("--track-sharpness", "every N steps, measure the top Hessian eigenvalue of the full training loss for the log and --svg",
                                               in: 1...Int(Int32.max))
    static let checkpoint = Option.output("--checkpoint", "save where the run stands after every epoch (and on Ctrl-C), to continue with --resume")
    static let checkpointEvery = Option.integer("--checkpoint-every", "also save the checkpoint every N steps", in: 1...Int(Int32.max))
    static let resume = Option.input("--resume", "continue the run saved in this checkpoint (same settings otherwise); ends as if never stopped")
    static let saveIterates = Option.output("--save-iterates", "write the parameters at step 0, every --iterates-every steps and at the end here (for plane --pca)")
    static let iteratesEvery = Option.integer("--iterates-every", "steps between the iterates kept", in: 1...Int(Int32.max), defaultText: "one epoch's steps")

    static let options: [any OptionDeclaration] = [Settings.data, Settings.split, Settings.test, Settings.noStandardize] + Array(settings.dropFirst(3))
        + [out, log, svg, trackSharpness, checkpoint, checkpointEvery, resume, saveIterates, iteratesEvery, Options.threads, Options.json]

    static let rewrites = [(output: "--checkpoint", input: "--resume")]

    static func run(_ arguments: Arguments) throws {
        if arguments.has(trackSharpness), !arguments.has(log), !arguments.has(svg) {
            throw LandscapeError.invalidInput("--track-sharpness needs --log or --svg, where the values go")
        }
        try arguments.require(trackSharpness, for: svg, "(the values it draws)")
        try arguments.require(checkpoint, for: checkpointEvery)
        try arguments.require(saveIterates, for: iteratesEvery)
        try arguments.requireAtMostOne(of: [Settings.epochs, Settings.steps])
        var configuration = RunConfiguration(data: try arguments.required(Settings.data))
        try TrainingOptions.apply(arguments, settings, to: &configuration)
        var run = try TrainingRun(configuration: configuration)
        if arguments.has(saveIterates) { run.iteratesInterval = arguments.value(iteratesEvery) ?? run.stepsPerEpoch }
        let checkpoint = try resumed(arguments, what: "run", totalSteps: run.totalSteps, configuration: configuration) {
            try $0.requireResumable(by: run, name: $1)
        }
        run.sharpnessInterval = arguments.value(trackSharpness)
        run.evaluatesEachEpoch = arguments.has(log) || Output.showsProgress
        run.checkpointPath = arguments.value(self.checkpoint)
        run.checkpointInterval = arguments.value(checkpointEvery)
        Interruption.install()
        run.interruption = { Interruption.isRequested }
        let totalSteps = run.totalSteps
        let outcome: TrainingOutcome
        do {
            defer { Output.endProgress() }
            outcome = try run.run(resumingFrom: checkpoint) { record in
                let testPart = record.test.map { "  test loss \(formatted($0.loss, digits: 4)) acc \(formatted($0.accuracy, digits: 4))" } ?? ""
                Output.progress("epoch \(record.epoch)  step \(record.step)/\(totalSteps)  train loss \(formatted(record.train.loss, digits: 4))\(testPart)")
            }
        } catch {
            try arguments.value(log).map { try Files.writeAtomically(run.log.csv, to: $0) }
            noteCheckpoint(after: error, arguments)
            throw error
        }
        try arguments.value(log).map { try Files.writeAtomically(run.log.csv, to: $0) }
        try arguments.value(svg).map { try Files.writeAtomically(Figures.sharpness(during: run.log.rows), to: $0) }
        if let report = outcome.optimizerReport { Output.note("\(configuration.optimizer.kind.rawValue): \(report)") }
        if let path = arguments.value(out) { try outcome.model.save(to: path) }
        if let path = arguments.value(saveIterates), let iterates = run.iterates { try iterates.save(to: path) }
        report(outcome, architecture: run.architecture, rows: run.data.train.count, arguments: arguments)
    }

    /// The checkpoint `--resume` names, refused by `require` unless it continues this run, with a
    /// note when it is finished or is continued further; `what` names what it saved ("run").
    static func resumed(_ arguments: Arguments, what: String, totalSteps: Int, configuration: RunConfiguration,
                        require: (TrainingCheckpoint, String) throws -> Void) throws -> TrainingCheckpoint? {
        try arguments.value(resume).map { path in
            let checkpoint = try TrainingCheckpoint.load(path)
            try require(checkpoint, path)
            if checkpoint.step >= totalSteps {
                Output.note("note: \(path) holds a finished \(what) (\(checkpoint.step) of \(totalSteps) steps): nothing is left to train")
            } else if checkpoint.configuration != configuration {
                Output.note("note: continuing the \(what) of \(path) from step \(checkpoint.step) to \(totalSteps)")
            }
            return checkpoint
        }
    }

    /// Says where the checkpoint is when Ctrl-C or SIGTERM stopped the run with `error`.
    static func noteCheckpoint(after error: Error, _ arguments: Arguments) {
        if case LandscapeError.interrupted = error, let path = arguments.value(checkpoint) {
            Output.note("checkpoint saved to \(path); continue with the same command and --resume \(path)")
        }
    }

    static func report(_ outcome: TrainingOutcome, architecture: Architecture, rows: Int, arguments: Arguments) {
        if arguments.has(Options.json) {
            Output.json(.object([
                "train_loss": .number(outcome.train.loss), "train_accuracy": .number(outcome.train.accuracy),
                "test_loss": .number(outcome.test?.loss), "test_accuracy": .number(outcome.test?.accuracy),
                "steps": .number(outcome.steps), "epochs": .number(outcome.epochs), "seconds": .number(outcome.seconds),
            ]))
            return
        }
        let shape = architecture.sizes.map(String.init).joined(separator: "-")
        print("trained \(shape) \(architecture.activation.rawValue) on \(rows) rows: \(formatted(outcome.epochs)) epochs, \(outcome.steps) steps, \(formatted(outcome.seconds, digits: 3)) s")
        print("train  loss \(formatted(outcome.train.loss))  accuracy \(formatted(outcome.train.accuracy))")
        if let test = outcome.test {
            print("test   loss \(formatted(test.loss))  accuracy \(formatted(test.accuracy))")
        }
        if let path = arguments.value(out) { print("model written to \(path)") }
    }
}
