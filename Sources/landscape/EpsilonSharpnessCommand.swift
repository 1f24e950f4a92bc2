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
        "landscape epsilon-sharpness --model iris.json --data datasets/iris.csv --rows train",
        "landscape epsilon-sharpness --model iris.json --data datasets/iris.csv --rows train --epsilon 5e-4 --json",
    ]
    static let epsilon = Option.number("--epsilon", "relative size of the box", .above(0, atMost: 1e3), default: 1e-3)
    static let maxIterations = Option.integer("--max-iters", "most ascent iterations", in: 1...100_000, default: 50)
    static let tolerance = Option.number("--tol", "stop when the possible further gain is below X of the gain so far", .nonNegative, default: 1e-6)
    static let options: [any OptionDeclaration] = [
        Options.model, Options.data, ProbeOptions.split, ProbeOptions.rows, epsilon, maxIterations, tolerance, Options.precision, Options.threads, Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        let session = try ProbeOptions.session(arguments)
        let measure = EpsilonSharpness(epsilon: arguments[epsilon], maxIterations: arguments[maxIterations], tolerance: arguments[tolerance])
        let result = try session.epsilonSharpness(measure)
        if arguments.has(Options.json) {
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
