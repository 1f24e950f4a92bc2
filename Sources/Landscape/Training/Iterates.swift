/// The parameters a training run passed through, for pictures of its path (Li et al. 2018, §7):
/// the flat parameter vector (`docs/FORMATS.md#numerical-conventions`) at step 0 (the initial
/// parameters), at every `every`-th step after it, and at the end. Saved as a `landscape-iterates`
/// file (`docs/FORMATS.md#iterates-files`), exactly: float64 holds every float32 value.
public struct Iterates: Equatable, Sendable {
    public static let formatName = "landscape-iterates"
    public static let formatVersion = 1

    /// The shape of the network whose parameters these are.
    public let architecture: Architecture
    /// Steps between kept iterates.
    public let every: Int
    /// The step of each iterate, ascending.
    public private(set) var steps: [Int]
    /// One flat vector per step.
    public private(set) var parameters: [[Double]]

    /// No iterates yet, of a run of `architecture` that keeps one every `every` steps.
    public init(architecture: Architecture, every: Int) {
        precondition(every > 0, "iterates are kept every positive number of steps")
        self.architecture = architecture
        self.every = every
        steps = []
        parameters = []
    }

    /// Adds the flat `parameters` of `step`, which follows the last step kept.
    public mutating func append(step: Int, parameters flat: [Double]) {
        precondition(flat.count == architecture.parameterCount, "an iterate has one entry per parameter")
        precondition(step > (steps.last ?? -1), "iterates are kept in order of steps")
        steps.append(step)
        parameters.append(flat)
    }

    /// These iterates with the final parameters of the run, at `step`, added unless they were kept already.
    public func ending(at step: Int, parameters flat: [Double]) -> Iterates {
        guard steps.last != step else { return self }
        var all = self
        all.append(step: step, parameters: flat)
        return all
    }

    /// Whether these are exactly the iterates a run keeps up to `step`: steps 0, `every`, 2·`every`, … ≤ `step`.
    public func areKept(through step: Int) -> Bool {
        steps == Array(stride(from: 0, through: step, by: every))
    }

    /// Refuses `model` (read from `modelName`) unless it has the architecture of these iterates
    /// (read from `name`), whose parameters then mean the same weights.
    public func requireFits(_ model: Model, name: String, modelName: String) throws {
        guard model.architecture == architecture else {
            throw LandscapeError.invalidInput(
                "\(name) holds iterates of a \(Iterates.describe(architecture)) network with \(architecture.parameterCount) parameters, but \(modelName) is \(Iterates.describe(model.architecture)) with \(model.architecture.parameterCount)")
        }
    }

    static func describe(_ architecture: Architecture) -> String {
        "\(architecture.sizes.map(String.init).joined(separator: "-")) \(architecture.activation.rawValue) \(architecture.loss.fileName)"
    }

    public var json: JSON {
        .object([
            "format": .string(Iterates.formatName), "version": .number(Iterates.formatVersion),
            "architecture": .object([
                "sizes": .array(architecture.sizes.map { .number($0) }), "activation": .string(architecture.activation.rawValue),
                "output": .string(architecture.loss.fileName),
            ]),
            "n_params": .number(architecture.parameterCount), "every": .number(every),
            "steps": .array(steps.map { .number($0) }), "iterates": .array(parameters.map { .numbers($0) }),
        ])
    }

    /// Iterates from their JSON; refuses another format, a newer version, an unknown architecture,
    /// vectors of another length, steps out of order and numbers that are not finite.
    public init(json: JSON) throws {
        func fail(_ what: String) -> LandscapeError { .invalidInput("not a usable iterates file: \(what)") }
        guard json["format"]?.stringValue == Iterates.formatName else {
            throw fail("the 'format' key is \(json["format"]?.compactText.prefix(40) ?? "missing"), not \(Iterates.formatName)")
        }
        guard let version = json["version"]?.intValue, version >= 1, version <= Iterates.formatVersion else {
            throw fail("version \(json["version"]?.compactText.prefix(20) ?? "missing") is not supported (this tool reads version \(Iterates.formatVersion))")
        }
        guard let shape = json["architecture"], let sizes = shape["sizes"]?.arrayValue?.compactMap(\.intValue),
              sizes.count == shape["sizes"]?.arrayValue?.count, sizes.count >= 2, sizes.allSatisfy({ $0 > 0 && $0 <= 100_000_000 }),
              let activation = shape["activation"]?.stringValue.flatMap(Activation.init(rawValue:)),
              let loss = shape["output"]?.stringValue.flatMap(Loss.init(fileName:)) else {
            throw fail("'architecture' needs 'sizes' (two or more positive widths), a known 'activation' and 'output'")
        }
        let count = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
        guard count <= TrainingRun.maximumParameters else { throw fail("the architecture has more than 10^8 parameters") }
        architecture = Architecture(sizes: sizes, activation: activation, loss: loss)
        guard json["n_params"]?.intValue == architecture.parameterCount else {
            throw fail("'n_params' is \(json["n_params"]?.compactText.prefix(20) ?? "missing") but the architecture has \(architecture.parameterCount) parameters")
        }
        guard let every = json["every"]?.intValue, every > 0 else { throw fail("'every' must be a positive integer") }
        self.every = every
        guard let stepList = json["steps"]?.arrayValue, let vectors = json["iterates"]?.arrayValue, stepList.count == vectors.count else {
            throw fail("'steps' and 'iterates' must be lists of one length")
        }
        steps = []
        parameters = []
        for (index, (stepJSON, vector)) in zip(stepList, vectors).enumerated() {
            guard let step = stepJSON.intValue, step > (steps.last ?? -1) else {
                throw fail("steps must be integers from 0 up, ascending (entry \(index) is \(stepJSON.compactText.prefix(20)))")
            }
            guard let items = vector.arrayValue, items.count == architecture.parameterCount else {
                throw fail("iterate \(index) has \(vector.arrayValue?.count ?? 0) numbers, not the \(architecture.parameterCount) of the architecture")
            }
            let values = items.compactMap(\.doubleValue)
            guard values.count == items.count, values.allSatisfy(\.isFinite) else { throw fail("iterate \(index) holds a number that is not finite") }
            append(step: step, parameters: values)
        }
    }

    /// Writes the file atomically.
    public func save(to path: String) throws {
        try Files.writeAtomically(json.compactText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> Iterates {
        try Files.readJSON(path, decode: Iterates.init(json:))
    }
}
