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
        "landscape eval --model model.json --data datasets/digits.csv",
        "landscape eval --model model.json --data test.csv --precision float32 --json",
    ]
    static let options: [Option] = [.model, .data, .precision, .threads, .json]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let evaluation = inputs.evaluation
        let gradNorm = switch try arguments.precision {
        case .float32: try gradientNorm(inputs, Float.self)
        case .float64: try gradientNorm(inputs, Double.self)
        }
        try inputs.requireFinite([gradNorm], "the gradient")
        let n = inputs.model.architecture.parameterCount
        if arguments.wantsJSON {
            Output.json(.object([
                "loss": .number(evaluation.loss), "accuracy": .number(evaluation.accuracy),
                "grad_norm": .number(gradNorm), "n_rows": .number(inputs.dataset.count), "n_params": .number(n),
            ]))
        } else {
            print("loss \(formatted(evaluation.loss, digits: 10))  accuracy \(formatted(evaluation.accuracy))  grad_norm \(formatted(gradNorm, digits: 10))  rows \(inputs.dataset.count)  params \(n)")
        }
    }

    /// The norm of the gradient of the mean loss in precision `T`. The loss and accuracy are those
    /// `ModelInputs.load` made in the same precision.
    static func gradientNorm<T: Real>(_ inputs: ModelInputs, _: T.Type) throws -> Double {
        let batch: Batch<T> = try inputs.batch()
        let network: Network<T> = inputs.network()
        return FlatVector.norm(flatten(network.lossAndGradient(on: batch).gradient))
    }
}
