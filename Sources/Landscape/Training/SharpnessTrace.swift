/// The sharpness at one step of a run, next to the stability limit of that step's learning rate:
/// gradient descent on a quadratic is stable only while sharpness < 2/lr, the "edge of stability"
/// of Cohen et al. (2021).
public struct SharpnessSample: Equatable, Sendable {
    public var step: Int
    /// The top Hessian eigenvalue of the full training loss, in float64.
    public var sharpness: Double
    /// `2/lr` for the learning rate of the step.
    public var stabilityLimit: Double

    public init(step: Int, sharpness: Double, stabilityLimit: Double) {
        self.step = step
        self.sharpness = sharpness
        self.stabilityLimit = stabilityLimit
    }

    public init(step: Int, sharpness: Double, learningRate: Double) {
        self.init(step: step, sharpness: sharpness, stabilityLimit: 2 / learningRate)
    }

    /// `{"step": …, "sharpness": …, "two_over_lr": …}`, in every file and output that holds samples.
    public var json: JSON {
        .object(["step": .number(step), "sharpness": .number(sharpness), "two_over_lr": .number(stabilityLimit)])
    }

    /// Reads a sample written by `json`.
    public init(json: JSON) throws {
        guard let step = json["step"]?.intValue, let sharpness = json["sharpness"]?.doubleValue,
              let limit = json["two_over_lr"]?.doubleValue else {
            throw LandscapeError.invalidInput("a sharpness sample needs 'step', 'sharpness' and 'two_over_lr'")
        }
        self.init(step: step, sharpness: sharpness, stabilityLimit: limit)
    }
}

/// The sharpness of a network during training, every `interval` steps from step 0: the top
/// Hessian eigenvalue of the full training loss, in float64 whatever the training precision, by
/// Lanczos warm-started from the previous top eigenvector (see `Network.sharpness`).
final class SharpnessTracker {
    let interval: Int
    private let batch: Batch<Double>
    private let tolerance: Double
    private let tape = Tape<Double>()
    private var direction: [Double]?
    private(set) var samples: [SharpnessSample]

    /// A tracker on the training rows `batch`, continuing `samples` (from a checkpoint).
    init(interval: Int, batch: Batch<Double>, tolerance: Double = 1e-6, samples: [SharpnessSample] = []) {
        precondition(interval > 0, "a sharpness interval is a positive number of steps")
        self.interval = interval
        self.batch = batch
        self.tolerance = tolerance
        self.samples = samples
    }

    /// Measures the sharpness at `progress` when its step is a multiple of the interval.
    func observe<T: Real>(_ progress: Trainer<T>.Progress) {
        guard progress.step % interval == 0 else { return }
        let estimate = progress.network.converted(to: Double.self)
            .sharpness(on: batch, tolerance: tolerance, warmStart: direction, tape: tape)
        direction = estimate.eigenvectors.first
        samples.append(SharpnessSample(step: progress.step, sharpness: estimate.eigenvalues[0], learningRate: progress.learningRate))
    }
}
