/// A network as stored in a model file (`docs/FORMATS.md#model-files`): float64 weights, the input transform, and any
/// extra keys (a training record) that readers must ignore but writers keep.
public struct Model: Sendable {
    public var network: Network<Double>
    public var inputTransform: InputTransform?
    /// The names of the feature columns the model was trained on, in input order; data for it must
    /// have the same (a model without names takes columns by position).
    public var featureNames: [String]?
    /// Keys beyond the format's, written after the standard ones.
    public var extra: [JSON.Member]

    public init(network: Network<Double>, inputTransform: InputTransform? = nil, featureNames: [String]? = nil,
                extra: [JSON.Member] = []) {
        precondition(featureNames.map { $0.count == network.architecture.inputWidth } ?? true, "one feature name per input")
        self.network = network
        self.inputTransform = inputTransform
        self.featureNames = featureNames
        self.extra = extra
    }

    public var architecture: Architecture { network.architecture }

    public static let formatName = "landscape-mlp"
    public static let formatVersion = 1

    /// Reads a model file.
    public static func load(_ path: String) throws -> Model {
        try Files.readJSON(path, decode: Model.init(json:))
    }

    /// Writes the model file atomically.
    public func save(to path: String) throws {
        try Files.writeAtomically(json.prettyText + "\n", to: path)
    }

    /// The model file as JSON.
    public var json: JSON {
        let architecture = network.architecture
        var layers: [JSON] = []
        for l in 0..<architecture.layerCount {
            let w = network.parameters[2 * l], b = network.parameters[2 * l + 1]
            let rows = (0..<w.rows).map { r in JSON.numbers(Array(w.elements[r * w.cols..<(r + 1) * w.cols])) }
            layers.append(.object(["weight": .array(rows), "bias": .numbers(b.elements)]))
        }
        var members = [
            JSON.Member("format", .string(Model.formatName)),
            JSON.Member("version", .number(Model.formatVersion)),
            JSON.Member("activation", .string(architecture.activation.rawValue)),
            JSON.Member("output", .string(architecture.loss.fileName)),
            JSON.Member("layers", .array(layers)),
        ]
        members += Model.inputMembers(inputTransform, featureNames)
        let standard = Set(members.map(\.key))
        members += extra.filter { !standard.contains($0.key) }
        return .object(members)
    }

    /// A model from its JSON; refuses an unknown format, a newer version, shapes that do not chain,
    /// and numbers that are not finite.
    public init(json: JSON) throws {
        func fail(_ message: String) -> LandscapeError { .invalidInput(message) }
        guard case .object(let members) = json else { throw fail("a model file is a JSON object") }
        guard json["format"]?.stringValue == Model.formatName else {
            throw fail("not a \(Model.formatName) model (the 'format' key is \(json["format"]?.compactText ?? "missing"))")
        }
        guard let version = json["version"]?.intValue else { throw fail("the 'version' key is missing or not an integer") }
        guard version >= 1, version <= Model.formatVersion else {
            throw fail("model format version \(version) is not supported (this tool reads version \(Model.formatVersion))")
        }
        let (activation, loss) = try Model.activationAndLoss(in: json)
        guard let layers = json["layers"]?.arrayValue, !layers.isEmpty else { throw fail("'layers' must be a non-empty list") }
        var sizes: [Int] = []
        var parameters: [Matrix<Double>] = []
        for (l, layer) in layers.enumerated() {
            guard let rows = layer["weight"]?.arrayValue, !rows.isEmpty else {
                throw fail("layer \(l): 'weight' must be a non-empty list of rows")
            }
            var weights: [Double] = []
            var width: Int?
            for (r, row) in rows.enumerated() {
                let values = try Model.finiteNumbers(row, "layer \(l) weight row \(r)")
                guard !values.isEmpty, width == nil || width == values.count else {
                    throw fail("layer \(l): weight rows differ in length (row \(r))")
                }
                width = values.count
                weights += values
            }
            guard let bias = layer["bias"] else { throw fail("layer \(l): 'bias' is missing") }
            let b = try Model.finiteNumbers(bias, "layer \(l) bias")
            guard b.count == rows.count else {
                throw fail("layer \(l): bias has \(b.count) entries for \(rows.count) weight rows")
            }
            if l == 0 { sizes.append(width!) }
            guard sizes.last == width else {
                throw fail("layer \(l) takes \(width!) inputs but layer \(l - 1) gives \(sizes.last!): shapes do not chain")
            }
            sizes.append(rows.count)
            parameters.append(Matrix(rows: rows.count, cols: width!, elements: weights))
            parameters.append(Matrix(row: b))
        }
        let (transform, names) = try Model.inputs(in: json, width: sizes[0])
        let known: Set = ["format", "version", "activation", "output", "layers", "input_transform", "feature_names"]
        self.init(network: Network(architecture: Architecture(sizes: sizes, activation: activation, loss: loss), parameters: parameters),
                  inputTransform: transform, featureNames: names, extra: members.filter { !known.contains($0.key) })
    }

    /// The `activation` and `output` of a file that describes a network (a model file, a curve file).
    static func activationAndLoss(in json: JSON) throws -> (Activation, Loss) {
        guard let activationName = json["activation"]?.stringValue, let activation = Activation(rawValue: activationName) else {
            throw LandscapeError.invalidInput("'activation' must be one of \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let outputName = json["output"]?.stringValue, let loss = Loss(fileName: outputName) else {
            throw LandscapeError.invalidInput("'output' must be softmax-cross-entropy or mse")
        }
        return (activation, loss)
    }

    /// The `input_transform` and `feature_names` members of a file that describes a network's
    /// inputs (a model file, a curve file), when they have values.
    static func inputMembers(_ transform: InputTransform?, _ names: [String]?) -> [JSON.Member] {
        var members: [JSON.Member] = []
        if let t = transform {
            members.append(JSON.Member("input_transform", .object(["mean": .numbers(t.mean), "std": .numbers(t.std)])))
        }
        if let names { members.append(JSON.Member("feature_names", .array(names.map(JSON.string)))) }
        return members
    }

    /// The input transform and feature names that `json` (a model or curve file) gives a network of
    /// `width` inputs, refusing lengths that do not fit, non-finite numbers and a std of 0.
    static func inputs(in json: JSON, width: Int) throws -> (transform: InputTransform?, names: [String]?) {
        var transform: InputTransform?
        if let t = json["input_transform"], t != .null {
            guard let mean = t["mean"], let std = t["std"] else { throw LandscapeError.invalidInput("'input_transform' needs 'mean' and 'std'") }
            let m = try Model.finiteNumbers(mean, "input_transform mean")
            let s = try Model.finiteNumbers(std, "input_transform std")
            guard m.count == width, s.count == width else {
                throw LandscapeError.invalidInput("'input_transform' has \(m.count) means and \(s.count) stds for \(width) inputs")
            }
            guard s.allSatisfy({ $0 != 0 }) else { throw LandscapeError.invalidInput("'input_transform' std contains 0") }
            transform = InputTransform(mean: m, std: s)
        }
        var names: [String]?
        if let list = json["feature_names"], list != .null {
            guard let items = list.arrayValue, items.count == width, items.allSatisfy({ $0.stringValue != nil }) else {
                throw LandscapeError.invalidInput("'feature_names' must list \(width) names, one per input")
            }
            names = items.compactMap(\.stringValue)
        }
        return (transform, names)
    }

    static func finiteNumbers(_ json: JSON, _ what: String) throws -> [Double] {
        guard let items = json.arrayValue else { throw LandscapeError.invalidInput("\(what) must be a list of numbers") }
        return try items.enumerated().map { i, item in
            guard let x = item.doubleValue, x.isFinite else {
                throw LandscapeError.invalidInput("\(what) entry \(i): \(item.compactText.prefix(30)) is not a finite number")
            }
            return x
        }
    }
}

extension Model {
    /// `dataset` as inputs and targets for this model: through its input transform, in precision `T`.
    /// Refuses data whose feature count or labels do not fit the model.
    public func batch<T: Real>(for dataset: Dataset, as: T.Type = T.self) throws -> Batch<T> {
        guard dataset.featureCount == architecture.inputWidth else {
            throw LandscapeError.invalidInput(
                "\(dataset.source) has \(dataset.featureCount) feature columns but the model takes \(architecture.inputWidth) inputs")
        }
        if let featureNames, let i = featureNames.indices.first(where: { featureNames[$0] != dataset.featureNames[$0] }) {
            throw LandscapeError.invalidInput(
                "\(dataset.source): feature \(i + 1) is '\(dataset.featureNames[i].prefix(40))' where the model was trained on '\(featureNames[i].prefix(40))' (the model's features are \(featureNames.prefix(8).joined(separator: ", "))\(featureNames.count > 8 ? ", …" : ""))")
        }
        switch architecture.loss {
        case .crossEntropy:
            let labels = try dataset.classLabels()
            if let row = labels.firstIndex(where: { $0 >= architecture.outputWidth }) {
                throw LandscapeError.invalidInput(
                    "\(dataset.source) line \(dataset.lines[row]): label \(labels[row]) is not one of the model's \(architecture.outputWidth) classes")
            }
        case .meanSquaredError:
            guard architecture.outputWidth == 1 else {
                throw LandscapeError.invalidInput("the model has \(architecture.outputWidth) outputs but mse data has one label column")
            }
        }
        return try dataset.batch(for: architecture.loss, transform: inputTransform)
    }
}
