/// The outcome of a study: every run of every configuration, their means and standard deviations,
/// paired differences against the first configuration, and how well each measure ranks the
/// generalization gaps.
public struct StudyResult: Sendable {
    /// One configuration: its settings, its learning rate after scaling and its runs, one per seed
    /// in seed order.
    public struct Configuration: Sendable {
        public var configuration: RunConfiguration
        /// The study's varied settings and their values here, as `RunConfiguration.json` writes them.
        public var settings: [JSON.Member]
        /// How tables and figures name the configuration: `batch 8`, `dropout 0.1, hidden 32`.
        public var label: String
        public var learningRate: Double
        public var runs: [StudyRun]

        public init(configuration: RunConfiguration, settings: [JSON.Member], label: String, learningRate: Double, runs: [StudyRun]) {
            self.configuration = configuration
            self.settings = settings
            self.label = label
            self.learningRate = learningRate
            self.runs = runs
        }

        public var batchSize: Int { configuration.batchSize }

        /// Runs that did not diverge.
        public var finished: [StudyRun] { runs.filter { $0.divergedAt == nil } }

        /// Mean and sd of a metric over the runs that have it; nil when none has.
        public func summary(_ metric: String) -> Summary? {
            let values = finished.compactMap { $0.metric(metric) }
            return values.isEmpty ? nil : Summary(values)
        }

        /// Mean steps and epochs over the runs (the same for every run unless loss matching stopped them).
        public var meanSteps: Double { Summary(runs.map { Double($0.steps) }).mean }
        public var meanEpochs: Double { Summary(runs.map(\.epochs)).mean }
    }

    /// The shape of the JSON: `compare`'s, which names configurations by batch size, or `study`'s,
    /// which adds their settings and the rank correlations.
    public enum Form: Sendable {
        case batchSizes, study
    }

    public var configurations: [Configuration]
    public var matching: Study.Matching
    /// What was measured on every run.
    public var measures: [Measure]
    /// The settings that differ between configurations.
    public var varied: [String]
    /// The network every run trained (the first configuration's, when the width varies).
    public var architecture: Architecture
    /// The data file, and how many training and test rows it gave.
    public var source: String
    public var trainingRows: Int
    public var testRows: Int

    public init(configurations: [Configuration], matching: Study.Matching, measures: [Measure], varied: [String],
                architecture: Architecture, source: String, trainingRows: Int, testRows: Int) {
        self.configurations = configurations
        self.matching = matching
        self.measures = measures
        self.varied = varied
        self.architecture = architecture
        self.source = source
        self.trainingRows = trainingRows
        self.testRows = testRows
    }

    /// The figures of every run: `compare`'s and then the other measures.
    public var metricNames: [String] { StudyRun.metricNames(measuring: measures) }

    /// `metric` of configuration `index` minus that of the first, over the seeds where both finished.
    public func difference(_ metric: String, configuration index: Int) -> PairedDifference? {
        let first = configurations[0].runs, other = configurations[index].runs
        var a: [Double] = [], b: [Double] = []
        for (x, y) in zip(first, other) where x.divergedAt == nil && y.divergedAt == nil {
            if let u = x.metric(metric), let v = y.metric(metric) {
                a.append(u)
                b.append(v)
            }
        }
        return a.isEmpty ? nil : PairedDifference(a, b)
    }

    /// Kendall's τ_b between `measure` and `gap` over every finished run that has both, and how
    /// many runs that is.
    public func correlation(_ measure: Measure, _ gap: String) -> (tau: Double?, runs: Int) {
        let pairs = configurations.flatMap(\.finished).compactMap { run in
            run.metric(measure.rawValue).flatMap { x in run.metric(gap).map { (x, $0) } }
        }
        return (RankCorrelation.kendallTau(pairs.map(\.0), pairs.map(\.1)), pairs.count)
    }

    /// Jiang et al. (2020)'s granulated τ of `measure` against `gap` for each varied setting: τ
    /// within each group of runs that share the seed and every other varied setting, averaged
    /// over the groups; and the mean over the settings (their Ψ). Nil where no group has a τ.
    public func granulatedCorrelation(_ measure: Measure, _ gap: String) -> (settings: [(name: String, tau: Double?)], mean: Double?) {
        let perSetting = varied.map { name -> (name: String, tau: Double?) in
            var groups: [String: [(x: Double, y: Double)]] = [:]
            var order: [String] = []
            for c in configurations {
                let others = c.settings.filter { $0.key != name }.map { "\($0.key)=\($0.value.compactText)" }.joined(separator: ";")
                for run in c.finished {
                    guard let x = run.metric(measure.rawValue), let y = run.metric(gap) else { continue }
                    let key = others + ";seed=\(run.seed)"
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append((x, y))
                }
            }
            return (name, RankCorrelation.granulated(order.map { groups[$0]! }))
        }
        let taus = perSetting.compactMap(\.tau)
        return (perSetting, taus.isEmpty ? nil : taus.reduce(0, +) / Double(taus.count))
    }

    /// The study as JSON: `matching`, `configs` (each with `runs`, `mean`, `sd` as
    /// `docs/FORMATS.md#command-outputs` lists them) and paired `differences`; in the `study` form
    /// also each configuration's `settings`, the `correlations` of every measure with both gaps
    /// and, when two or more settings vary, the `granulated` ones. Wall times appear only with
    /// `timings`, so that the same command gives the same bytes.
    public func json(timings: Bool, form: Form = .study) -> JSON {
        let names = metricNames
        let configs = configurations.map { c -> JSON in
            var members: [JSON.Member] = form == .study ? [JSON.Member("settings", .object(c.settings))] : []
            members += [
                JSON.Member("batch", .number(c.batchSize)), JSON.Member("lr", .number(c.learningRate)),
                JSON.Member("epochs", StudyResult.count(c.meanEpochs)), JSON.Member("steps", StudyResult.count(c.meanSteps)),
                JSON.Member("runs", .array(c.runs.map { $0.json(measuring: measures, timings: timings) })),
                JSON.Member("mean", .object(names.map { JSON.Member($0, .number(c.summary($0)?.mean)) })),
                JSON.Member("sd", .object(names.map { JSON.Member($0, .number(c.summary($0)?.sd)) })),
                JSON.Member("diverged", .number(c.runs.count - c.finished.count)),
            ]
            if timings { members.append(JSON.Member("seconds", .number(c.runs.reduce(0) { $0 + $1.seconds }))) }
            return .object(members)
        }
        let differences = configurations.indices.dropFirst().map { i -> JSON in
            let metrics = JSON.object(names.compactMap { name in
                difference(name, configuration: i).map { d in
                    JSON.Member(name, .object(["mean": .number(d.summary.mean), "sd": .number(d.summary.sd),
                                               "positive": .number(d.positive), "pairs": .number(d.summary.count)]))
                }
            })
            switch form {
            case .batchSizes:
                return .object(["batch": .number(configurations[i].batchSize), "against": .number(configurations[0].batchSize), "metrics": metrics])
            case .study:
                return .object(["settings": .object(configurations[i].settings), "against": .object(configurations[0].settings), "metrics": metrics])
            }
        }
        var members: [JSON.Member] = [
            JSON.Member("matching", .string(matching.rawValue)), JSON.Member("configs", .array(configs)),
            JSON.Member("differences", .array(differences)),
        ]
        guard form == .study else { return .object(members) }
        members.append(JSON.Member("correlations", .object(measures.map { measure in
            JSON.Member(measure.rawValue, .object(StudyRun.gapNames.map { gap in
                let (tau, runs) = correlation(measure, gap)
                return JSON.Member(gap, .object(["kendall_tau": .number(tau), "n_runs": .number(runs)]))
            }))
        })))
        if varied.count >= 2 {
            members.append(JSON.Member("granulated", .object(measures.map { measure in
                JSON.Member(measure.rawValue, .object(StudyRun.gapNames.map { gap in
                    let (settings, mean) = granulatedCorrelation(measure, gap)
                    return JSON.Member(gap, .object([
                        "settings": .object(settings.map { JSON.Member($0.name, .number($0.tau)) }), "mean": .number(mean),
                    ]))
                }))
            })))
        }
        return .object(members)
    }

    /// A count that is a whole number when every run agrees.
    private static func count(_ x: Double) -> JSON {
        x == x.rounded() && Swift.abs(x) < 1e15 ? .number(Int(x)) : .number(x)
    }
}
