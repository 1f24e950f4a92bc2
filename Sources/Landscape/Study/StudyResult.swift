/// The outcome of a batch-size study: every run of every configuration, their means and standard
/// deviations, and paired differences against the first configuration.
public struct StudyResult: Sendable {
    /// One batch size: its learning rate after scaling and its runs, one per seed in seed order.
    public struct Configuration: Sendable {
        public var batchSize: Int
        public var learningRate: Double
        public var runs: [StudyRun]

        public init(batchSize: Int, learningRate: Double, runs: [StudyRun]) {
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.runs = runs
        }

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

    public var configurations: [Configuration]
    public var matching: BatchSizeStudy.Matching
    /// The network every run trained.
    public var architecture: Architecture
    /// The data file, and how many training and test rows it gave.
    public var source: String
    public var trainingRows: Int
    public var testRows: Int

    public init(configurations: [Configuration], matching: BatchSizeStudy.Matching, architecture: Architecture,
                source: String, trainingRows: Int, testRows: Int) {
        self.configurations = configurations
        self.matching = matching
        self.architecture = architecture
        self.source = source
        self.trainingRows = trainingRows
        self.testRows = testRows
    }

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

    /// The study as JSON (`configs` with `runs`, `mean`, `sd`, as `docs/FORMATS.md#command-outputs`
    /// lists them), plus paired `differences`.
    /// Wall times appear only with `timings`, so that the same command gives the same bytes.
    public func json(timings: Bool) -> JSON {
        let configs = configurations.map { c -> JSON in
            var members = [
                JSON.Member("batch", .number(c.batchSize)), JSON.Member("lr", .number(c.learningRate)),
                JSON.Member("epochs", StudyResult.count(c.meanEpochs)), JSON.Member("steps", StudyResult.count(c.meanSteps)),
                JSON.Member("runs", .array(c.runs.map { $0.json(timings: timings) })),
                JSON.Member("mean", .object(StudyRun.metricNames.map { JSON.Member($0, .number(c.summary($0)?.mean)) })),
                JSON.Member("sd", .object(StudyRun.metricNames.map { JSON.Member($0, .number(c.summary($0)?.sd)) })),
                JSON.Member("diverged", .number(c.runs.count - c.finished.count)),
            ]
            if timings { members.append(JSON.Member("seconds", .number(c.runs.reduce(0) { $0 + $1.seconds }))) }
            return .object(members)
        }
        let differences = configurations.indices.dropFirst().map { i -> JSON in
            .object([
                "batch": .number(configurations[i].batchSize), "against": .number(configurations[0].batchSize),
                "metrics": .object(StudyRun.metricNames.compactMap { name in
                    difference(name, configuration: i).map { d in
                        JSON.Member(name, .object(["mean": .number(d.summary.mean), "sd": .number(d.summary.sd),
                                                   "positive": .number(d.positive), "pairs": .number(d.summary.count)]))
                    }
                }),
            ])
        }
        return .object(["matching": .string(matching.rawValue), "configs": .array(configs), "differences": .array(differences)])
    }

    /// A count that is a whole number when every run agrees.
    private static func count(_ x: Double) -> JSON {
        x == x.rounded() && Swift.abs(x) < 1e15 ? .number(Int(x)) : .number(x)
    }
}
