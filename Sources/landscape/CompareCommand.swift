import Foundation
import Landscape

struct CompareCommand: ShardableCommand {
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
    --shard K/N --part FILE computes one share of the runs; landscape merge joins the parts.
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
    static let epochs = Option.integer("--epochs", "epochs per run", in: 1...1_000_000, default: 100)
    static let trainPrecision = Option<Precision>.choice("--train-precision", "precision of training; evaluation and sharpness are float64",
                                                         default: .float64)
    static let split = Settings.setting("split", defaultText: "0.8 unless --test is given")
    static let settings = [Settings.data, split, Settings.test, Settings.hidden, Settings.activation, Settings.loss, Settings.classes]
        + Settings.optimizer
    /// The options that define the study, which a baseline fixes.
    static let studyOptions: [any OptionDeclaration] = [Settings.data, split, Settings.test, Settings.noStandardize, Settings.hidden, Settings.activation,
                                                        Settings.loss, Settings.classes,
                                                        batches, lr, StudyOptions.lrScaling, epochs, StudyOptions.seeds, StudyOptions.firstSeed,
                                                        StudyOptions.match, trainPrecision, StudyOptions.trackSharpness, StudyOptions.onDiverge]
        + Settings.optimizer
    static let svg = Option.output("--svg", "plot sharpness against the generalization gap, per seed and per batch size")
    static let options: [any OptionDeclaration] = studyOptions + [
        StudyOptions.csv, svg, StudyOptions.traceSVG, StudyOptions.timings, StudyOptions.saveBaseline, StudyOptions.checkBaseline,
        StudyOptions.tolerance, StudyOptions.checkpoint, StudyOptions.resume,
    ] + ShardOptions.options + [Options.threads, Options.json]

    static let rewrites = StudyOptions.rewrites
    static let mergeOutputs: [any OptionDeclaration] = [StudyOptions.csv, svg, StudyOptions.traceSVG, StudyOptions.timings, StudyOptions.saveBaseline]

    static func run(_ arguments: Arguments) throws {
        let shard = try ShardOptions.shard(arguments, refusing: [StudyOptions.checkBaseline, StudyOptions.timings])
        let (study, baseline) = try StudyOptions.study(arguments, studyOptions: studyOptions, make: makeStudy)
        try study.requireBatchSizeStudy()
        if baseline == nil, !arguments.has(split), !arguments.has(Settings.test) {
            Output.note("note: no --split or --test given; holding out a stratified 20% (--split 0.8) for the generalization gap")
        }
        if let shard { return try StudyOptions.runShard(study, shard: shard, command: name, arguments: arguments) }
        try StudyOptions.run(study, baseline: baseline, arguments: arguments, form: .batchSizes, csvSettings: ["batch"], svg: svg) {
            markdown($0, study: study)
        }
    }

    /// Writes and prints what `run` does for the study of `work`, from its shards' `pieces`.
    static func merge(_ pieces: [Int: JSON], work: Arguments, outputs: Arguments) throws {
        let study = try makeStudy(work)
        try StudyOptions.render(try StudyOptions.result(pieces, of: study), study: study, arguments: outputs, form: .batchSizes,
                                csvSettings: ["batch"], svg: svg) { markdown($0, study: study) }
    }

    /// The study the options describe.
    static func makeStudy(_ arguments: Arguments) throws -> Study {
        guard let batches = arguments.value(batches), !batches.isEmpty else {
            throw LandscapeError.invalidInput("--batches is required, e.g. --batches 8,512")
        }
        guard Set(batches).count == batches.count else { throw LandscapeError.invalidInput("--batches lists a batch size twice") }
        let rates = arguments[lr]
        guard rates.count == 1 || rates.count == batches.count else {
            throw LandscapeError.invalidInput("--lr: give one learning rate or one per batch size (\(batches.count))")
        }
        let scaling = arguments[StudyOptions.lrScaling]
        if rates.count > 1, scaling != .none {
            throw LandscapeError.invalidInput("--lr-scaling applies to a single --lr, not to one per batch size")
        }
        let (first, seedCount) = try StudyOptions.seedRange(arguments)
        var base = RunConfiguration(data: try arguments.required(Settings.data))
        if !arguments.has(Settings.test) { base.split = .fraction(0.8) }
        try TrainingOptions.apply(arguments, settings, to: &base)
        base.seed = first
        base.precision = arguments[trainPrecision]
        let study = Study.batchSizes(
            base: base, batchSizes: batches, learningRates: rates.count == 1 ? Array(repeating: rates[0], count: batches.count) : rates,
            scaling: scaling, epochs: arguments[epochs], seedCount: seedCount, matching: arguments[StudyOptions.match],
            sharpnessInterval: arguments.value(StudyOptions.trackSharpness), divergencePolicy: arguments[StudyOptions.onDiverge])
        try study.validate()
        return study
    }

    // MARK: Text

    static func markdown(_ result: StudyResult, study: Study) -> String {
        let a = result.architecture
        var text = "compare on \(result.source): \(a.sizes.map(String.init).joined(separator: "-")) \(a.activation.rawValue), "
        text += "\(study.configurations[0].optimizer), matched \(study.matching.rawValue), \(study.seeds.count) seeds from \(study.seeds[0]), "
        text += "training in \(study.configurations[0].precision.rawValue); \(result.trainingRows) training and \(result.testRows) test rows\n\n"
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
        text += StudyOptions.notes(result, study: study)
        return text
    }

    static func signed(_ x: Double) -> String { (x > 0 ? "+" : "") + formatted(x, digits: 4) }
}
