/// How an alignment finds its permutations.
public enum AlignmentMethod: String, CaseIterable, Sendable {
    /// `WeightMatching`: from the weights alone.
    case weight
    /// `ActivationMatching`: from the hidden units' outputs on data.
    case activation
}

/// A model B with its hidden units permuted to match a reference model A: the same function at
/// another point of weight space, usually nearer A. The permutations follow one convention
/// throughout (`docs/FORMATS.md#model-files`): per hidden layer, unit `i` of the aligned model B2 is
/// unit `p[i]` of B (`Network.permutingHiddenUnits`).
public struct Alignment: Sendable {
    /// How the permutations were found; nil when they were given.
    public var method: AlignmentMethod?
    /// One per hidden layer.
    public var permutations: [[Int]]
    /// Weight matching's sweeps and whether they converged; nil for the other methods.
    public var sweeps: Int?
    public var converged: Bool?
    /// `‖θ_A − θ_B‖` and `‖θ_A − θ_B2‖` over all weights and biases in the flat order.
    public var distanceBefore: Double
    public var distanceAfter: Double
    /// B2: B's weights permuted, with B's input transform, feature names and records, and an
    /// `alignment` record (`record`) in place of any B had.
    public var model: Model

    /// Aligns `model` (B) to `reference` (A) by `method`; activation matching compares the two
    /// models' hidden units on the rows of `data` (weight matching reads no data). Refuses models of
    /// different architectures or input transforms. `name` and `referenceName` (file names, say)
    /// make messages specific, and the record names the reference by `referenceName`.
    public init(aligning model: Model, to reference: Model, method: AlignmentMethod, data: Dataset? = nil,
                weightMatching: WeightMatching = WeightMatching(), name: String = "the second model",
                referenceName: String = "the first model") throws {
        try reference.requireCompatible(model, name: referenceName, otherName: name)
        switch method {
        case .weight:
            let result = try weightMatching.align(model.network, to: reference.network)
            try self.init(model, result.permutations, reference: reference, name: name, referenceName: referenceName, method: method,
                          sweeps: result.sweeps, converged: result.converged)
        case .activation:
            guard let data else {
                throw LandscapeError.invalidInput("activation matching needs data: the rows on which to compare the models' hidden units")
            }
            let inputs = try reference.batch(for: data, as: Double.self).inputs
            let permutations = try ActivationMatching.permutations(model.network, to: reference.network, inputs: inputs)
            try self.init(model, permutations, reference: reference, name: name, referenceName: referenceName, method: method)
        }
    }

    /// `model` (B) with its hidden units permuted by the given `permutations`, measured against
    /// `reference` (A). Refuses permutations that do not fit the models, and models of different
    /// architectures or input transforms.
    public init(permuting model: Model, by permutations: [[Int]], reference: Model, name: String = "the second model",
                referenceName: String = "the first model") throws {
        try reference.requireCompatible(model, name: referenceName, otherName: name)
        try model.architecture.requirePermutations(permutations)
        try self.init(model, permutations, reference: reference, name: name, referenceName: referenceName, method: nil)
    }

    /// Refuses models whose distance overflows.
    private init(_ model: Model, _ permutations: [[Int]], reference: Model, name: String, referenceName: String, method: AlignmentMethod?,
                 sweeps: Int? = nil, converged: Bool? = nil) throws {
        self.method = method
        self.permutations = permutations
        self.sweeps = sweeps
        self.converged = converged
        let aligned = model.network.permutingHiddenUnits(permutations)
        distanceBefore = model.network.distance(to: reference.network)
        distanceAfter = aligned.distance(to: reference.network)
        guard distanceBefore.isFinite, distanceAfter.isFinite else {
            throw LandscapeError.invalidInput("the distance between \(referenceName) and \(name) is not finite: the weights are too large")
        }
        self.model = Model(network: aligned, inputTransform: model.inputTransform, featureNames: model.featureNames,
                           extra: model.extra.filter { $0.key != Alignment.recordKey })
        self.model.extra.append(JSON.Member(Alignment.recordKey, .object([JSON.Member("reference", .string(referenceName))] + members)))
    }

    /// The key of the aligned model's record.
    public static let recordKey = "alignment"

    /// `method` (`weight`, `activation` or `given`), `sweeps`, `converged`, `distance_before`,
    /// `distance_after`, `permutations`.
    public var json: JSON { .object(members) }

    private var members: [JSON.Member] {
        [
            JSON.Member("method", .string(method?.rawValue ?? "given")),
            JSON.Member("sweeps", sweeps.map { JSON.number($0) } ?? .null),
            JSON.Member("converged", converged.map(JSON.bool) ?? .null),
            JSON.Member("distance_before", .number(distanceBefore)),
            JSON.Member("distance_after", .number(distanceAfter)),
            JSON.Member("permutations", .array(permutations.map { .array($0.map { JSON.number($0) }) })),
        ]
    }

    /// The permutations of a JSON object with a `permutations` key (what `json` writes, or an
    /// aligned model's record): a list per hidden layer of unit indices. Whether they fit a model
    /// is `Architecture.requirePermutations`'s to say.
    public static func permutations(from json: JSON) throws -> [[Int]] {
        guard let lists = (json["permutations"] ?? json[recordKey]?["permutations"])?.arrayValue else {
            throw LandscapeError.invalidInput("expected a JSON object with a 'permutations' key: a list per hidden layer of unit indices")
        }
        return try lists.enumerated().map { layer, list in
            guard let items = list.arrayValue else {
                throw LandscapeError.invalidInput("'permutations' entry \(layer + 1) is not a list of unit indices")
            }
            return try items.map { item in
                guard let unit = item.intValue else {
                    throw LandscapeError.invalidInput(
                        "the permutation of hidden layer \(layer + 1) holds \(item.compactText.prefix(30)), not a unit index")
                }
                return unit
            }
        }
    }
}
