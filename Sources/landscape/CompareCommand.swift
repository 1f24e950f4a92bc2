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
        "landscape compare --data datasets/iris.csv --split 0.8 --hidden 16 --batches 4,64 --epochs 50 --seeds 3 --save-baseline gap.json",
        "landscape compare --check-baseline gap.json --tolerance 3sd+0.01",
        "landscape compare --data datasets/wine.csv --split 0.7 --hidden 16 --batches 8,128 --epochs 20 --seeds 2 --match steps --train-precision float32 --svg study.svg",
    ]
    typealias Settings = TrainingOptions
    static let batches = Option.integers("--batches", "batch sizes to compare, e.g. 8,512 (the first is the reference of the differences)",
                                         in: 1...Int(Int32.max))
    static let lr = Option.numbers("--lr", "one learning rate, or one per batch size", .positive, default: [0.05], defaultText: "0.05")
    static let lrScaling = Option<BatchSizeStudy.LearningRateScaling>.choice("--lr-scaling", "scale the learning rate with batch / smallest batch",
                                                                             default: BatchSizeStudy.LearningRateScaling.none)
    static let epochs = Option.integer("--epochs", "epochs per run", in: 1...1_000_000, default: 100)
    static let seeds = Option.integer("--seeds", "paired seeds per batch size", in: 1...10_000, default: 5)
    static let firstSeed = Option.seed("--seed", "first seed: the seeds are S, S+1, …", placeholder: "S")
    static let match = Option<BatchSizeStudy.Matching>.choice("--match", "what the batch sizes share", default: .epochs)
    static let trainPrecision = Option<Precision>.choice("--train-precision", "precision of training; evaluation and sharpness are float64",
                                                         default: .float64)
    static let trackSharpness = Option.integer("--track-sharpness", "record the sharpness every N steps during training (and plot it with --trace-svg)",
                                               in: 1...Int(Int32.max))
    static let onDiverge = Option<BatchSizeStudy.DivergencePolicy>.choice("--on-diverge", "record a diverging run and go on, or end the study",
                                                                          default: .skip)
    static let split = Settings.setting("split", defaultText: "0.8 unless --test is given")
    static let settings = [Settings.data, split, Settings.test, Settings.hidden, Settings.activation, Settings.loss, Settings.classes]
        + Settings.optimizer
    /// The options that define the study, which a baseline fixes.
    static let studyOptions: [any OptionDeclaration] = [Settings.data, split, Settings.test, Settings.noStandardize, Settings.hidden, Settings.activation,
                                                        Settings.loss, Settings.classes,
                                                        batches, lr, lrScaling, epochs, seeds, firstSeed, match, trainPrecision, trackSharpness,
                                                        onDiverge] + Settings.optimizer
    static let csv = Option.output("--csv", "write one row per run")
    static let svg = Option.output("--svg", "plot sharpness against the generalization gap, per seed and per batch size")
    static let traceSVG = Option.output("--trace-svg", "plot the sharpness during training (needs --track-sharpness)")
    static let timings = Option.flag("--timings", "include wall times in the JSON (otherwise the same command gives the same bytes)")
    static let saveBaseline = Option.output("--save-baseline", "record this study, to check later runs against")
    static let checkBaseline = Option.input("--check-baseline", "re-run the study recorded in FILE; exit 1 if a figure moved beyond --tolerance")
    static let tolerance = Option<StudyBaseline.Tolerance>("--tolerance", "SPEC", "for --check-baseline: Ksd, X or Ksd+X",
                                                           default: StudyBaseline.Tolerance(sd: 3, absolute: 1e-9), defaultText: "3sd+1e-9",
                                                           parse: StudyBaseline.Tolerance.init(parsing:))
    static let checkpoint = Option.output("--checkpoint", "save the finished runs after each one (and on Ctrl-C), to continue with --resume")
    static let resume = Option.input("--resume", "continue the study saved in this checkpoint (same command otherwise)")
    static let options: [any OptionDeclaration] = studyOptions + [
        csv, svg, traceSVG, timings, saveBaseline, checkBaseline, tolerance, checkpoint, resume, Options.threads, Options.json,
    ]

    static let rewrites = [(output: "--checkpoint", input: "--resume")]

    static func run(_ arguments: Arguments) throws {
        let study: BatchSizeStudy
        var baseline: StudyBaseline?
        if let path = arguments.value(checkBaseline) {
            if let flag = arguments.first(of: studyOptions) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --check-baseline (the baseline fixes the study)")
            }
            try arguments.requireAtMostOne(of: [saveBaseline, checkBaseline])
            baseline = try StudyBaseline.load(path)
            study = baseline!.study
        } else {
            try arguments.require(checkBaseline, for: tolerance, "(it applies to a baseline check only)")
            study = try makeStudy(arguments)
        }
        if arguments.has(traceSVG), study.sharpnessInterval == nil {
            throw LandscapeError.invalidInput("--trace-svg needs --track-sharpness N")
        }
        let finished: [[StudyRun]] = try arguments.value(resume).map { path in
            let checkpoint = try StudyCheckpoint.load(path)
            try checkpoint.requireSameStudy(study, name: path)
            return checkpoint.runs
        } ?? []
        let checkpointPath = arguments.value(checkpoint)
        if baseline == nil, !arguments.has(split), !arguments.has(Settings.test) {
            Output.note("note: no --split or --test given; holding out a stratified 20% (--split 0.8) for the generalization gap")
        }
        Interruption.install()
        let result: StudyResult
        do {
            defer { Output.endProgress() }
            result = try study.run(finished: finished, interruption: { Interruption.isRequested }, onRunFinished: { runs in
                try checkpointPath.map { try StudyCheckpoint(study: study, runs: runs).save(to: $0) }
            }, progress: { Output.progress($0) })
        } catch LandscapeError.interrupted(let step) {
            if let checkpointPath {
                Output.note("finished runs saved to \(checkpointPath); continue with the same command and --resume \(checkpointPath)")
            }
            throw LandscapeError.interrupted(step: step)
        }

        if let path = arguments.value(csv) { try Files.writeAtomically(csv(result), to: path) }
        if let path = arguments.value(svg) { try Files.writeAtomically(Figures.sharpnessAndGap(result), to: path) }
        if let path = arguments.value(traceSVG) { try Files.writeAtomically(Figures.sharpnessTrace(result), to: path) }
        if let path = arguments.value(saveBaseline) {
            try StudyBaseline(study: study, result: result.json(timings: false)).save(to: path)
        }
        if arguments.has(Options.json) {
            Output.json(result.json(timings: arguments.has(timings)))
        } else {
            print(markdown(result, study: study), terminator: "")
        }
        if let baseline {
            let violations = baseline.violations(of: result, tolerance: arguments[tolerance])
            for line in violations { Output.note("baseline: \(line)") }
            guard violations.isEmpty else {
                throw LandscapeError.checkFailed("\(violations.count) figure\(violations.count == 1 ? "" : "s") outside the baseline's tolerance")
            }
            Output.note("baseline holds: every figure within \(arguments.text(tolerance) ?? "3sd+1e-9")")
        }
    }

    /// The study the options describe.
    static func makeStudy(_ arguments: Arguments) throws -> BatchSizeStudy {
        guard let batches = arguments.value(batches), !batches.isEmpty else {
            throw LandscapeError.invalidInput("--batches is required, e.g. --batches 8,512")
        }
        guard Set(batches).count == batches.count else { throw LandscapeError.invalidInput("--batches lists a batch size twice") }
        let rates = arguments[lr]
        guard rates.count == 1 || rates.count == batches.count else {
            throw LandscapeError.invalidInput("--lr: give one learning rate or one per batch size (\(batches.count))")
        }
        let scaling = arguments[lrScaling]
        if rates.count > 1, scaling != .none {
            throw LandscapeError.invalidInput("--lr-scaling applies to a single --lr, not to one per batch size")
        }
        let seedCount = arguments[seeds]
        let first = arguments[firstSeed]
        guard first <= UInt64.max - UInt64(seedCount) else { throw LandscapeError.invalidInput("--seed: too large for --seeds \(seedCount)") }
        var base = RunConfiguration(data: try arguments.required(Settings.data))
        if !arguments.has(Settings.test) { base.split = .fraction(0.8) }
        try TrainingOptions.apply(arguments, settings, to: &base)
        base.seed = first
        base.precision = arguments[trainPrecision]
        let study = BatchSizeStudy(
            base: base, batchSizes: batches, learningRates: rates.count == 1 ? Array(repeating: rates[0], count: batches.count) : rates,
            scaling: scaling, epochs: arguments[epochs], seedCount: seedCount, matching: arguments[match],
            sharpnessInterval: arguments.value(trackSharpness), divergencePolicy: arguments[onDiverge])
        for configuration in study.configurations { try configuration.validate() }
        return study
    }

    // MARK: Text

    static func markdown(_ result: StudyResult, study: BatchSizeStudy) -> String {
        let a = result.architecture
        var text = "compare on \(result.source): \(a.sizes.map(String.init).joined(separator: "-")) \(a.activation.rawValue), "
        text += "\(study.base.optimizer), matched \(study.matching.rawValue), \(study.seeds.count) seeds from \(study.seeds[0]), "
        text += "training in \(study.base.precision.rawValue); \(result.trainingRows) training and \(result.testRows) test rows\n\n"
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
