import Landscape

struct GradCommand: Command {
    static let name = "grad"
    static let summary = "the gradient of the mean loss with respect to all weights and biases"
    static let discussion = """
    Prints the mean loss over the data file and its gradient in the flat order of SPEC §3:
    layer 0 weight row-major (index o·in + i), layer 0 bias, layer 1 weight, …
    """
    static let examples = [
        "landscape grad --model model.json --data datasets/digits.csv --json > grad.json",
        "landscape grad --model model.json --data train.csv --out grad.txt",
    ]
    static let options: [Option] = [
        .model, .data, Option.output("--out", "also write the gradient, one number per line"), .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let (loss, gradient) = switch try arguments.precision {
        case .float32: try compute(inputs, Float.self)
        case .float64: try compute(inputs, Double.self)
        }
        try inputs.requireFinite(gradient, "the gradient")
        let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if let out = arguments.string("--out") {
            try ProbeOptions.writeVector(gradient, to: out)
        }
        if arguments.wantsJSON {
            Output.json(.object(["loss": .number(loss), "grad_norm": .number(norm), "grad": .numbers(gradient)]))
        } else {
            print("loss \(formatted(loss, digits: 10))  grad_norm \(formatted(norm, digits: 10))  params \(gradient.count)")
        }
    }

    static func compute<T: Real>(_ inputs: ModelInputs, _: T.Type) throws -> (Double, [Double]) {
        let (loss, gradient) = (inputs.network() as Network<T>).lossAndGradient(on: try inputs.batch())
        return (Double(loss), flatten(gradient).map { Double($0) })
    }
}
