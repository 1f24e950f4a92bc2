import Landscape

struct EvalCommand: Command {
    static let name = "eval"
    static let summary = "loss, accuracy and gradient norm of a model on a data file"
    static let discussion = """
    Evaluates the model on every row of the data file (after the model's input transform):
    the mean loss, the accuracy (classification only), and the norm of the gradient of the
    mean loss with respect to all weights and biases.
    """
    static let examples = [
        "landscape eval --model iris.json --data datasets/iris.csv --rows test",
        "landscape eval --model digits.json --data datasets/digits.csv --split file:1437 --rows test --precision float32 --json",
    ]
    static let options: [any OptionDeclaration] = [Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, Options.precision, Options.threads, Options.json]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let evaluation = session.evaluation
        let gradient = try session.gradient()
        let (rows, n) = (session.data.count, session.parameterCount)
        if arguments.has(Options.json) {
            Output.json(.object([
                "loss": .number(evaluation.loss), "accuracy": .number(evaluation.accuracy),
                "grad_norm": .number(gradient.norm), "n_rows": .number(rows), "n_params": .number(n),
            ]))
        } else {
            print("loss \(formatted(evaluation.loss, digits: 10))  accuracy \(formatted(evaluation.accuracy))  grad_norm \(formatted(gradient.norm, digits: 10))  rows \(rows)  params \(n)")
        }
    }
}
