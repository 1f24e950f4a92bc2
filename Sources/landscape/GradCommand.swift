import Landscape

struct GradCommand: Command {
    static let name = "grad"
    static let summary = "the gradient of the mean loss with respect to all weights and biases"
    static let discussion = """
    Prints the mean loss over the data file and its gradient in the flat order of
    docs/FORMATS.md#numerical-conventions: layer 0 weight row-major (index o·in + i), layer 0
    bias, layer 1 weight, …
    """
    static let examples = [
        "landscape grad --model iris.json --data datasets/iris.csv --rows train --json",
        "landscape grad --model iris.json --data datasets/iris.csv --rows train --out grad.txt",
    ]
    static let out = Option.output("--out", "also write the gradient, one number per line")
    static let options: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, out, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        let gradient = try ProbeOptions.session(arguments).gradient()
        let norm = gradient.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        try arguments.value(out).map { try VectorFile.write(gradient.values, to: $0) }
        if arguments.has(Options.json) {
            Output.json(.object(["loss": .number(gradient.loss), "grad_norm": .number(norm), "grad": .numbers(gradient.values)]))
        } else {
            print("loss \(formatted(gradient.loss, digits: 10))  grad_norm \(formatted(norm, digits: 10))  params \(gradient.values.count)")
        }
    }
}
