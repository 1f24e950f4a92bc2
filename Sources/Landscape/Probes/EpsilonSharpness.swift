/// Keskar et al.'s ε-sharpness ("On Large-Batch Training for Deep Learning: Generalization Gap and
/// Sharp Minima", ICLR 2017, Metric 2.1), in the full parameter space:
///
///     φ(ε) = 100 · (max_{y ∈ C_ε} f(θ + y) − f(θ)) / (1 + f(θ)),
///     C_ε = { y : |yᵢ| ≤ ε (|θᵢ| + 1) for every parameter i },
///
/// the largest relative loss increase within a box around the parameters whose sides scale with
/// each parameter's magnitude, as a percentage. The authors did not release code for it; this is a
/// reference implementation. They solve the inner maximization inexactly with a few iterations of
/// L-BFGS-B; here it is solved with the spectral projected gradient method (Birgin, Martínez and
/// Raydan 2000) — projected gradient ascent with Barzilai–Borwein steps and a nonmonotone line
/// search, which suits a box well — until the first-order gap certifies a local maximum or the
/// iterations run out. A maximization that stops early gives a lower bound on φ.
public struct EpsilonSharpness: Sendable {
    /// The relative size of the box.
    public var epsilon: Double
    /// The most ascent iterations (each one gradient and at least one loss evaluation).
    public var maxIterations: Int
    /// Stop when the first-order gap is at most `tolerance` times the loss increase found so far,
    /// i.e. when φ cannot grow by more than that fraction of itself to first order.
    public var tolerance: Double

    public init(epsilon: Double = 1e-3, maxIterations: Int = 50, tolerance: Double = 1e-6) {
        precondition(epsilon > 0 && maxIterations >= 1 && tolerance >= 0, "ε-sharpness needs ε > 0, maxIterations ≥ 1, tolerance ≥ 0")
        self.epsilon = epsilon
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// The outcome of one maximization.
    public struct Result: Sendable {
        /// φ(ε) in percent.
        public var sharpness: Double
        /// `f(θ)`.
        public var loss: Double
        /// The largest loss found in the box, `f(θ + y*)`.
        public var maximumLoss: Double
        /// The maximizing perturbation `y*`, flat, inside the box.
        public var perturbation: [Double]
        /// The Frank–Wolfe gap at `y*`, `max_{y ∈ C_ε} ∇f(θ + y*)·(y − y*)`, in percent of `1 + f(θ)`:
        /// how much more the loss could rise to first order. Zero at a vertex where every gradient
        /// component points out of the box.
        public var gap: Double
        /// The fraction of parameters whose perturbation sits on a face of the box.
        public var fractionAtBounds: Double
        public var iterations: Int
        /// Loss evaluations without a gradient (line-search trials).
        public var lossEvaluations: Int
        /// Loss-and-gradient evaluations.
        public var gradientEvaluations: Int
        /// Whether the gap fell below the tolerance (relative to the increase found).
        public var converged: Bool
    }

    /// φ(ε) of `network` on `batch`, the network run in precision `T` and the perturbation kept in `Double`.
    public func measure<T: Real>(_ network: Network<T>, on batch: Batch<T>) -> Result {
        let architecture = network.architecture
        let theta = network.flatParameters.map(Double.init)
        let n = theta.count
        let bound = theta.map { epsilon * (Swift.abs($0) + 1) }
        let tape = Tape<T>()
        var lossEvaluations = 0, gradientEvaluations = 0

        /// `f(θ + y)` and its gradient (of the loss, to be ascended).
        func lossAndGradient(_ y: [Double]) -> (Double, [Double]) {
            gradientEvaluations += 1
            let shifted = Network<T>(architecture: architecture, flatParameters: (0..<n).map { T(theta[$0] + y[$0]) })
            let (loss, gradient) = shifted.lossAndGradient(on: batch, tape: tape)
            return (Double(loss), flatten(gradient).map(Double.init))
        }
        func loss(_ y: [Double]) -> Double {
            lossEvaluations += 1
            let shifted = Network<T>(architecture: architecture, flatParameters: (0..<n).map { T(theta[$0] + y[$0]) })
            return shifted.evaluate(batch, tape: tape).loss
        }
        func project(_ y: inout [Double]) {
            for i in 0..<n { y[i] = min(max(y[i], -bound[i]), bound[i]) }
        }
        /// The first-order gain still available: Σ |gᵢ| × (room to the face gᵢ points to).
        func gap(_ y: [Double], _ g: [Double]) -> Double {
            var total = 0.0
            for i in 0..<n {
                let room = g[i] > 0 ? bound[i] - y[i] : y[i] + bound[i]
                total += room * Swift.abs(g[i])
            }
            return total
        }

        var y = [Double](repeating: 0, count: n)
        var (f, g) = lossAndGradient(y)
        let base = f
        var best = (loss: f, y: y, gradient: g)
        /// Whether a gap at the best point so far is small enough to stop.
        func withinTolerance(_ gap: Double) -> Bool { gap <= tolerance * (best.loss - base) }
        var recent = [f]
        // First step length: the projected gradient step of unit length in the max norm (SPG).
        var largest = 0.0
        for i in 0..<n { largest = max(largest, min(Swift.abs(g[i]), bound[i])) }
        var step = 1 / max(largest, 1e-300)
        var iterations = 0
        while iterations < maxIterations, !withinTolerance(gap(best.y, best.gradient)) {
            iterations += 1
            var trial = (0..<n).map { y[$0] + step * g[$0] }
            project(&trial)
            let d = (0..<n).map { trial[$0] - y[$0] }
            var slope = 0.0
            for i in 0..<n { slope += g[i] * d[i] }
            guard slope > 0 else { break }
            // Nonmonotone Armijo search (over the last 10 values) with safeguarded quadratic backtracking.
            let reference = recent.min()!
            var alpha = 1.0
            var candidate = trial
            var value = loss(candidate)
            while !(value >= reference + 1e-4 * alpha * slope) {
                let quadratic = alpha * alpha * slope / (2 * (alpha * slope - (value - f)))
                alpha = quadratic.isFinite && quadratic >= 0.1 * alpha && quadratic <= 0.9 * alpha ? quadratic : alpha / 2
                guard alpha > 1e-12 else { break }
                candidate = (0..<n).map { y[$0] + alpha * d[$0] }
                value = loss(candidate)
            }
            guard value.isFinite, alpha > 1e-12 else { break }
            let (newValue, newGradient) = lossAndGradient(candidate)
            var sy = 0.0, ss = 0.0
            for i in 0..<n {
                let s = candidate[i] - y[i]
                sy -= s * (newGradient[i] - g[i])
                ss += s * s
            }
            step = sy > 0 ? min(max(ss / sy, 1e-30), 1e30) : 1e30
            (y, f, g) = (candidate, newValue, newGradient)
            if f > best.loss { best = (f, y, g) }
            recent.append(f)
            if recent.count > 10 { recent.removeFirst() }
        }
        let finalGap = gap(best.y, best.gradient)
        let atBounds = (0..<n).filter { Swift.abs(best.y[$0]) >= bound[$0] }.count
        return Result(
            sharpness: 100 * (best.loss - base) / (1 + base), loss: base, maximumLoss: best.loss, perturbation: best.y,
            gap: 100 * finalGap / (1 + base), fractionAtBounds: n > 0 ? Double(atBounds) / Double(n) : 0,
            iterations: iterations, lossEvaluations: lossEvaluations, gradientEvaluations: gradientEvaluations,
            converged: withinTolerance(finalGap))
    }
}
