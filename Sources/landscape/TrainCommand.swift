import Landscape

struct TrainCommand: Command {
    static let name = "train"
    static let summary = "train an MLP on a CSV data file and write the model"
    static let discussion = """
    Trains a multilayer perceptron with a mini-batch optimizer: plain SGD by default, or
    momentum, Nesterov, Adam, AdamW, RMSProp, or Newton's method with the exact Hessian (small
    networks only), with an optional learning-rate schedule, weight decay and gradient clipping.
    Each epoch takes a fresh seeded permutation of the training rows; the last batch of an
    epoch is the remainder.
    Inputs are standardized with the training rows' mean and std, stored in the model as
    input_transform. The same command and seed give the same weights, bit for bit.
    A non-finite loss stops the run with exit status 3, naming the step.
    """
    static let examples = [
        "landscape train --data datasets/digits.csv --split file:1437 --hidden 128,128 --batch 8 --lr 0.05 --epochs 100 --out model.json",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --activation relu --epochs 200 --log log.csv",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 16 --optimizer adamw --lr 0.01 --weight-decay 0.01 --schedule warmup:20+cosine",
        "landscape train --data datasets/iris.csv --split 0.8 --hidden 8 --batch 150 --optimizer newton --lr 1 --epochs 20",
    ]
    static let options: [Option] = NetworkOptions.data + NetworkOptions.network + [
        Option("--batch", "N", "mini-batch size (default 32)"),
        Option("--lr", "X", "learning rate (default 0.05)"),
        Option("--epochs", "N", "passes over the training rows (default 10)"),
        Option("--steps", "N", "optimizer steps instead of --epochs"),
    ] + OptimizerOptions.options(list: false) + [
        .seed,
        Option("--init", "FILE", "start from this model instead of a fresh initialization"),
        Option.output("--out", "write the trained model here"),
        Option.output("--log", "write a per-epoch CSV: epoch, step, losses, accuracies, sharpness, 2/lr, seconds"),
        Option("--track-sharpness", "N", "every N steps, log the top Hessian eigenvalue of the full training loss next to 2/lr"),
        Option.output("--checkpoint", "save where the run stands after every epoch (and on Ctrl-C), to continue with --resume"),
        Option("--checkpoint-every", "N", "also save the checkpoint every N steps"),
        Option("--resume", "FILE", "continue the run saved in this checkpoint (same command otherwise); ends as if never stopped"),
        .precision, .threads, .json,
    ]

    /// Options that do not change the numbers a run computes, so a run resumes with other values.
    static let optionsOutsideTheRun: Set = ["--out", "--log", "--json", "--checkpoint", "--checkpoint-every", "--resume", "--threads", "--track-sharpness"]

    static func run(_ arguments: Arguments) throws {
        let seed = try arguments.seed()
        if arguments.has("--track-sharpness"), !arguments.has("--log") {
            throw LandscapeError.invalidInput("--track-sharpness needs --log FILE, where the values go")
        }
        if arguments.has("--checkpoint-every"), !arguments.has("--checkpoint") {
            throw LandscapeError.invalidInput("--checkpoint-every needs --checkpoint FILE")
        }
        let run = arguments.given(options.filter { !optionsOutsideTheRun.contains($0.name) })
        let checkpoint = try arguments.string("--resume").map { path in
            let checkpoint = try TrainingCheckpoint.load(path)
            let recorded = checkpoint.extra.first { $0.key == "run" }?.value.arrayValue?.compactMap(\.stringValue)
            try Resume.requireSameOptions(recorded: recorded, given: run, path: path, kind: "run")
            return checkpoint
        }
        let initial = try arguments.string("--init").map(Model.load)
        if initial != nil {
            for flag in ["--hidden", "--activation", "--loss"] where arguments.has(flag) {
                throw LandscapeError.invalidInput("\(flag) cannot be combined with --init (the model file fixes the network)")
            }
        }
        let loss = try initial?.architecture.loss ?? NetworkOptions.loss(arguments)
        let data = try NetworkOptions.trainingData(arguments, loss: loss, seed: seed, transform: initial?.inputTransform)
        let architecture = try initial?.architecture ?? NetworkOptions.architecture(arguments, data: data)
        if let initial {
            guard initial.architecture.inputWidth == data.train.featureCount else {
                throw LandscapeError.invalidInput(
                    "\(data.train.source) has \(data.train.featureCount) feature columns but the --init model takes \(initial.architecture.inputWidth) inputs")
            }
            guard !loss.isClassification || data.outputWidth <= architecture.outputWidth else {
                throw LandscapeError.invalidInput("the data has \(data.outputWidth) classes but the --init model has \(architecture.outputWidth) outputs")
            }
            try initial.requireFiniteLoss(name: try arguments.required("--init"), on: data.train, precision: try arguments.precision)
        }
        if arguments.has("--epochs"), arguments.has("--steps") {
            throw LandscapeError.invalidInput("give either --epochs or --steps, not both")
        }
        let length: TrainingPlan.Length = if let steps = try arguments.int("--steps", range: 1...Int(Int32.max)) {
            .steps(steps)
        } else {
            .epochs(try arguments.int("--epochs", range: 1...10_000_000) ?? 10)
        }
        let learningRate = try arguments.double("--lr", where: { $0 > 0 }, expected: "positive") ?? 0.05
        let optimizer = try OptimizerOptions.settings(arguments, list: false)[0]
        let plan = TrainingPlan(
            batchSize: try arguments.int("--batch", range: 1...Int(Int32.max)) ?? 32,
            length: length,
            learningRate: learningRate,
            order: .shuffled(seed: seed),
            schedule: try OptimizerOptions.schedule(arguments, learningRates: [learningRate]),
            clipping: try OptimizerOptions.clipping(arguments))
        let precision = try arguments.precision
        let outcome: Outcome = switch precision {
        case .float32: try train(Float.self, architecture, initial, data, plan, optimizer, seed, arguments, run: run, resumingFrom: checkpoint)
        case .float64: try train(Double.self, architecture, initial, data, plan, optimizer, seed, arguments, run: run, resumingFrom: checkpoint)
        }
        if let report = outcome.result.optimizerReport { Output.note("\(optimizer.kind.rawValue): \(report)") }
        if let out = arguments.string("--out") {
            let record: JSON = .object([
                "data": .string(data.train.source), "split": .string(arguments.string("--split") ?? (arguments.string("--test").map { "test:" + $0 } ?? "none")),
                "seed": .number(String(seed)), "batch": .number(plan.batchSize), "lr": .number(plan.learningRate),
                "steps": .number(outcome.result.steps), "epochs": .number(outcome.result.epochs),
                "optimizer": .string(optimizer.kind.rawValue),
                "hyperparameters": .object(optimizer.values.map { JSON.Member($0.name, .number($0.value)) }),
                "schedule": .string(plan.schedule.description), "clip_norm": .number(plan.clipping?.maximumNorm),
                "precision": .string(precision.rawValue),
                "train_loss": .number(outcome.result.train.loss), "test_loss": .number(outcome.result.test?.loss),
            ])
            try Model(network: outcome.network, inputTransform: data.transform, extra: [JSON.Member("training", record)]).save(to: out)
        }
        report(outcome.result, architecture: architecture, rows: data.train.count, arguments: arguments)
    }

    struct Outcome {
        let result: Summary
        let network: Network<Double>
    }

    /// The precision-free part of a training result.
    struct Summary {
        let steps: Int
        let epochs: Double
        let train: Evaluation
        let test: Evaluation?
        let seconds: Double
        let optimizerReport: String?
    }

    static func train<T: Real>(
        _: T.Type, _ architecture: Architecture, _ initial: Model?, _ data: TrainingData, _ plan: TrainingPlan,
        _ optimizer: OptimizerSettings, _ seed: UInt64, _ arguments: Arguments, run: [String], resumingFrom checkpoint: TrainingCheckpoint?
    ) throws -> Outcome {
        let (train, test) = try data.batches(T.self)
        let network = initial.map { $0.network.converted(to: T.self) } ?? Network<T>(architecture: architecture, seed: seed)
        var trainer = Trainer<T>(plan: plan)
        let logPath = arguments.string("--log")
        trainer.evaluatesEachEpoch = logPath != nil || Output.showsProgress
        var log: [EpochRecord] = checkpoint?.history ?? []
        var sharpness: [SharpnessSample] = checkpoint?.extra.first { $0.key == "sharpness" }?.value.arrayValue?.compactMap(SharpnessSample.init(json:)) ?? []
        let totalSteps = plan.totalSteps(rows: train.count)
        if let interval = try arguments.int("--track-sharpness", range: 1...Int(Int32.max)) {
            let full = try data.batches(Double.self).train
            let tape = Tape<Double>()
            var direction: [Double]?
            trainer.monitor = Trainer.Monitor(interval: interval) { progress in
                let estimate = progress.network.converted(to: Double.self).sharpness(on: full, warmStart: direction, tape: tape)
                direction = estimate.eigenvectors.first
                sharpness.append(SharpnessSample(step: progress.step, sharpness: estimate.eigenvalues[0], learningRate: progress.learningRate))
                return true
            }
        }
        /// Epoch rows and sharpness rows, in step order (an epoch row first when both fall on a step).
        func writeLog() throws {
            guard let logPath else { return }
            var rows: [(step: Int, order: Int, cells: [String])] = log.map { r in
                (r.step, 0, [String(r.epoch), String(r.step), "\(r.train.loss)", r.train.accuracy.map { "\($0)" } ?? "",
                             r.test.map { "\($0.loss)" } ?? "", r.test?.accuracy.map { "\($0)" } ?? "", "", "", "\(r.seconds)"])
            }
            rows += sharpness.map { s in
                (s.step, 1, ["", String(s.step), "", "", "", "", "\(s.sharpness)", "\(s.stabilityLimit)", ""])
            }
            rows.sort { ($0.step, $0.order) < ($1.step, $1.order) }
            let header = "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,sharpness,two_over_lr,seconds\n"
            try Files.writeAtomically(header + rows.map { $0.cells.joined(separator: ",") + "\n" }.joined(), to: logPath)
        }
        let checkpointPath = arguments.string("--checkpoint")
        if let checkpointPath {
            trainer.checkpoints = (interval: try arguments.int("--checkpoint-every", range: 1...Int(Int32.max)), save: { checkpoint in
                var checkpoint = checkpoint
                checkpoint.extra = [
                    JSON.Member("run", .array(run.map(JSON.string))),
                    JSON.Member("sharpness", .array(sharpness.map(\.json))),
                ]
                try checkpoint.save(to: checkpointPath)
            })
        }
        Interruption.install()
        trainer.interruption = { Interruption.isRequested }
        do {
            let result = try trainer.run(network, on: train, test: test, optimizer: optimizer.makeOptimizer(T.self),
                                         resumingFrom: checkpoint) { record in
                log.append(record)
                let testPart = record.test.map { "  test loss \(formatted($0.loss, digits: 4)) acc \(formatted($0.accuracy, digits: 4))" } ?? ""
                Output.progress("epoch \(record.epoch)  step \(record.step)/\(totalSteps)  train loss \(formatted(record.train.loss, digits: 4))\(testPart)")
            }
            Output.endProgress()
            try writeLog()
            return Outcome(result: Summary(steps: result.steps, epochs: result.epochs, train: result.train!, test: result.test,
                                           seconds: result.seconds, optimizerReport: result.optimizerReport),
                           network: result.network.converted())
        } catch {
            Output.endProgress()
            try writeLog()
            if case LandscapeError.interrupted = error, let checkpointPath {
                Resume.noteSaved("checkpoint", to: checkpointPath)
            }
            throw error
        }
    }

    static func report(_ result: Summary, architecture: Architecture, rows: Int, arguments: Arguments) {
        if arguments.wantsJSON {
            Output.json(.object([
                "train_loss": .number(result.train.loss), "train_accuracy": .number(result.train.accuracy),
                "test_loss": .number(result.test?.loss), "test_accuracy": .number(result.test?.accuracy),
                "steps": .number(result.steps), "epochs": .number(result.epochs), "seconds": .number(result.seconds),
            ]))
            return
        }
        let shape = architecture.sizes.map(String.init).joined(separator: "-")
        print("trained \(shape) \(architecture.activation.rawValue) on \(rows) rows: \(formatted(result.epochs)) epochs, \(result.steps) steps, \(formatted(result.seconds, digits: 3)) s")
        print("train  loss \(formatted(result.train.loss))  accuracy \(formatted(result.train.accuracy))")
        if let test = result.test {
            print("test   loss \(formatted(test.loss))  accuracy \(formatted(test.accuracy))")
        }
        if let out = arguments.string("--out") { print("model written to \(out)") }
    }
}
