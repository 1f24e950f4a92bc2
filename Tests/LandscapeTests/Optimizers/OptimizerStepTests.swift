import Testing
import Landscape

/// Each update rule against its textbook formula, worked by hand on two steps from θ₀ = (1, −2)
/// with the gradients g₁ = (0.5, −1) and g₂ = (0.25, 0.5). Parameters are split over two tensors,
/// as a network's are, to check that state follows each tensor.
@Suite("Optimizer steps")
struct OptimizerStepTests {
    static let gradients: [[Double]] = [[0.5, -1], [0.25, 0.5]]

    /// θ after each of the two steps.
    func run<O: Optimizer>(_ optimizer: O, learningRate: Double) throws -> [[Double]] where O.Scalar == Double {
        var optimizer = optimizer
        var parameters = [Matrix<Double>(scalar: 1), Matrix<Double>(scalar: -2)]
        var path: [[Double]] = []
        for g in OptimizerStepTests.gradients {
            try optimizer.update(&parameters, gradient: g.map { Matrix(scalar: $0) }, learningRate: learningRate, hessian: nil)
            path.append(parameters.map(\.scalar))
        }
        return path
    }

    func expectClose(_ actual: [[Double]], _ expected: [[Double]], tolerance: Double = 1e-14, sourceLocation: SourceLocation = #_sourceLocation) {
        for (a, e) in zip(actual.joined(), expected.joined()) {
            #expect(Swift.abs(a - e) <= tolerance * max(1, Swift.abs(e)), "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test("SGD: θ ← θ − η·g")
    func sgd() throws {
        // η = 0.1: (1 − 0.05, −2 + 0.1), then (0.95 − 0.025, −1.9 − 0.05).
        expectClose(try run(GradientDescent(), learningRate: 0.1), [[0.95, -1.9], [0.925, -1.95]])
    }

    @Test("SGD with L2 weight decay: θ ← θ − η·(g + λθ)")
    func sgdWeightDecay() throws {
        // η = 0.1, λ = 0.1: x = 1 − 0.1·(0.5 + 0.1) = 0.94, y = −2 − 0.1·(−1 − 0.2) = −1.88;
        // then x = 0.94 − 0.1·(0.25 + 0.094) = 0.9056, y = −1.88 − 0.1·(0.5 − 0.188) = −1.9112.
        expectClose(try run(GradientDescent(weightDecay: 0.1), learningRate: 0.1), [[0.94, -1.88], [0.9056, -1.9112]])
    }

    @Test("momentum: v ← μv + g, θ ← θ − ηv")
    func momentum() throws {
        // μ = 0.9, η = 0.1: v₁ = g₁, θ₁ = (0.95, −1.9); v₂ = 0.9·(0.5, −1) + (0.25, 0.5) = (0.7, −0.4),
        // θ₂ = (0.95 − 0.07, −1.9 + 0.04).
        expectClose(try run(Momentum(momentum: 0.9), learningRate: 0.1), [[0.95, -1.9], [0.88, -1.86]])
    }

    @Test("Nesterov: v ← μv + g, θ ← θ − η(g + μv)")
    func nesterov() throws {
        // μ = 0.9, η = 0.1: v₁ = (0.5, −1), step g₁ + 0.9v₁ = (0.95, −1.9), θ₁ = (0.905, −1.81);
        // v₂ = (0.7, −0.4), step (0.25 + 0.63, 0.5 − 0.36) = (0.88, 0.14), θ₂ = (0.817, −1.824).
        expectClose(try run(Nesterov(momentum: 0.9), learningRate: 0.1), [[0.905, -1.81], [0.817, -1.824]])
    }

    @Test("Adam: bias-corrected moments, θ ← θ − η·m̂/(√v̂ + ε)")
    func adam() throws {
        // Step 1: m̂ = g₁ and v̂ = g₁², so each coordinate moves by η·|g|/(|g| + ε) against its gradient.
        // Step 2: m = 0.9·0.1·g₁ + 0.1·g₂ = (0.07, −0.04), v = 0.999·0.001·g₁² + 0.001·g₂² = (0.00031225, 0.001249),
        // bias corrections 1 − 0.9² = 0.19 and 1 − 0.999² = 0.001999.
        let x1 = 1 - 0.1 * 0.5 / (0.5 + 1e-8), y1 = -2 + 0.1 * 1 / (1 + 1e-8)
        let x2 = x1 - 0.1 * (0.07 / 0.19) / ((0.00031225 / 0.001999).squareRoot() + 1e-8)
        let y2 = y1 - 0.1 * (-0.04 / 0.19) / ((0.001249 / 0.001999).squareRoot() + 1e-8)
        expectClose(try run(Adam(), learningRate: 0.1), [[x1, y1], [x2, y2]], tolerance: 1e-13)
    }

    @Test("Adam with coupled weight decay adds λθ to the gradient before the moments")
    func adamCoupledDecay() throws {
        // λ = 0.1: g₁′ = g₁ + 0.1·θ₀ = (0.6, −1.2); the first step is again η·|g′|/(|g′| + ε).
        let path = try run(Adam(weightDecay: 0.1), learningRate: 0.1)
        expectClose([path[0]], [[1 - 0.1 * 0.6 / (0.6 + 1e-8), -2 + 0.1 * 1.2 / (1.2 + 1e-8)]])
    }

    @Test("AdamW shrinks θ by (1 − ηλ) before the Adam step")
    func adamW() throws {
        // λ = 0.1, η = 0.1: θ₀·0.99 = (0.99, −1.98), then the Adam step of g₁ (not of g₁ + λθ).
        let path = try run(Adam(weightDecay: 0.1, decoupledWeightDecay: true), learningRate: 0.1)
        expectClose([path[0]], [[0.99 - 0.1 * 0.5 / (0.5 + 1e-8), -1.98 + 0.1 * 1 / (1 + 1e-8)]])
    }

    @Test("RMSProp: v ← αv + (1 − α)g², θ ← θ − η·g/(√v + ε)")
    func rmsprop() throws {
        // α = 0.99, η = 0.01: v₁ = 0.01·g₁² = (0.0025, 0.01), √v₁ = (0.05, 0.1);
        // v₂ = 0.99·v₁ + 0.01·g₂² = (0.0031, 0.0124).
        let x1 = 1 - 0.01 * 0.5 / (0.05 + 1e-8), y1 = -2 + 0.01 * 1 / (0.1 + 1e-8)
        let x2 = x1 - 0.01 * 0.25 / (0.0031.squareRoot() + 1e-8), y2 = y1 - 0.01 * 0.5 / (0.0124.squareRoot() + 1e-8)
        expectClose(try run(RMSProp(), learningRate: 0.01), [[x1, y1], [x2, y2]], tolerance: 1e-13)
    }

    @Test("OptimizerSettings builds each rule with its hyperparameters, and state survives the enum wrapper")
    func settings() throws {
        let wrapped = OptimizerSettings(kind: .momentum, momentum: 0.9).makeOptimizer(Double.self)
        expectClose(try run(wrapped, learningRate: 0.1), [[0.95, -1.9], [0.88, -1.86]])
        let adam = OptimizerSettings(kind: .adamw, weightDecay: 0.1).makeOptimizer(Double.self)
        expectClose(try run(adam, learningRate: 0.1), try run(Adam(weightDecay: 0.1, decoupledWeightDecay: true), learningRate: 0.1), tolerance: 0)
        #expect(OptimizerSettings(kind: .rmsprop).beta2 == 0.99 && OptimizerSettings(kind: .adam).beta2 == 0.999)
        #expect(OptimizerSettings(kind: .adam).description == "adam(beta1=0.9, beta2=0.999, epsilon=1e-08)")
        #expect(OptimizerSettings(kind: .sgd).description == "sgd")
    }

    @Test("float32 updates equal float64 ones to float32 rounding")
    func float32() throws {
        for kind in OptimizerKind.allCases where kind != .newton {
            var single = OptimizerSettings(kind: kind).makeOptimizer(Float.self)
            var double = OptimizerSettings(kind: kind).makeOptimizer(Double.self)
            var p32 = [Matrix<Float>(row: [1, -2, 0.5])], p64 = [Matrix<Double>(row: [1, -2, 0.5])]
            for g in [[0.5, -1, 0.1], [0.25, 0.5, -0.3]] {
                try single.update(&p32, gradient: [Matrix(row: g.map { Float($0) })], learningRate: 0.05, hessian: nil)
                try double.update(&p64, gradient: [Matrix(row: g)], learningRate: 0.05, hessian: nil)
            }
            #expect(relativeError(p32[0].elements.map(Double.init), p64[0].elements) < 1e-6, "\(kind)")
        }
    }

    @Test("on long tensors (the vectorized loops and their tails) every element moves as it would alone")
    func elementwise() throws {
        let start: [Double] = [1, -2, 0.5, 3, -0.25, 0.125, 2, -1, 0.75]
        let steps: [[Double]] = [[0.5, -1, 0.1, 2, -0.3, 0.05, 1, -2, 0.2], [0.25, 0.5, -0.3, 1, 0.1, -0.05, -1, 0.5, 0.4]]
        for settings in OptimizerKind.allCases.filter({ $0 != .newton }).map({ OptimizerSettings(kind: $0, weightDecay: 0.01) }) {
            var whole = settings.makeOptimizer(Double.self)
            var parameters = [Matrix<Double>(row: start)]
            for g in steps { try whole.update(&parameters, gradient: [Matrix(row: g)], learningRate: 0.05, hessian: nil) }
            for i in start.indices {
                var alone = settings.makeOptimizer(Double.self)
                var element = [Matrix<Double>(scalar: start[i])]
                for g in steps { try alone.update(&element, gradient: [Matrix(scalar: g[i])], learningRate: 0.05, hessian: nil) }
                #expect(parameters[0].elements[i] == element[0].scalar, "\(settings.kind) element \(i)")
            }
        }
    }

    @Test("gradient clipping scales the whole gradient to the limit and keeps its direction")
    func clipping() {
        var gradient = [Matrix<Double>(row: [3]), Matrix<Double>(row: [4])]
        #expect(GradientClipping(maximumNorm: 1).clip(&gradient) == 5)
        #expect(abs(gradient[0].scalar - 0.6) < 1e-15 && abs(gradient[1].scalar - 0.8) < 1e-15)
        var small = [Matrix<Double>(row: [0.3, 0.4])]
        #expect(GradientClipping(maximumNorm: 1).clip(&small) == 0.5)
        #expect(small[0].elements == [0.3, 0.4])
    }
}
