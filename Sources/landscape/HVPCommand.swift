import Landscape

struct HVPCommand: Command {
    static let name = "hvp"
    static let summary = "an exact Hessian-vector product of the mean loss"
    static let discussion = """
    Computes H v, where H is the Hessian of the mean loss over the data file with respect to all
    weights and biases, exactly: the forward-mode derivative of the recorded gradient along v
    (forward-over-reverse, about twice the cost of a gradient), no finite differences.
    The vector file holds one number per line in the flat order of
    docs/FORMATS.md#numerical-conventions (layer 0 weight row-major, layer 0 bias, layer 1
    weight, ...); `grad --out` writes that format.
    """
    static let examples = [
        "landscape hvp --model iris.json --data datasets/iris.csv --rows train --vector grad.txt --json",
        "landscape hvp --model iris.json --data datasets/iris.csv --rows train --vector grad.txt --out hv.txt --precision float32",
    ]
    static let vector = Option.input("--vector", "the vector v: one number per line, flat order")
    static let out = Option.output("--out", "also write H v, one number per line")
    static let options: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, vector, out, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let v = try VectorFile.read(try arguments.required(vector), count: session.parameterCount)
        let hv = try session.hessianVectorProduct(v)
        try arguments.value(out).map { try VectorFile.write(hv.product, to: $0) }
        if arguments.has(Options.json) {
            Output.json(.object([
                "vHv": .number(hv.curvature), "Hv_norm": .number(hv.productNorm), "v_norm": .number(hv.vectorNorm), "loss": .number(hv.loss),
                "n_params": .number(hv.product.count), "Hv": .numbers(hv.product),
            ]))
        } else {
            print("vᵀHv \(formatted(hv.curvature, digits: 10))  ‖Hv‖ \(formatted(hv.productNorm, digits: 10))  ‖v‖ \(formatted(hv.vectorNorm, digits: 10))  loss \(formatted(hv.loss, digits: 10))  params \(hv.product.count)")
        }
    }
}
