extension Study {
    /// The study as its files hold it (`docs/FORMATS.md#checkpoints-and-baselines`): every
    /// configuration in full and the study's own settings, enough to run it again. `measures`
    /// appears only when it is not `compare`'s standard pair.
    public var json: JSON {
        var members = [
            JSON.Member("configurations", .array(configurations.map(\.json))),
            JSON.Member("seeds", .number(seedCount)), JSON.Member("match", .string(matching.rawValue)),
            JSON.Member("lr-scaling", .string(scaling.rawValue)), JSON.Member("on-diverge", .string(divergencePolicy.rawValue)),
            JSON.Member("sharpness-tolerance", .number(sharpnessTolerance)),
        ]
        if let sharpnessInterval { members.append(JSON.Member("track-sharpness", .number(sharpnessInterval))) }
        if measures != Measure.standard { members.append(JSON.Member("measures", .array(measures.map { .string($0.rawValue) }))) }
        return .object(members)
    }

    /// A study from `json`, checked as `validate` checks one.
    public init(json: JSON) throws {
        func fail(_ message: String) -> LandscapeError { .invalidInput("not a study: \(message)") }
        guard let list = json["configurations"]?.arrayValue, !list.isEmpty else { throw fail("'configurations' is missing or empty") }
        let configurations = try list.map(RunConfiguration.init(json:))
        guard let seeds = json["seeds"]?.intValue, seeds >= 1 else { throw fail("'seeds' is missing or not a positive count") }
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E where E.RawValue == String {
            guard let text = json[key]?.stringValue, let value = E(rawValue: text) else {
                throw fail("'\(key)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        let interval = json["track-sharpness"]?.intValue
        guard interval.map({ $0 >= 1 }) ?? true, let tolerance = json["sharpness-tolerance"]?.doubleValue, tolerance >= 0 else {
            throw fail("'track-sharpness' or 'sharpness-tolerance' is malformed")
        }
        var measures = Measure.standard
        if let names = json["measures"] {
            guard let list = names.arrayValue?.compactMap({ $0.stringValue.flatMap(Measure.init(rawValue:)) }),
                  list.count == names.arrayValue?.count, !list.isEmpty else {
                throw fail("'measures' is not a list of \(Measure.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            measures = list
        }
        self.init(configurations: configurations, seedCount: seeds, matching: try choice("match", Matching.self),
                  scaling: try choice("lr-scaling", LearningRateScaling.self), measures: measures, sharpnessInterval: interval,
                  divergencePolicy: try choice("on-diverge", DivergencePolicy.self), sharpnessTolerance: tolerance)
        try validate()
    }

    /// Refuses a study that is not `compare`'s: configurations that differ in batch size and
    /// learning rate only, each trained a whole number of epochs, no batch size twice.
    public func requireBatchSizeStudy() throws {
        func fail(_ message: String) -> LandscapeError { .invalidInput("not a batch-size study: \(message)") }
        let base = configurations[0]
        guard case .epochs = base.length else { throw fail("its configurations are given in steps") }
        for configuration in configurations.dropFirst() {
            var shared = configuration
            shared.batchSize = base.batchSize
            shared.learningRate = base.learningRate
            guard shared == base else {
                throw fail("its configurations differ in more than batch and lr (\(base.differences(from: shared).joined(separator: "; ")))")
            }
        }
        let batches = configurations.map(\.batchSize)
        guard Set(batches).count == batches.count else { throw fail("a batch size appears twice") }
        guard measures == Measure.standard else { throw fail("it measures \(measures.map(\.rawValue).joined(separator: ", "))") }
    }
}
