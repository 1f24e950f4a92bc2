import Foundation
import Landscape

/// What `compare` and `study` share: the seeds and controls of a study, its outputs, baselines and
/// checkpoints, and running it.
enum StudyOptions {
    static let seeds = Option.integer("--seeds", "paired seeds per configuration", in: 1...10_000, default: 5)
    static let firstSeed = Option.seed("--seed", "first seed: the seeds are S, S+1, …", placeholder: "S")
    static let match = Option<Study.Matching>.choice("--match", "what the configurations share", default: .epochs)
    static let lrScaling = Option<Study.LearningRateScaling>.choice("--lr-scaling", "scale the learning rate with batch / smallest batch",
                                                                    default: Study.LearningRateScaling.none)
    static let trackSharpness = Option.integer("--track-sharpness", "record the sharpness every N steps during training (and plot it with --trace-svg)",
                                               in: 1...Int(Int32.max))
    static let onDiverge = Option<Study.DivergencePolicy>.choice("--on-diverge", "record a diverging run and go on, or end the study",
                                                                 default: .skip)
    static let csv = Option.output("--csv", "write one row per run")
    static let traceSVG = Option.output("--trace-svg", "plot the sharpness during training (needs --track-sharpness)")
    static let timings = Option.flag("--timings", "include wall times in the JSON (otherwise the same command gives the same bytes)")
    static let saveBaseline = Option.output("--save-baseline", "record this study, to check later runs against")
    static let checkBaseline = Option.input("--check-baseline", "re-run the study recorded in FILE; exit 1 if a figure moved beyond --tolerance")
    static let tolerance = Option<StudyBaseline.Tolerance>("--tolerance", "SPEC", "for --check-baseline: Ksd, X or Ksd+X",
                                                           default: StudyBaseline.Tolerance(sd: 3, absolute: 1e-9), defaultText: "3sd+1e-9",
                                                           parse: StudyBaseline.Tolerance.init(parsing:))
    static let checkpoint = Option.output("--checkpoint", "save the finished runs as they finish (paced to a twentieth of the time) and when stopped, to continue with --resume")
    static let resume = Option.input("--resume", "continue the study saved in this checkpoint (same command otherwise)")

    static let saveModels = Option.text("--save-models", "DIR",
                                        "write each run's trained model into the folder DIR, as DIR/SETTINGS-seedS.json (e.g. hidden-64-seed3.json)")

    static let rewrites = [(output: "--checkpoint", input: "--resume")]

    /// Where `--save-models` writes the model of configuration `index` on `seed`: the varied
    /// settings and their values, spaces as `-` and settings apart by `_`, then the seed.
    static func modelPath(_ study: Study, folder: String, configuration index: Int, seed: UInt64) -> String {
        let label = study.label(of: index).replacingOccurrences(of: ", ", with: "_").replacingOccurrences(of: " ", with: "-")
        let safe = String(label.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) ? Character($0) : "_" })
        return (folder.hasSuffix("/") ? folder : folder + "/") + "\(safe)-seed\(seed).json"
    }

    /// Every file `--save-models` would write for `study`, for the output checks.
    static func modelPaths(_ study: Study, arguments: Arguments) -> [(option: String, path: String)] {
        guard let folder = arguments.value(saveModels) else { return [] }
        return study.configurations.indices.flatMap { i in study.seeds.map { (saveModels.name, modelPath(study, folder: folder, configuration: i, seed: $0)) } }
    }

    /// What writes each run's model for `--save-models`, if given.
    static func modelWriter(_ study: Study, arguments: Arguments) -> Study.TrainedModelHandler? {
        guard let folder = arguments.value(saveModels) else { return nil }
        return { i, seed, model in try model.save(to: modelPath(study, folder: folder, configuration: i, seed: seed)) }
    }

    /// The study a command describes: from `--check-baseline` (then none of `studyOptions` may be
    /// given), or made from the options by `make`.
    static func study(_ arguments: Arguments, studyOptions: [any OptionDeclaration],
                      make: (Arguments) throws -> Study) throws -> (study: Study, baseline: StudyBaseline?) {
        var baseline: StudyBaseline?
        let study: Study
        if let path = arguments.value(checkBaseline) {
            if let flag = arguments.first(of: studyOptions) {
                throw LandscapeError.invalidInput("\(flag.name) cannot be combined with --check-baseline (the baseline fixes the study)")
            }
            try arguments.requireAtMostOne(of: [saveBaseline, checkBaseline])
            baseline = try StudyBaseline.load(path)
            study = baseline!.study
        } else {
            try arguments.require(checkBaseline, for: tolerance, "(it applies to a baseline check only)")
            study = try make(arguments)
        }
        if arguments.has(traceSVG), study.sharpnessInterval == nil {
            throw LandscapeError.invalidInput("--trace-svg needs --track-sharpness N")
        }
        return (study, baseline)
    }

    /// The paired seeds of the options, checked to fit in 64 bits.
    static func seedRange(_ arguments: Arguments) throws -> (first: UInt64, count: Int) {
        let count = arguments[seeds]
        let first = arguments[firstSeed]
        guard first <= UInt64.max - UInt64(count) else { throw LandscapeError.invalidInput("--seed: too large for --seeds \(count)") }
        return (first, count)
    }

    /// Runs `study` (continuing `--resume`, saving `--checkpoint`), writes the files asked for and
    /// prints the result as `form` JSON or as `text`; then checks `baseline`, if any.
    static func run(_ study: Study, baseline: StudyBaseline?, arguments: Arguments, form: StudyResult.Form, csvSettings: [String],
                    svg: Option<String>, text: (StudyResult) -> String) throws {
        let finished: [[StudyRun]] = try arguments.value(resume).map { path in
            let checkpoint = try StudyCheckpoint.load(path)
            try checkpoint.requireSameStudy(study, name: path)
            return checkpoint.runs
        } ?? []
        let checkpointPath = arguments.value(checkpoint)
        let saves = PacedSaves<[[StudyRun]]> { runs in try checkpointPath.map { try StudyCheckpoint(study: study, runs: runs).save(to: $0) } }
        Interruption.install()
        let result: StudyResult
        do {
            defer { Output.endProgress() }
            result = try study.run(finished: finished, interruption: { Interruption.isRequested }, trainedModel: modelWriter(study, arguments: arguments),
                                   onRunFinished: { runs in
                if checkpointPath != nil { try saves.offer(runs) }
            }, progress: { Output.progress($0) })
        } catch {
            try saves.flush()
            if case LandscapeError.interrupted = error, let checkpointPath {
                Output.note("finished runs saved to \(checkpointPath); continue with the same command and --resume \(checkpointPath)")
            }
            throw error
        }
        try render(result, study: study, arguments: arguments, form: form, csvSettings: csvSettings, svg: svg, text: text)
        if let baseline {
            let violations = baseline.violations(of: result, tolerance: arguments[tolerance])
            for line in violations { Output.note("baseline: \(line)") }
            guard violations.isEmpty else {
                throw LandscapeError.checkFailed("\(violations.count) figure\(violations.count == 1 ? "" : "s") outside the baseline's tolerance")
            }
            Output.note("baseline holds: every figure within \(arguments.text(tolerance) ?? "3sd+1e-9")")
        }
    }

    /// Writes the files `arguments` ask for and prints `result` as `form` JSON or as `text`: what
    /// a study and `landscape merge` of its shards both do.
    static func render(_ result: StudyResult, study: Study, arguments: Arguments, form: StudyResult.Form, csvSettings: [String],
                       svg: Option<String>, text: (StudyResult) -> String) throws {
        if let path = arguments.value(csv) { try Files.writeAtomically(self.csv(result, settings: csvSettings), to: path) }
        if let path = arguments.value(svg) {
            try Files.writeAtomically(Figures.measureAndGap(result, measure: study.measures.first ?? .sharpness), to: path)
        }
        if let path = arguments.value(traceSVG) { try Files.writeAtomically(Figures.sharpnessTrace(result), to: path) }
        if let path = arguments.value(saveBaseline) {
            try StudyBaseline(study: study, result: result.json(timings: false, form: form)).save(to: path)
        }
        if arguments.has(Options.json) {
            Output.json(result.json(timings: arguments.has(timings), form: form))
        } else {
            print(text(result), terminator: "")
        }
    }

    // MARK: Shards

    /// Computes `shard`'s runs of `study` into its part (`ShardOptions.run`); each piece holds the
    /// runs of its configurations on its seed.
    static func runShard(_ study: Study, shard: Shard, command: String, arguments: Arguments) throws {
        let defining = arguments.arguments(excluding: ShardOptions.options + [Options.json, Options.threads, timings])
        Interruption.install()
        defer { Output.endProgress() }
        try ShardOptions.run(command, shard: shard, arguments: arguments, defining: defining, pieceCount: study.pieceCount) { done, offer in
            let runs = try study.runs(shard: shard, finished: try self.runs(done, of: study), interruption: { Interruption.isRequested },
                                      trainedModel: modelWriter(study, arguments: arguments),
                                      onRunFinished: { runs in try offer { pieces(runs(), of: study) } }, progress: { Output.progress($0) })
            return pieces(runs, of: study)
        }
    }

    /// Runs as pieces: piece → `[{configuration, run}]`.
    static func pieces(_ runs: [[StudyRun]], of study: Study) -> [Int: JSON] {
        var pieces: [Int: [JSON]] = [:]
        let seeds = study.seeds
        for (i, list) in runs.enumerated() {
            for run in list {
                let piece = study.piece(configuration: i, seedIndex: seeds.firstIndex(of: run.seed)!)
                pieces[piece, default: []].append(.object([
                    "configuration": .number(i), "run": run.json(measuring: study.measures, timings: true, resumable: true),
                ]))
            }
        }
        return pieces.mapValues(JSON.array)
    }

    /// Pieces as runs, each configuration's in seed order.
    static func runs(_ pieces: [Int: JSON], of study: Study) throws -> [[StudyRun]] {
        var runs = [[StudyRun]](repeating: [], count: study.configurations.count)
        for (_, piece) in pieces.sorted(by: { $0.key < $1.key }) {
            for item in piece.arrayValue ?? [] {
                guard let i = item["configuration"]?.intValue, runs.indices.contains(i), let run = item["run"] else {
                    throw LandscapeError.invalidInput("a part's run names no configuration of the study")
                }
                runs[i].append(try StudyRun(json: run))
            }
        }
        let seeds = study.seeds
        return runs.map { $0.sorted { seeds.firstIndex(of: $0.seed) ?? 0 < seeds.firstIndex(of: $1.seed) ?? 0 } }
    }

    /// The whole study's result from all its pieces, refusing a set that is not every run once.
    static func result(_ pieces: [Int: JSON], of study: Study) throws -> StudyResult {
        let runs = try self.runs(pieces, of: study)
        for (i, list) in runs.enumerated() where list.map(\.seed) != study.seeds {
            throw LandscapeError.invalidInput("the parts hold \(list.count) of configuration \(i + 1)'s \(study.seedCount) runs")
        }
        return try study.result(runs)
    }

    /// One row per run: the configuration's `settings`, its learning rate, the run's figures.
    static func csv(_ result: StudyResult, settings: [String]) -> String {
        let names = result.metricNames
        var text = (settings + ["lr", "seed", "steps", "epochs"] + names + ["sharpness_converged", "diverged_at", "seconds"])
            .joined(separator: ",") + "\n"
        for c in result.configurations {
            let values = settings.map { RunConfiguration.setting(named: $0)?.value(in: c.configuration) ?? "" }
            for run in c.runs {
                var cells = values.map(csvText) + ["\(c.learningRate)", "\(run.seed)", "\(run.steps)", "\(run.epochs)"]
                cells += names.map { run.metric($0).map { "\($0)" } ?? "" }
                cells += [run.sharpnessConverged.map { "\($0)" } ?? "", run.divergedAt.map(String.init) ?? "", "\(run.seconds)"]
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// A CSV cell for text: quoted when it holds a comma or a quote.
    static func csvText(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    /// Notes under a study's table: diverged runs, sharpness that did not converge, runs that
    /// missed the matched loss.
    static func notes(_ result: StudyResult, study: Study) -> String {
        var notes: [String] = []
        for (i, c) in result.configurations.enumerated() {
            let diverged = c.runs.filter { $0.divergedAt != nil }
            if !diverged.isEmpty {
                notes.append("\(c.label): \(diverged.count) run(s) diverged (seeds \(diverged.map { String($0.seed) }.joined(separator: ", "))) and are left out")
            }
            let unconverged = c.finished.filter { $0.sharpnessConverged == false }
            if !unconverged.isEmpty { notes.append("\(c.label): the sharpness of \(unconverged.count) run(s) did not converge") }
            let missed = c.runs.filter { $0.reachedTarget == false }
            if !missed.isEmpty {
                let length = switch study.configurations[i].length {
                case .epochs(let e): "\(10 * e) epochs"
                case .steps(let s): "\(10 * s) steps"
                }
                notes.append("\(c.label): \(missed.count) run(s) did not reach the matched loss within \(length)")
            }
        }
        return notes.isEmpty ? "" : "\n" + notes.map { "note: " + $0 }.joined(separator: "\n") + "\n"
    }
}
