import Foundation
import Landscape

struct CompareCommand: Command {
    static let name = "compare"
    static let summary = "the batch-size study: sharpness and generalization gap of several batch sizes over paired seeds"
    static let discussion = """
    Trains the same network with each batch size on each seed (seed s gives every batch size the
    same initial weights and the same shuffle stream), then measures on every run the sharpness
    (top Hessian eigenvalue of the full training loss, Lanczos, float64), training and test loss
    and accuracy, both generalization gaps and the weight norm. Prints a table of means ± sd per
    batch size and the paired differences against the first batch size.

    Controls: --match epochs trains every batch size the same epochs; --match steps the same number
    of steps (the smallest batch's); --match loss stops each run when its training loss reaches the
    largest batch's final training loss. --lr-scaling scales the learning rate with the batch size.

    --save-baseline records the study; --check-baseline re-runs a recorded study and exits 1 naming
    every figure that moved by more than --tolerance: a generalization-gap check for CI.
    """
    static let examples = [
        "landscape compare --data datasets/digits.csv --split file:1437 --batches 8,512 --lr 0.05 --epochs 100 --seeds 5",
        "landscape compare --data datasets/digits.csv --split file:1437 --batches 8,512 --match steps --train-precision float32 --svg study.svg",
        "landscape compare --data datasets/iris.csv --split 0.8 --batches 4,64 --hidden 16 --epochs 50 --seeds 3 --save-baseline gap.json",
        "landscape compare --check-baseline gap.json --tolerance 3sd+0.01",
    ]
    static let studyOptions: [Option] = NetworkOptions.data + NetworkOptions.network + [
        Option("--batches", "LIST", "batch sizes to compare, e.g. 8,512 (the first is the reference of the differences)"),
        Option("--lr", "LIST", "one learning rate, or one per batch size (default 0.05)"),
        Option("--lr-scaling", "RULE", "none|linear|sqrt: scale the learning rate with batch / smallest batch (default none)"),
        Option("--epochs", "N", "epochs per run (default 100)"),
        Option("--seeds", "N", "paired seeds per batch size (default 5)"),
        Option("--seed", "S", "first seed (default 0): the seeds are S, S+1, …"),
        Option("--match", "WHAT", "epochs|steps|loss: what the batch sizes share (default epochs)"),
        Option("--train-precision", "P", "float32|float64 for training; evaluation and sharpness are float64 (default float64)"),
        Option("--track-sharpness", "N", "record the sharpness every N steps during training (and plot it with --trace-svg)"),
        Option("--on-diverge", "WHAT", "skip|stop: record a diverging run and go on, or end the study (default skip)"),
    ] + OptimizerOptions.options(list: false)
    static let options: [Option] = studyOptions + [
        Option.output("--csv", "write one row per run"),
        Option.output("--svg", "plot sharpness against the generalization gap, per seed and per batch size"),
        Option.output("--trace-svg", "plot the sharpness during training (needs --track-sharpness)"),
        Option("--timings", "include wall times in the JSON (otherwise the same command gives the same bytes)"),
        Option.output("--save-baseline", "record this study, to check later runs against"),
        Option("--check-baseline", "FILE", "re-run the study recorded in FILE; exit 1 if a figure moved beyond --tolerance"),
        Option("--tolerance", "SPEC", "for --check-baseline: Ksd, X or Ksd+X (default 3sd+1e-9)"),
        Option.output("--checkpoint", "save the finished runs after each one (and on Ctrl-C), to continue with --resume"),
        Option("--resume", "FILE", "continue the study saved in this checkpoint (same command otherwise)"),
        .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        var studyArguments = arguments
        var baseline: StudyBaseline?
        if let path = arguments.string("--check-baseline") {
            if let flag = studyOptions.first(where: { arguments.has($0.name) }) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --check-baseline (the baseline fixes the study)")
            }
            if arguments.has("--save-baseline") { throw LandscapeError.invalidInput("give --save-baseline or --check-baseline, not both") }
            let recorded = try StudyBaseline.load(path)
            baseline = recorded
            studyArguments = try Arguments(recorded.arguments, accepting: studyOptions)
        } else if arguments.has("--tolerance") {
            throw LandscapeError.invalidInput("--tolerance applies to --check-baseline only")
        }
        let tolerance = try arguments.string("--tolerance").map(StudyBaseline.Tolerance.init(parsing:))
            ?? StudyBaseline.Tolerance(sd: 3, absolute: 1e-9)
        if arguments.has("--trace-svg"), !studyArguments.has("--track-sharpness") {
            throw LandscapeError.invalidInput("--trace-svg needs --track-sharpness N")
        }

        let study = try makeStudy(studyArguments)
        if !studyArguments.has("--split"), !studyArguments.has("--test") {
            Output.note("note: no --split or --test given; holding out a stratified 20% (--split 0.8) for the generalization gap")
        }
        let definition = studyArguments.given(studyOptions)
        let finished: [[StudyRun]] = try arguments.string("--resume").map { path in
            let checkpoint = try StudyCheckpoint.load(path)
            try Resume.requireSameOptions(recorded: checkpoint.arguments, given: definition, path: path, kind: "study")
            return checkpoint.runs
        } ?? []
        let checkpointPath = arguments.string("--checkpoint")
        Interruption.install()
        let result: StudyResult
        do {
            result = try study.run(finished: finished, interruption: { Interruption.isRequested }, onRunFinished: { runs in
                try checkpointPath.map { try StudyCheckpoint(arguments: definition, runs: runs).save(to: $0) }
            }, progress: { Output.progress($0) })
        } catch LandscapeError.interrupted(let step) {
            Output.endProgress()
            if let checkpointPath {
                Resume.noteSaved("finished runs", to: checkpointPath)
            }
            throw LandscapeError.interrupted(step: step)
        }
        Output.endProgress()

        if let path = arguments.string("--csv") { try Files.writeAtomically(csv(result), to: path) }
        if let path = arguments.string("--svg") { try Files.writeAtomically(Figures.sharpnessAndGap(result), to: path) }
        if let path = arguments.string("--trace-svg") { try Files.writeAtomically(Figures.sharpnessTrace(result), to: path) }
        if let path = arguments.string("--save-baseline") {
            try StudyBaseline(arguments: definition, study: result.json(timings: false)).save(to: path)
        }
        if arguments.wantsJSON {
            Output.json(result.json(timings: arguments.has("--timings")))
        } else {
            print(markdown(result, study: study), terminator: "")
        }
        if let baseline {
            let violations = baseline.violations(of: result, tolerance: tolerance)
            for line in violations { Output.note("baseline: \(line)") }
            guard violations.isEmpty else {
                throw LandscapeError.checkFailed("\(violations.count) figure\(violations.count == 1 ? "" : "s") outside the baseline's tolerance")
            }
            Output.note("baseline holds: every figure within \(arguments.string("--tolerance") ?? "3sd+1e-9")")
        }
    }

    /// The study the flags describe.
    static func makeStudy(_ arguments: Arguments) throws -> BatchSizeStudy {
        guard let batches = try arguments.ints("--batches", range: 1...Int(Int32.max)), !batches.isEmpty else {
            throw LandscapeError.invalidInput("--batches is required, e.g. --batches 8,512")
        }
        guard Set(batches).count == batches.count else { throw LandscapeError.invalidInput("--batches lists a batch size twice") }
        let rates = try arguments.doubles("--lr") ?? [0.05]
        guard rates.allSatisfy({ $0 > 0 }) else { throw LandscapeError.invalidInput("--lr: learning rates must be positive") }
        guard rates.count == 1 || rates.count == batches.count else {
            throw LandscapeError.invalidInput("--lr: give one learning rate or one per batch size (\(batches.count))")
        }
        let scaling = try arguments.choice("--lr-scaling", BatchSizeStudy.LearningRateScaling.self) ?? .none
        if rates.count > 1, scaling != .none {
            throw LandscapeError.invalidInput("--lr-scaling applies to a single --lr, not to one per batch size")
        }
        let seedCount = try arguments.int("--seeds", range: 1...10_000) ?? 5
        let first = try arguments.seed()
        guard first <= UInt64.max - UInt64(seedCount) else { throw LandscapeError.invalidInput("--seed: too large for --seeds \(seedCount)") }
        let loss = try NetworkOptions.loss(arguments)
        let data = try NetworkOptions.trainingData(arguments, loss: loss, seed: first,
                                                   split: arguments.has("--test") ? nil : .fraction(0.8))
        let settings = try OptimizerOptions.settings(arguments, list: false)[0]
        let perBatch = rates.count == 1 ? Array(repeating: rates[0], count: batches.count) : rates
        return BatchSizeStudy(
            data: data, architecture: try NetworkOptions.architecture(arguments, data: data), batchSizes: batches,
            learningRates: perBatch, scaling: scaling, epochs: try arguments.int("--epochs", range: 1...1_000_000) ?? 100,
            seeds: (0..<UInt64(seedCount)).map { first + $0 },
            matching: try arguments.choice("--match", BatchSizeStudy.Matching.self) ?? .epochs,
            optimizer: settings, schedule: try OptimizerOptions.schedule(arguments, learningRates: perBatch),
            clipping: try OptimizerOptions.clipping(arguments),
            trainingPrecision: try arguments.choice("--train-precision", Precision.self) ?? .float64,
            sharpnessInterval: try arguments.int("--track-sharpness", range: 1...Int(Int32.max)),
            divergencePolicy: try arguments.choice("--on-diverge", BatchSizeStudy.DivergencePolicy.self) ?? .skip)
    }

    // MARK: Text

    static func markdown(_ result: StudyResult, study: BatchSizeStudy) -> String {
        let a = study.architecture
        var text = "compare on \(study.data.train.source): \(a.sizes.map(String.init).joined(separator: "-")) \(a.activation.rawValue), "
        text += "\(study.optimizer), matched \(study.matching.rawValue), \(study.seeds.count) seeds from \(study.seeds[0]), "
        text += "training in \(study.trainingPrecision.rawValue); \(study.data.train.count) training and \(study.data.test?.count ?? 0) test rows\n\n"
        let columns = ["sharpness", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "gap_loss", "gap_accuracy", "weight_norm"]
        let titles = ["sharpness", "train loss", "test loss", "train acc", "test acc", "gap (loss)", "gap (acc)", "‖θ‖"]
        text += "| batch | lr | epochs | steps | " + titles.joined(separator: " | ") + " | s/run |\n"
        text += "|---:|---:|---:|---:|" + String(repeating: "---:|", count: titles.count) + "---:|\n"
        for c in result.configurations {
            let cells = columns.map { name in c.summary(name).map { "\(formatted($0.mean, digits: 4)) ± \(formatted($0.sd, digits: 2))" } ?? "—" }
            let seconds = c.runs.reduce(0) { $0 + $1.seconds } / Double(max(c.runs.count, 1))
            text += "| \(c.batchSize) | \(formatted(c.learningRate, digits: 4)) | \(formatted(c.meanEpochs, digits: 4)) | \(formatted(c.meanSteps, digits: 6)) | "
            text += cells.joined(separator: " | ") + " | \(formatted(seconds, digits: 3)) |\n"
        }
        if result.configurations.count > 1 {
            let first = result.configurations[0].batchSize
            text += "\nPaired differences against batch \(first): mean ± sd over seeds (seeds where positive / seeds)\n\n"
            let shown = ["sharpness", "test_loss", "test_accuracy", "gap_loss", "gap_accuracy"]
            text += "| batch | " + shown.map { titles[columns.firstIndex(of: $0)!] }.joined(separator: " | ") + " |\n"
            text += "|---:|" + String(repeating: "---:|", count: shown.count) + "\n"
            for i in result.configurations.indices.dropFirst() {
                let cells = shown.map { name in
                    result.difference(name, configuration: i).map {
                        "\(signed($0.summary.mean)) ± \(formatted($0.summary.sd, digits: 2)) (\($0.positive)/\($0.summary.count))"
                    } ?? "—"
                }
                text += "| \(result.configurations[i].batchSize) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        var notes: [String] = []
        for c in result.configurations {
            let diverged = c.runs.filter { $0.divergedAt != nil }
            if !diverged.isEmpty {
                notes.append("batch \(c.batchSize): \(diverged.count) run(s) diverged (seeds \(diverged.map { String($0.seed) }.joined(separator: ", "))) and are left out")
            }
            let unconverged = c.finished.filter { $0.sharpnessConverged == false }
            if !unconverged.isEmpty { notes.append("batch \(c.batchSize): the sharpness of \(unconverged.count) run(s) did not converge") }
            let missed = c.runs.filter { $0.reachedTarget == false }
            if !missed.isEmpty { notes.append("batch \(c.batchSize): \(missed.count) run(s) did not reach the matched loss within \(10 * study.epochs) epochs") }
        }
        if !notes.isEmpty { text += "\n" + notes.map { "note: " + $0 }.joined(separator: "\n") + "\n" }
        return text
    }

    static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + formatted(x, digits: 4) }

    // MARK: Files

    static func csv(_ result: StudyResult) -> String {
        var text = "batch,lr,seed,steps,epochs," + StudyRun.metricNames.joined(separator: ",") + ",sharpness_converged,diverged_at,seconds\n"
        for c in result.configurations {
            for run in c.runs {
                var cells = ["\(c.batchSize)", "\(c.learningRate)", "\(run.seed)", "\(run.steps)", "\(run.epochs)"]
                cells += StudyRun.metricNames.map { run.metric($0).map { "\($0)" } ?? "" }
                cells += [run.sharpnessConverged.map { "\($0)" } ?? "", run.divergedAt.map(String.init) ?? "", "\(run.seconds)"]
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }
}
