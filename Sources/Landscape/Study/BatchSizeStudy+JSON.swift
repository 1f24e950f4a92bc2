extension BatchSizeStudy {
    /// The study as its files hold it (`docs/FORMATS.md#checkpoints-and-baselines`): the
    /// configuration of each batch size (`configurations`) and the study's own settings, enough to
    /// run it again.
    public var json: JSON {
        var members = [
            JSON.Member("configurations", .array(configurations.map(\.json))),
            JSON.Member("seeds", .number(seedCount)), JSON.Member("match", .string(matching.rawValue)),
            JSON.Member("lr-scaling", .string(scaling.rawValue)), JSON.Member("on-diverge", .string(divergencePolicy.rawValue)),
            JSON.Member("sharpness-tolerance", .number(sharpnessTolerance)),
        ]
        if let sharpnessInterval { members.append(JSON.Member("track-sharpness", .number(sharpnessInterval))) }
        return .object(members)
    }

    /// A study from `json`: configurations that differ in batch size and learning rate only, each
    /// trained a whole number of epochs.
    public init(json: JSON) throws {
        func fail(_ message: String) -> LandscapeError { .invalidInput("not a batch-size study: \(message)") }
        guard let list = json["configurations"]?.arrayValue, !list.isEmpty else { throw fail("'configurations' is missing or empty") }
        let configurations = try list.map(RunConfiguration.init(json:))
        guard case .epochs(let epochs) = configurations[0].length else { throw fail("its configurations are given in steps") }
        var base = configurations[0]
        for configuration in configurations.dropFirst() {
            var shared = configuration
            shared.batchSize = base.batchSize
            shared.learningRate = base.learningRate
            guard shared == base else {
                throw fail("its configurations differ in more than batch and lr (\(base.differences(from: shared).joined(separator: "; ")))")
            }
        }
        base.length = .epochs(epochs)
        guard let seeds = json["seeds"]?.intValue, seeds >= 1 else { throw fail("'seeds' is missing or not a positive count") }
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E where E.RawValue == String {
            guard let text = json[key]?.stringValue, let value = E(rawValue: text) else {
                throw fail("'\(key)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        let batches = configurations.map(\.batchSize)
        guard Set(batches).count == batches.count else { throw fail("a batch size appears twice") }
        let interval = json["track-sharpness"]?.intValue
        guard interval.map({ $0 >= 1 }) ?? true, let tolerance = json["sharpness-tolerance"]?.doubleValue, tolerance >= 0 else {
            throw fail("'track-sharpness' or 'sharpness-tolerance' is malformed")
        }
        self.init(base: base, batchSizes: batches, learningRates: configurations.map(\.learningRate),
                  scaling: try choice("lr-scaling", LearningRateScaling.self), epochs: epochs, seedCount: seeds,
                  matching: try choice("match", Matching.self), sharpnessInterval: interval,
                  divergencePolicy: try choice("on-diverge", DivergencePolicy.self), sharpnessTolerance: tolerance)
    }
}
