import Landscape

struct EpsilonSharpnessCommand: Command {
    static let name = "epsilon-sharpness"
    static let summary = "Keskar et al.'s ε-sharpness: the largest loss rise in a small box, in percent"
    static let discussion = """
    Keskar et al. (2017), Metric 2.1: the largest increase of the mean loss over the data file
    when every parameter θᵢ moves by at most ε(|θᵢ| + 1), relative to 1 + loss, in percent:
        100 · (max over the box of loss(θ + y) − loss(θ)) / (1 + loss(θ)).
    The maximization is bounded gradient ascent (the spectral projected gradient method), stopped
    when the first-order gap shows less than --tol of further relative gain, or after --max-iters
    iterations; a maximization stopped early gives a lower bound, reported as not converged.
    """
    static let examples = [
        "landscape epsilon-sharpness --model model.json --data train.csv",
        "landscape epsilon-sharpness --model model.json --data train.csv --epsilon 5e-4 --json",
    ]
    static let options: [Option] = [
        .model, .data, Option("--epsilon", "X", "relative size of the box (default 1e-3)"),
        Option("--max-iters", "N", "most ascent iterations (default 50)"),
        Option("--tol", "X", "stop when the possible further gain is below X of the gain so far (default 1e-6)"),
        .precision, .threads, .json,
    ]

    static func run(_ arguments: Arguments) throws {
        let inputs = try ModelInputs.load(arguments)
        let measure = EpsilonSharpness(
            epsilon: try arguments.double("--epsilon", where: { $0 > 0 && $0 <= 1e3 }, expected: "in (0, 1000]") ?? 1e-3,
            maxIterations: try arguments.int("--max-iters", range: 1...100_000) ?? 50,
            tolerance: try arguments.double("--tol", where: { $0 >= 0 }, expected: "0 or more") ?? 1e-6)
        let result = switch try arguments.precision {
        case .float32: measure.measure((inputs.network() as Network<Float>), on: try inputs.batch())
        case .float64: measure.measure((inputs.network() as Network<Double>), on: try inputs.batch())
        }
        try inputs.requireFinite([result.sharpness, result.maximumLoss], "the ε-sharpness")
        if arguments.wantsJSON {
            Output.json(.object([
                "epsilon_sharpness": .number(result.sharpness), "epsilon": .number(measure.epsilon),
                "loss": .number(result.loss), "max_loss": .number(result.maximumLoss), "gap": .number(result.gap),
                "fraction_at_bounds": .number(result.fractionAtBounds), "iterations": .number(result.iterations),
                "loss_evaluations": .number(result.lossEvaluations), "gradient_evaluations": .number(result.gradientEvaluations),
                "converged": .bool(result.converged),
            ]))
            return
        }
        print("ε-sharpness \(formatted(result.sharpness, digits: 6))% at ε = \(formatted(measure.epsilon))  (loss \(formatted(result.loss, digits: 8)) → \(formatted(result.maximumLoss, digits: 8)))")
        print("\(result.converged ? "converged" : "NOT converged (a lower bound)") after \(result.iterations) iterations; first-order gap \(formatted(result.gap, digits: 2)) percentage points; \(formatted(100 * result.fractionAtBounds, digits: 3))% of parameters at the box's faces")
    }
}
