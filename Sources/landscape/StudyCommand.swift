import Foundation
import Landscape

struct StudyCommand: ShardableCommand {
    static let name = "study"
    static let summary = "a study over any training settings: gaps, measures, and which measure predicts generalization"
    static let discussion = """
    Trains every combination of the --vary values (a crossed grid) on paired seeds: seed s gives
    every configuration the same initial weights and the same shuffle stream. On every run it
    measures the training and test loss and accuracy, both generalization gaps, and the --measures
    (each defined in docs/FORMATS.md#measures). Prints a table of means ± sd per configuration, and
    Kendall's rank correlation τ of each measure with each gap over all runs; when two or more
    settings vary, also Jiang et al.'s granulated τ: per varied setting, τ among runs that differ
    in that setting only, and their mean.

    --vary NAME=LIST takes any training setting (batch, lr, optimizer, momentum, weight-decay,
    dropout, hidden, activation, schedule, epochs or steps, rho, init-scale, …); values are
    comma-separated, or |-separated when they hold commas ('hidden=16|32,32', quoted for the
    shell). A hyperparameter given beside a varied optimizer goes to the optimizers that read it
    (--vary optimizer=sgd,sam --rho 0.1). The settings that decide the rows, the loss and the
    seeds (data, split, test, standardize, loss, classes, init, seed) are shared. The controls are
    compare's: --match, --lr-scaling. Runs are spread over the cores; the numbers are the same for
    any --threads. --shard K/N --part FILE computes one share of the runs, on another machine or as
    a Slurm array task; landscape merge joins the parts into this command's output (docs/cluster.md).
    """
    static let examples = [
        "landscape study --data datasets/iris.csv --hidden 16 --epochs 50 --vary weight-decay=0,0.001,0.01 --seeds 3",
        "landscape study --data datasets/wine.csv --hidden 16 --epochs 30 --vary batch=8,64 --vary dropout=0,0.2 --seeds 3 --measures sharpness,pac_bayes_sigma,weight_norm --json",
        "landscape study --data datasets/iris.csv --epochs 40 --vary 'hidden=4|16,16' --vary optimizer=sgd,sam --rho 0.05 --seeds 2 --csv runs.csv --svg gap.svg",
        "landscape study --data datasets/iris.csv --hidden 8 --epochs 20 --vary lr=0.02,0.1 --seeds 2 --shard 0/2 --part p0.json",
        "landscape study --data datasets/iris.csv --hidden 8 --epochs 20 --vary lr=0.02,0.1 --seeds 2 --shard 1/2 --part p1.json",
    ]

    typealias Settings = TrainingOptions
    static let split = Settings.setting("split", defaultText: "0.8 unless --test is given")
    /// The settings every configuration starts from; `--vary` replaces some of them.
    static let settings = [Settings.data, split, Settings.test, Settings.hidden, Settings.activation, Settings.loss, Settings.classes,
                           Settings.initialModel, Settings.initScale, Settings.dropout, Settings.batch, Settings.lr, Settings.epochs,
                           Settings.steps] + Settings.optimizer + [Settings.precision]
    static let vary = Option<Study.Variation>("--vary", "NAME=LIST", "a setting and its values, e.g. lr=0.01,0.1 or hidden=16|32,32",
                                              repeatable: true, parse: parseVariation)
    static let measures = Option<[Measure]>("--measures", "LIST", "what to measure on every run: \(Measure.allCases.map(\.rawValue).joined(separator: ", ")), or all",
                                            default: Measure.standard, defaultText: "sharpness,weight_norm", parse: parseMeasures)
    static let yes = Option.flag("--yes", "run a grid of more than \(maximumRuns) runs")
    static let svg = Option.output("--svg", "plot the first measure against the generalization gap, per run and per configuration")
    /// The options that define the study, which a baseline fixes.
    static let studyOptions: [any OptionDeclaration] = [Settings.data, split, Settings.test, Settings.noStandardize] + Array(settings.dropFirst(3))
        + [vary, StudyOptions.seeds, StudyOptions.firstSeed, StudyOptions.match, StudyOptions.lrScaling, measures,
           StudyOptions.trackSharpness, StudyOptions.onDiverge]
    static let options: [any OptionDeclaration] = studyOptions + [
        StudyOptions.csv, svg, StudyOptions.traceSVG, StudyOptions.timings, StudyOptions.saveBaseline, StudyOptions.checkBaseline,
        StudyOptions.tolerance, StudyOptions.checkpoint, StudyOptions.resume, StudyOptions.saveModels, yes,
    ] + ShardOptions.options + [Options.threads, Options.json]
    static let rewrites = StudyOptions.rewrites
    static let mergeOutputs: [any OptionDeclaration] = [StudyOptions.csv, svg, StudyOptions.traceSVG, StudyOptions.timings, StudyOptions.saveBaseline]

    /// The models `--save-models` writes, checked as outputs before any run (no study, no check:
    /// a study that cannot be made is refused by `run`).
    static func derivedOutputs(_ arguments: Arguments) -> [(option: String, path: String)] {
        guard arguments.has(StudyOptions.saveModels),
              let (study, _) = try? StudyOptions.study(arguments, studyOptions: studyOptions, make: makeStudy) else { return [] }
        return StudyOptions.modelPaths(study, arguments: arguments)
    }

    /// Runs a grid may hold without `--yes`.
    static let maximumRuns = 10_000

    static func run(_ arguments: Arguments) throws {
        let shard = try ShardOptions.shard(arguments, refusing: [StudyOptions.checkBaseline, StudyOptions.timings])
        let (study, baseline) = try StudyOptions.study(arguments, studyOptions: studyOptions, make: makeStudy)
        if baseline == nil, !arguments.has(split), !arguments.has(Settings.test) {
            Output.note("note: no --split or --test given; holding out a stratified 20% (--split 0.8) for the generalization gap")
        }
        if let shard { return try StudyOptions.runShard(study, shard: shard, command: name, arguments: arguments) }
        try StudyOptions.run(study, baseline: baseline, arguments: arguments, form: .study, csvSettings: csvSettings(study), svg: svg) {
            text($0, study: study)
        }
    }

    /// Writes and prints what `run` does for the study of `work`, from its shards' `pieces`.
    static func merge(_ pieces: [Int: JSON], work: Arguments, outputs: Arguments) throws {
        let study = try makeStudy(work)
        try StudyOptions.render(try StudyOptions.result(pieces, of: study), study: study, arguments: outputs, form: .study,
                                csvSettings: csvSettings(study), svg: svg) { text($0, study: study) }
    }

    /// The CSV's setting columns: the varied settings but the learning rate, which has its own.
    static func csvSettings(_ study: Study) -> [String] { study.varied.filter { $0 != "lr" } }

    /// The study the options describe.
    static func makeStudy(_ arguments: Arguments) throws -> Study {
        let variations = arguments.values(vary)
        guard !variations.isEmpty else { throw LandscapeError.invalidInput("--vary is required, e.g. --vary weight-decay=0,0.01") }
        for variation in variations {
            if let given = settings.first(where: { $0.name == "--" + variation.setting }), arguments.has(given) {
                throw LandscapeError.invalidInput("\(given.name) is given and varied; list its values in --vary \(variation.setting)=LIST only")
            }
        }
        try arguments.requireAtMostOne(of: [Settings.epochs, Settings.steps])
        let (first, seedCount) = try StudyOptions.seedRange(arguments)
        var base = RunConfiguration(data: try arguments.required(Settings.data))
        if !arguments.has(Settings.test) { base.split = .fraction(0.8) }
        try TrainingOptions.apply(arguments, settings, to: &base)
        base.seed = first
        let configurations = try Study.grid(base: base, varying: variations)
        let runs = configurations.count * seedCount
        if runs > maximumRuns, !arguments.has(yes) {
            throw LandscapeError.invalidInput("the grid holds \(runs) runs (\(configurations.count) configurations × \(seedCount) seeds); add --yes to run more than \(maximumRuns)")
        }
        let study = Study(configurations: configurations, seedCount: seedCount, matching: arguments[StudyOptions.match],
                          scaling: arguments[StudyOptions.lrScaling], measures: arguments[measures],
                          sharpnessInterval: arguments.value(StudyOptions.trackSharpness), divergencePolicy: arguments[StudyOptions.onDiverge])
        try study.validate()
        return study
    }

    /// `NAME=LIST`: the values split at `|` when there is one, else at commas.
    @Sendable static func parseVariation(_ text: String) throws -> Study.Variation {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw LandscapeError.invalidInput("expected NAME=LIST, e.g. lr=0.01,0.1")
        }
        let list = text[text.index(after: eq)...]
        let values = list.split(separator: list.contains("|") ? "|" : ",", omittingEmptySubsequences: false).map(String.init)
        guard !list.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
            throw LandscapeError.invalidInput("the list of values is empty or has an empty value")
        }
        return Study.Variation(setting: String(text[..<eq]), values: values)
    }

    /// A comma list of measure names, or `all`.
    @Sendable static func parseMeasures(_ text: String) throws -> [Measure] {
        if text == "all" { return Measure.allCases }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let list = names.compactMap(Measure.init(rawValue:))
        guard list.count == names.count, !list.isEmpty else {
            throw LandscapeError.invalidInput("expected a comma list of \(Measure.allCases.map(\.rawValue).joined(separator: ", ")), or all")
        }
        guard Set(list).count == list.count else { throw LandscapeError.invalidInput("a measure is listed twice") }
        return list
    }

    // MARK: Text

    static func text(_ result: StudyResult, study: Study) -> String {
        let a = result.architecture
        let first = study.configurations[0]
        // The network and the optimizer are named when every configuration shares them.
        var shared: [String] = []
        if !result.varied.contains(where: { ["hidden", "activation"].contains($0) }) {
            shared.append("\(a.sizes.map(String.init).joined(separator: "-")) \(a.activation.rawValue)")
        }
        if !result.varied.contains(where: { $0 == "optimizer" || OptimizerSettings.Hyperparameter(rawValue: $0) != nil }) {
            shared.append("\(first.optimizer)")
        }
        var text = "study on \(result.source): " + (shared + ["matched \(study.matching.rawValue)"]).joined(separator: ", ")
        text += ", \(study.seeds.count) seeds from \(study.seeds[0]); \(result.trainingRows) training and \(result.testRows) test rows; "
        text += "varying \(result.varied.isEmpty ? "nothing" : result.varied.joined(separator: ", "))\n\n"
        let columns = ["train_loss", "test_loss", "train_accuracy", "test_accuracy", "gap_loss", "gap_accuracy"]
            + result.measures.map(\.rawValue)
        var rows = [result.varied + ["lr", "steps"] + columns + ["s/run"]]
        for c in result.configurations {
            let values = result.varied.map { RunConfiguration.setting(named: $0)?.value(in: c.configuration) ?? "—" }
            let cells = columns.map { name in c.summary(name).map { "\(formatted($0.mean, digits: 4)) ± \(formatted($0.sd, digits: 2))" } ?? "—" }
            let seconds = c.runs.reduce(0) { $0 + $1.seconds } / Double(max(c.runs.count, 1))
            rows.append(values + [formatted(c.learningRate, digits: 4), formatted(c.meanSteps, digits: 6)] + cells + [formatted(seconds, digits: 3)])
        }
        text += textTable(rows)
        let runs = result.configurations.reduce(0) { $0 + $1.finished.count }
        text += "\nKendall τ of each measure with the generalization gap, over \(runs) runs"
        if result.varied.count >= 2 { text += "; granulated τ (Jiang et al. 2020) per varied setting, and their mean" }
        text += "\n\n"
        var header = ["measure", "τ gap(loss)", "τ gap(acc)", "runs"]
        if result.varied.count >= 2 { header += result.varied.map { "\($0) (loss)" } + ["mean (loss)", "mean (acc)"] }
        var table = [header]
        for measure in result.measures {
            let loss = result.correlation(measure, "gap_loss"), accuracy = result.correlation(measure, "gap_accuracy")
            var row = [measure.rawValue, tau(loss.tau), tau(accuracy.tau), "\(loss.runs)"]
            if result.varied.count >= 2 {
                let granulated = result.granulatedCorrelation(measure, "gap_loss")
                row += granulated.settings.map { tau($0.tau) } + [tau(granulated.mean), tau(result.granulatedCorrelation(measure, "gap_accuracy").mean)]
            }
            table.append(row)
        }
        text += textTable(table)
        text += StudyOptions.notes(result, study: study)
        return text
    }

    static func tau(_ x: Double?) -> String { x.map { (($0 >= 0 ? "+" : "") + String(format: "%.3f", $0)) } ?? "—" }
}
