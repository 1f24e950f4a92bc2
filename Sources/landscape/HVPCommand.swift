import Landscape

struct HVPCommand: Command {
    static let name = "hvp"
    static let summary = "an exact Hessian-vector product of the mean loss"
    static let discussion = """
    Computes H v, where H is the Hessian of the mean loss over the data file with respect to all
    weights and biases, exactly: the forward-mode derivative of the recorded gradient along v
    (forward-over-reverse, about twice the cost of a gradient), no finite differences.
    The vector file holds one number per line in the flat order of SPEC §3 (layer 0 weight
    row-major, layer 0 bias, layer 1 weight, ...); `grad --out` writes that format.
    """
    static let examples = [
        "landscape hvp --model model.json --data train.csv --vector v.txt --json",
        "landscape hvp --model model.json --data train.csv --vector v.txt --out hv.txt --precision float32",
    ]
    static let options: [Option] = [
        .model, .data, Option("--vector", "FILE", "the vector v: one number per line, flat order"),
        Option.output("--out", "also write H v, one number per line"), .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let v = try ProbeOptions.vector(try arguments.required("--vector"), count: inputs.model.architecture.parameterCount)
        let (loss, hv) = switch try arguments.precision {
        case .float32: try product(inputs, v, Float.self)
        case .float64: try product(inputs, v, Double.self)
        }
        try inputs.requireFinite(hv, "H v")
        let vhv = zip(v, hv).reduce(0) { $0 + $1.0 * $1.1 }
        let hvNorm = hv.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if let out = arguments.string("--out") { try ProbeOptions.writeVector(hv, to: out) }
        if arguments.wantsJSON {
            Output.json(.object([
                "vHv": .number(vhv), "Hv_norm": .number(hvNorm), "v_norm": .number(vNorm), "loss": .number(loss),
                "n_params": .number(hv.count), "Hv": .numbers(hv),
            ]))
        } else {
            print("vᵀHv \(formatted(vhv, digits: 10))  ‖Hv‖ \(formatted(hvNorm, digits: 10))  ‖v‖ \(formatted(vNorm, digits: 10))  loss \(formatted(loss, digits: 10))  params \(hv.count)")
        }
    }

    static func product<T: Real>(_ inputs: ModelInputs, _ v: [Double], _: T.Type) throws -> (Double, [Double]) {
        let op = HessianOperator<T>(network: inputs.network(), batch: try inputs.batch())
        return (Double(op.loss), op.apply(v.map { T($0) }).map(Double.init))
    }
}
