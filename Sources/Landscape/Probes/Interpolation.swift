/// The straight path between two models, `θ(α) = (1 − α)·θ_A + α·θ_B` over all weights and biases
/// (`docs/FORMATS.md#command-outputs`), as in Goodfellow, Vinyals and Saxe (2015) and Keskar et al. (2017); `α` outside
/// [0, 1] extrapolates. At `α = 0` and `1` the parameters are exactly those of A and B. The path
/// along a `ModeCurve` is its quadratic Bézier curve instead, with `t` in the place of `α`.
public struct Interpolation: Sendable {
    /// Model A, at `α = 0`; its input transform is the path's.
    public let from: Model
    /// Model B, at `α = 1`.
    public let to: Model
    /// The models' names (their files, say), for messages and pictures.
    public let fromName: String
    public let toName: String
    /// The curve the path follows, when it is not the straight line.
    public let curve: BezierCurve<Double>?

    /// Refuses models of different architectures or input transforms.
    public init(from: Model, to: Model, fromName: String = "the first model", toName: String = "the second model") throws {
        try from.requireCompatible(to, name: fromName, otherName: toName)
        self.init(from: from, to: to, fromName: fromName, toName: toName, curve: nil)
    }

    /// The path along `curve`, between the models at its ends.
    public init(curve: ModeCurve) {
        self.init(from: curve.from, to: curve.to, fromName: curve.fromName, toName: curve.toName, curve: curve.curve)
    }

    private init(from: Model, to: Model, fromName: String, toName: String, curve: BezierCurve<Double>?) {
        self.from = from
        self.to = to
        self.fromName = fromName
        self.toName = toName
        self.curve = curve
    }

    /// The straight line between the same two models.
    public var straight: Interpolation { Interpolation(from: from, to: to, fromName: fromName, toName: toName, curve: nil) }

    /// The network at `alpha`, combined in `Double` and then converted to `T`.
    public func network<T: Real>(at alpha: Double, as: T.Type = T.self) -> Network<T> {
        if let curve { return curve.network(at: alpha).converted() }
        let a = from.network.flatParameters, b = to.network.flatParameters
        let mixed = (0..<a.count).map { T((1 - alpha) * a[$0] + alpha * b[$0]) }
        return Network(architecture: from.architecture, flatParameters: mixed)
    }

    /// Loss and accuracy along the path at each of `alphas`, on `train` and, if given, `test`.
    public func evaluate<T: Real>(at alphas: [Double], train: Batch<T>, test: Batch<T>? = nil) -> [InterpolationPoint] {
        let tape = Tape<T>()
        return alphas.map { alpha in
            let network: Network<T> = network(at: alpha)
            return InterpolationPoint(alpha: alpha, train: network.evaluate(train, tape: tape), test: test.map { network.evaluate($0, tape: tape) })
        }
    }

    /// The loss barrier along the path as Entezari, Sedghi, Saukh and Neyshabur (2022) define it: the
    /// largest excess of the loss over the straight line between the end losses,
    /// `max_α L(α) − ((1 − α) L(0) + α L(1))`, over the sampled `α` in (0, 1) and the ends themselves
    /// (so it is never negative, and 0 on a path that only rises or only falls), with the `α` where
    /// it occurs (0 when there is no excess). `start` and `end` are `L(0)` and `L(1)`.
    public static func barrier(_ samples: [(alpha: Double, loss: Double)], start: Double, end: Double) -> (height: Double, alpha: Double) {
        var best = (height: 0.0, alpha: 0.0)
        for (alpha, loss) in samples where alpha > 0 && alpha < 1 {
            let excess = loss - ((1 - alpha) * start + alpha * end)
            if excess > best.height { best = (excess, alpha) }
        }
        return best
    }

    /// The loss barrier as Frankle, Dziugaite, Roy and Carbin (2020) define the error barrier and
    /// Ainsworth, Hayase and Srinivasa (2023) the loss barrier: the largest loss along the path above
    /// the mean of the end losses, `max_α L(α) − ½(L(0) + L(1))`, over the sampled `α` in (0, 1) and
    /// the ends, with the `α` where it occurs (the first largest, in the order α = 0, the samples,
    /// α = 1). It is at least `½|L(0) − L(1)|`, reached at the worse end when the path has no bump,
    /// and equals `barrier`'s height when the end losses are equal and the bump is the largest loss.
    public static func frankleBarrier(_ samples: [(alpha: Double, loss: Double)], start: Double, end: Double) -> (height: Double, alpha: Double) {
        let mean = (start + end) / 2
        var best = (height: start - mean, alpha: 0.0)
        for (alpha, loss) in samples where alpha > 0 && alpha < 1 && loss - mean > best.height {
            best = (loss - mean, alpha)
        }
        return end - mean > best.height ? (end - mean, 1) : best
    }
}

extension Interpolation {
    /// Loss and accuracy at each of `alphas` on `train` and, if given, `test`, in `precision`, with
    /// the barriers. The end models' losses must be finite; their evaluations, where the path's
    /// parameters are exactly those of the models, give the barriers' straight line.
    public func profile(at alphas: [Double], train: Dataset, test: Dataset?, precision: Precision) throws -> InterpolationProfile {
        let ends = try [(from, fromName), (to, toName)].map { model, name in
            (train: try model.requireFiniteLoss(name: name, on: train, precision: precision),
             test: try test.map { try model.requireFiniteLoss(name: name, on: $0, precision: precision) })
        }
        let points = switch precision {
        case .float32: evaluate(at: alphas, train: try from.batch(for: train, as: Float.self), test: try test.map { try from.batch(for: $0) })
        case .float64: evaluate(at: alphas, train: try from.batch(for: train, as: Double.self), test: try test.map { try from.batch(for: $0) })
        }
        let trainSamples = points.map { ($0.alpha, $0.train.loss) }
        let testSamples = test == nil ? nil : points.map { ($0.alpha, $0.test!.loss) }
        return InterpolationProfile(
            points: points,
            trainBarrier: Interpolation.barrier(trainSamples, start: ends[0].train.loss, end: ends[1].train.loss),
            testBarrier: testSamples.map { Interpolation.barrier($0, start: ends[0].test!.loss, end: ends[1].test!.loss) },
            trainFrankleBarrier: Interpolation.frankleBarrier(trainSamples, start: ends[0].train.loss, end: ends[1].train.loss),
            testFrankleBarrier: testSamples.map { Interpolation.frankleBarrier($0, start: ends[0].test!.loss, end: ends[1].test!.loss) })
    }

    /// The picture of `profile`: train (and test) loss along the path, the two models marked.
    public func figure(_ profile: InterpolationProfile) -> String {
        Figures.interpolation(profile.points.map { ($0.alpha, $0.train.loss, $0.test?.loss) }, from: fromName, to: toName, curve: curve != nil)
    }
}

/// The loss along an interpolation and its barriers in both forms (`Interpolation.barrier` and
/// `Interpolation.frankleBarrier`).
public struct InterpolationProfile: Sendable {
    public var points: [InterpolationPoint]
    public var trainBarrier: (height: Double, alpha: Double)
    /// On the test rows, when they were given.
    public var testBarrier: (height: Double, alpha: Double)?
    public var trainFrankleBarrier: (height: Double, alpha: Double)
    public var testFrankleBarrier: (height: Double, alpha: Double)?
}

/// Loss and accuracy at one point of an interpolation.
public struct InterpolationPoint: Sendable {
    public var alpha: Double
    /// On the training rows.
    public var train: Evaluation
    /// On the test rows, when they were given.
    public var test: Evaluation?
}
