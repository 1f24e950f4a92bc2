/// What an optimizer carries from one step to the next (step counts, velocities, moment estimates),
/// in a form a checkpoint can store exactly: float64 numbers hold every float32 value without loss.
public struct OptimizerState: Equatable, Sendable {
    /// Named counters, such as Adam's step `t`.
    public var counters: [String: Int]
    /// Named buffers, one flat array per parameter tensor.
    public var buffers: [String: [[Double]]]
    /// Named scalars, such as the damping of Newton's last step.
    public var scalars: [String: Double]

    public init(counters: [String: Int] = [:], buffers: [String: [[Double]]] = [:], scalars: [String: Double] = [:]) {
        self.counters = counters
        self.buffers = buffers
        self.scalars = scalars
    }

    /// `tensors` as a buffer.
    static func buffer<T: Real>(_ tensors: [Matrix<T>]) -> [[Double]] {
        tensors.map { $0.elements.map(Double.init) }
    }

    /// Buffer `name` restored into tensors shaped like `parameters`, or empty when the state has none
    /// (the optimizer had not stepped yet). Refuses a buffer of other shapes.
    func tensors<T: Real>(_ name: String, like parameters: [Matrix<T>]) throws -> [Matrix<T>] {
        guard let buffer = buffers[name] else { return [] }
        guard buffer.count == parameters.count, zip(buffer, parameters).allSatisfy({ $0.count == $1.count }) else {
            throw LandscapeError.invalidInput("optimizer state '\(name)' does not match the network's parameters")
        }
        return zip(buffer, parameters).map { Matrix(rows: $1.rows, cols: $1.cols, elements: $0.map { T($0) }) }
    }

    var json: JSON {
        .object([
            "counters": .object(counters.keys.sorted().map { JSON.Member($0, .number(counters[$0]!)) }),
            "buffers": .object(buffers.keys.sorted().map { JSON.Member($0, .array(buffers[$0]!.map { JSON.numbers($0) })) }),
            "scalars": .object(scalars.keys.sorted().map { JSON.Member($0, .number(scalars[$0]!)) }),
        ])
    }

    init(json: JSON) throws {
        func fail() -> LandscapeError { .invalidInput("the optimizer state is malformed") }
        guard case .object(let counters)? = json["counters"], case .object(let buffers)? = json["buffers"],
              case .object(let scalars)? = json["scalars"] else { throw fail() }
        self.counters = try Dictionary(uniqueKeysWithValues: counters.map { member in
            guard let n = member.value.intValue else { throw fail() }
            return (member.key, n)
        })
        self.buffers = try Dictionary(uniqueKeysWithValues: buffers.map { member in
            guard let tensors = member.value.arrayValue else { throw fail() }
            return (member.key, try tensors.map { tensor in
                guard let values = tensor.arrayValue?.map(\.doubleValue), values.allSatisfy({ $0?.isFinite == true }) else { throw fail() }
                return values.map { $0! }
            })
        })
        self.scalars = try Dictionary(uniqueKeysWithValues: scalars.map { member in
            guard let x = member.value.doubleValue else { throw fail() }
            return (member.key, x)
        })
    }
}
