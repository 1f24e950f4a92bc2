/// A curve between two models as a `landscape-curve` file holds it (`docs/FORMATS.md#curve-files`):
/// the models' architecture, input transform and feature names, the three points θ_A, θ_C, θ_B of
/// its `BezierCurve` in float64, the names of the models' files, and how the bend was trained. The
/// file is self-contained: the curve is evaluated without the model files.
public struct ModeCurve: Sendable {
    public var curve: BezierCurve<Double>
    /// The input transform both models share; it is not a parameter and does not vary along t.
    public var inputTransform: InputTransform?
    public var featureNames: [String]?
    /// The files of models A (t = 0) and B (t = 1), for messages and figures.
    public var fromName: String
    public var toName: String
    /// How the bend was trained (`CurveOutcome.record`), when it was.
    public var training: JSON?

    public init(curve: BezierCurve<Double>, inputTransform: InputTransform?, featureNames: [String]?, fromName: String, toName: String,
                training: JSON? = nil) {
        precondition(featureNames.map { $0.count == curve.architecture.inputWidth } ?? true, "one feature name per input")
        self.curve = curve
        self.inputTransform = inputTransform
        self.featureNames = featureNames
        self.fromName = fromName
        self.toName = toName
        self.training = training
    }

    public var architecture: Architecture { curve.architecture }

    /// Model A, the curve at t = 0, and model B, at t = 1. They carry the curve's training record,
    /// so that the rows the curve was trained on are found as a model's are (`RowSelection`).
    public var from: Model { model(curve.start) }
    public var to: Model { model(curve.end) }

    private func model(_ parameters: [Matrix<Double>]) -> Model {
        Model(network: Network(architecture: architecture, parameters: parameters), inputTransform: inputTransform, featureNames: featureNames,
              extra: training.map { [JSON.Member("training", $0)] } ?? [])
    }

    public static let formatName = "landscape-curve"
    public static let formatVersion = 1
    /// The value of the file's `curve` key: the only kind of curve version 1 holds.
    public static let kind = "quadratic-bezier"

    /// Reads a curve file.
    public static func load(_ path: String) throws -> ModeCurve {
        try Files.readJSON(path, decode: ModeCurve.init(json:))
    }

    /// Writes the curve file atomically.
    public func save(to path: String) throws {
        try Files.writeAtomically(json.prettyText + "\n", to: path)
    }

    /// The curve file as JSON.
    public var json: JSON {
        var members = [
            JSON.Member("format", .string(ModeCurve.formatName)),
            JSON.Member("version", .number(ModeCurve.formatVersion)),
            JSON.Member("curve", .string(ModeCurve.kind)),
            JSON.Member("sizes", .array(architecture.sizes.map { JSON.number($0) })),
            JSON.Member("activation", .string(architecture.activation.rawValue)),
            JSON.Member("output", .string(architecture.loss.fileName)),
        ]
        members += Model.inputMembers(inputTransform, featureNames)
        members += [JSON.Member("from", .string(fromName)), JSON.Member("to", .string(toName))]
        if let training { members.append(JSON.Member("training", training)) }
        members += [
            JSON.Member("start", .numbers(flatten(curve.start))), JSON.Member("bend", .numbers(flatten(curve.bend))),
            JSON.Member("end", .numbers(flatten(curve.end))),
        ]
        return .object(members)
    }

    /// A curve from its JSON; refuses another format, another version or kind of curve, sizes that
    /// do not describe a network, and parameter vectors of the wrong length or with non-finite numbers.
    public init(json: JSON) throws {
        func fail(_ message: String) -> LandscapeError { .invalidInput(message) }
        guard case .object = json else { throw fail("a curve file is a JSON object") }
        guard json["format"]?.stringValue == ModeCurve.formatName else {
            throw fail("not a \(ModeCurve.formatName) file (the 'format' key is \(json["format"]?.compactText.prefix(40) ?? "missing"))")
        }
        guard let version = json["version"]?.intValue, version == ModeCurve.formatVersion else {
            throw fail("curve format version \(json["version"]?.compactText.prefix(20) ?? "missing") is not supported (this tool reads version \(ModeCurve.formatVersion))")
        }
        guard json["curve"]?.stringValue == ModeCurve.kind else {
            throw fail("the 'curve' key is \(json["curve"]?.compactText.prefix(40) ?? "missing"), not \(ModeCurve.kind)")
        }
        guard let items = json["sizes"]?.arrayValue, items.count >= 2,
              let sizes = Optional(items.compactMap(\.intValue)), sizes.count == items.count, sizes.allSatisfy({ $0 >= 1 && $0 <= Int(Int32.max) })
        else {
            throw fail("'sizes' must list the layer widths, input to output: two or more positive integers")
        }
        let (activation, loss) = try Model.activationAndLoss(in: json)
        let (transform, names) = try Model.inputs(in: json, width: sizes[0])
        guard let fromName = json["from"]?.stringValue, let toName = json["to"]?.stringValue else {
            throw fail("'from' and 'to' must name the two models")
        }
        // Counted in Double, so that sizes too large for any file cannot overflow.
        let expected = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
        let points = try ["start", "bend", "end"].map { key in
            guard let vector = json[key] else { throw fail("'\(key)' is missing") }
            let values = try Model.finiteNumbers(vector, "'\(key)'")
            guard Double(values.count) == expected else {
                throw fail("'\(key)' has \(values.count) numbers but sizes \(sizes.map(String.init).joined(separator: "-")) have \(NumberText.short(expected, digits: 15)) parameters")
            }
            return values
        }
        let architecture = Architecture(sizes: sizes, activation: activation, loss: loss)
        self.init(curve: BezierCurve(architecture: architecture, start: architecture.unflatten(points[0]), bend: architecture.unflatten(points[1]),
                                     end: architecture.unflatten(points[2])),
                  inputTransform: transform, featureNames: names, fromName: fromName, toName: toName, training: json["training"])
    }
}
