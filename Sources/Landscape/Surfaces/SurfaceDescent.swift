/// One iterate of a descent on a surface: the point after `step` updates (step 0 is the start), with
/// the exact loss and gradient norm there.
public struct DescentStep: Sendable {
    public var step: Int
    public var point: SurfacePoint
    public var loss: Double
    public var gradientNorm: Double
}

/// The path of one optimizer down a surface, and how it ended.
public struct DescentRun: Sendable {
    /// The optimizer's name as shown in tables, plots and the CSV.
    public let label: String
    public let learningRate: Double
    /// The standard deviation of the Gaussian noise added to each gradient component (0: exact).
    public let noise: Double
    /// The seed of that noise.
    public let seed: UInt64
    /// Every iterate, from the start to the last finite one or the first non-finite one.
    public internal(set) var path: [DescentStep] = []
    /// The step at which the loss or the point stopped being finite, if it did.
    public internal(set) var divergedAt: Int?
    /// The step from which the run stayed within the tolerance of the target to the end (see
    /// `SurfaceDescent.tolerance`); nil if it ended outside. A run that passes through the target and
    /// leaves again (Adam at a constant rate, say) has not reached it.
    public internal(set) var reachedAt: Int?
    /// The optimizer's report (Newton's damping), if any.
    public internal(set) var optimizerReport: String?

    /// The last iterate.
    public var last: DescentStep { path[path.count - 1] }
}

/// Runs optimizers on a surface from one start, recording their paths. Each step takes the exact
/// gradient (plus, optionally, Gaussian noise — a stand-in for the mini-batch noise of SGD),
/// clips it, and hands it to the optimizer with the scheduled learning rate and, for Newton, the
/// exact Hessian. For SAM and ASAM the noisy gradient sets the ascent, and the gradient handed on
/// is the exact one at the ascent point plus the same noise draw: a mini-batch's, which the step
/// evaluates at both points.
public struct SurfaceDescent: Sendable {
    public var surface: Surface
    public var start: SurfacePoint
    /// Updates per optimizer.
    public var steps: Int
    public var schedule: LearningRateSchedule
    public var clipping: GradientClipping?
    /// A run has arrived when it is within `tolerance` of a known minimum of the surface, or — when
    /// the surface has none — when its gradient norm is at most `tolerance`.
    public var tolerance: Double

    public init(surface: Surface, start: SurfacePoint, steps: Int, schedule: LearningRateSchedule = .constant,
                clipping: GradientClipping? = nil, tolerance: Double = 1e-8) {
        precondition(steps >= 0, "a negative number of steps")
        self.surface = surface
        self.start = start
        self.steps = steps
        self.schedule = schedule
        self.clipping = clipping
        self.tolerance = tolerance
    }

    /// True when `point` (with gradient norm `gradientNorm`) counts as arrived.
    public func hasArrived(at point: SurfacePoint, gradientNorm: Double) -> Bool {
        if let nearest = surface.nearestMinimum(to: point) { return nearest.distance(to: point) <= tolerance }
        return gradientNorm <= tolerance
    }

    /// Descends with the optimizer `settings` describe, in `precision`; see `run(_:label:learningRate:noise:seed:)`.
    public func run(_ settings: OptimizerSettings, precision: Precision, label: String, learningRate: Double, noise: Double = 0,
                    seed: UInt64 = 0) throws -> DescentRun {
        switch precision {
        case .float32: try run(settings.makeOptimizer(Float.self), label: label, learningRate: learningRate, noise: noise, seed: seed)
        case .float64: try run(settings.makeOptimizer(Double.self), label: label, learningRate: learningRate, noise: noise, seed: seed)
        }
    }

    /// Descends with `optimizer` in its precision, at base rate `learningRate`, with gradient noise
    /// of standard deviation `noise` drawn from the noise stream of `seed` (the same seed gives the
    /// same noise). A run that diverges stops there and says so; only an optimizer that cannot run at
    /// all throws.
    public func run<O: Optimizer>(
        _ optimizer: O, label: String, learningRate: Double, noise: Double = 0, seed: UInt64 = 0
    ) throws -> DescentRun {
        typealias T = O.Scalar
        var optimizer = optimizer
        var run = DescentRun(label: label, learningRate: learningRate, noise: noise, seed: seed)
        run.path.reserveCapacity(steps + 1)
        var random = RandomSource(seed: seed, stream: .noise)
        var parameters = [Matrix(scalar: T(start.x)), Matrix(scalar: T(start.y))]
        for step in 0...steps {
            let (value, exactGradient, hessian) = surface.objective(at: parameters)
            var gradient = exactGradient
            let point = SurfacePoint(x: Double(parameters[0].scalar), y: Double(parameters[1].scalar))
            let (gx, gy) = (Double(gradient[0].scalar), Double(gradient[1].scalar))
            let norm = (gx * gx + gy * gy).squareRoot()
            run.path.append(DescentStep(step: step, point: point, loss: Double(value), gradientNorm: norm))
            guard value.isFinite, point.isFinite, norm.isFinite else {
                run.divergedAt = step
                break
            }
            if !hasArrived(at: point, gradientNorm: norm) {
                run.reachedAt = nil
            } else if run.reachedAt == nil {
                run.reachedAt = step
            }
            guard step < steps else { break }
            let draw = noise > 0 ? gradient.indices.map { _ in T(noise * random.normal()) } : nil
            func addNoise(_ gradient: inout [Matrix<T>]) {
                guard let draw else { return }
                for k in gradient.indices { gradient[k].elements[0] += draw[k] }
            }
            addNoise(&gradient)
            if let ascent = optimizer.ascent(from: parameters, gradient: gradient) {
                gradient = surface.objective(at: ascent).gradient
                addNoise(&gradient)
            }
            clipping?.clip(&gradient)
            let rate = T(schedule.rate(base: learningRate, step: step, totalSteps: steps))
            try optimizer.update(&parameters, gradient: gradient, learningRate: rate,
                                 hessian: optimizer.needsHessian ? hessian : nil)
        }
        run.optimizerReport = optimizer.report
        return run
    }
}
