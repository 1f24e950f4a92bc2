import Dispatch

/// Loss and accuracy on the training and test rows after some epoch.
public struct EpochRecord: Sendable {
    public var epoch: Int
    /// Optimizer steps taken so far.
    public var step: Int
    public var train: Evaluation
    public var test: Evaluation?
    public var seconds: Double

    public init(epoch: Int, step: Int, train: Evaluation, test: Evaluation?, seconds: Double) {
        self.epoch = epoch
        self.step = step
        self.train = train
        self.test = test
        self.seconds = seconds
    }
}

/// The outcome of a training run.
public struct TrainingResult<T: Real>: Sendable {
    public var network: Network<T>
    public var steps: Int
    /// Epochs run, fractional when the run stopped inside an epoch.
    public var epochs: Double
    /// Loss and accuracy on all training rows at the end (nil when `Trainer.evaluatesAtEnd` is off).
    public var train: Evaluation?
    public var test: Evaluation?
    public var seconds: Double
    public var history: [EpochRecord]
    /// What the optimizer reported about the run (Newton's damping), if anything.
    public var optimizerReport: String?
}

/// Mini-batch training: each epoch takes a permutation of the training rows and steps the optimizer
/// on consecutive slices of it, the last batch being the remainder (`docs/FORMATS.md#numerical-conventions`, the peers' convention).
/// Each step's gradient is clipped per `plan.clipping` and applied at the rate `plan.schedule` gives;
/// for a rule that asks for it (`Optimizer.ascent`), that is the batch's gradient at the point it
/// names, while the loss checked and recorded stays the one at the current parameters.
public struct Trainer<T: Real> {
    public var plan: TrainingPlan
    /// Dropout on the hidden layers during training (nil: none). Step `t`'s gradient (and Newton's
    /// Hessian) is that of the mini-batch loss of the network with `dropout.masks(…, step: t)`;
    /// evaluations and the monitor see the network without it.
    public var dropout: Dropout?
    /// Evaluate on all training (and test) rows after every epoch, for the log.
    public var evaluatesEachEpoch = false
    /// Evaluate on all training (and test) rows when done; without it the result's evaluations are nil.
    public var evaluatesAtEnd = true
    /// Looks at the run before the first step and every `interval` steps after; it can end the run.
    public var monitor: Monitor?
    /// Receives a checkpoint every `interval` steps, at the end of every epoch, and when the run is
    /// interrupted — never one whose weights are not finite.
    public var checkpoints: (interval: Int?, save: (TrainingCheckpoint) throws -> Void)?
    /// Asked before every step; when it answers true the run saves a checkpoint and stops with
    /// `LandscapeError.interrupted` (Ctrl-C).
    public var interruption: (() -> Bool)?
    /// The mini-batch objective the optimizer descends, when it is not the loss of the network
    /// whose parameters are trained (nil): given the step (from 0), the trained parameters and the
    /// step's batch, its loss and its gradient with respect to those parameters. A curve between
    /// two models trains its bend this way (`CurveTraining`). Dropout and Newton's method, which
    /// need the network's own loss, do not combine with it.
    public var objective: ((_ step: Int, _ parameters: [Matrix<T>], _ batch: Batch<T>, _ tape: Tape<T>) -> (loss: T, gradient: [Matrix<T>]))?

    /// A look at a run in progress, every `interval` optimizer steps (and at step 0).
    public struct Monitor {
        public var interval: Int
        /// Returns whether training should go on.
        public var observe: (Progress) throws -> Bool

        public init(interval: Int, observe: @escaping (Progress) throws -> Bool) {
            precondition(interval > 0, "a monitor interval is a positive number of steps")
            self.interval = interval
            self.observe = observe
        }
    }

    /// Where a run is: steps taken, the learning rate of the last step, and the current network.
    public struct Progress {
        public let step: Int
        public let epoch: Int
        public let learningRate: Double
        public let network: Network<T>
    }

    public init(plan: TrainingPlan) { self.plan = plan }

    /// Trains `network` on `train`; stops with `LandscapeError.diverged` at the first non-finite loss.
    ///
    /// With `resumingFrom`, the run continues from a checkpoint of the same run (same network, data,
    /// plan and optimizer), and ends exactly as if it had never stopped.
    public func run<O: Optimizer>(
        _ network: Network<T>, on train: Batch<T>, test: Batch<T>? = nil, optimizer: O,
        resumingFrom checkpoint: TrainingCheckpoint? = nil, onEpoch: (EpochRecord) -> Void = { _ in }
    ) throws -> TrainingResult<T> where O.Scalar == T {
        precondition(plan.batchSize > 0 && train.count > 0, "training needs rows and a positive batch size")
        precondition(objective == nil || (dropout == nil && !optimizer.needsHessian), "an objective of its own trains without dropout or a Hessian")
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        var network = network
        var optimizer = optimizer
        var random: RandomSource?
        if case .shuffled(let seed) = plan.order { random = RandomSource(seed: seed, stream: .shuffling) }
        let rows = train.count
        let totalSteps = plan.totalSteps(rows: rows)
        let perEpoch = plan.stepsPerEpoch(rows: rows)
        let tape = Tape<T>()
        var history: [EpochRecord] = []
        var step = 0
        var lastFinite: (loss: Double, step: Int)?
        if let checkpoint {
            guard checkpoint.parameters.count == network.parameters.count,
                  zip(checkpoint.parameters, network.parameters).allSatisfy({ $0.rows == $1.rows && $0.cols == $1.cols }) else {
                throw LandscapeError.invalidInput("the checkpoint's weights do not fit this network")
            }
            network.parameters = checkpoint.parameters.map { $0.converted() }
            try optimizer.restore(checkpoint.optimizer, parameters: network.parameters)
            step = checkpoint.step
            history = checkpoint.history
            lastFinite = checkpoint.lastFiniteLoss.map { ($0, checkpoint.step) }
        }
        func save() throws {
            guard let checkpoints, network.parameters.allSatisfy({ $0.elements.allSatisfy(\.isFinite) }) else { return }
            try checkpoints.save(TrainingCheckpoint(
                parameters: network.parameters.map { $0.converted() }, optimizer: optimizer.state, step: step,
                lastFiniteLoss: lastFinite?.loss, history: history))
        }
        // The shuffles of the epochs already done are drawn again, so the stream continues as before.
        var epoch = step / perEpoch
        for _ in 0..<epoch { _ = random?.permutation(rows) }
        var resumeAt = (step - epoch * perEpoch) * plan.batchSize
        // A fresh run shows the monitor its starting point; a resumed one has shown it already.
        var stopped = false
        if step == 0, let monitor {
            stopped = try !monitor.observe(Progress(step: 0, epoch: 0, learningRate: plan.learningRate, network: network))
        }
        while step < totalSteps && !stopped {
            let order: [Int]
            switch plan.order {
            case .shuffled: order = random!.permutation(rows)
            case .permutations(let given): order = given[epoch % given.count]
            }
            let firstRow = resumeAt
            resumeAt = 0
            for first in stride(from: firstRow, to: rows, by: plan.batchSize) where step < totalSteps && !stopped {
                if interruption?() == true {
                    try save()
                    throw LandscapeError.interrupted(step: step)
                }
                let batch = train.gathering(order[first..<min(first + plan.batchSize, rows)])
                let masks = dropout?.masks(for: network.architecture, rows: batch.count, step: step, as: T.self)
                // The batch's loss and gradient at any parameters, with this step's dropout masks:
                // at θ, and at the point a sharpness-aware rule ascends to, computed alike.
                let thisStep = step
                func batchLossAndGradient(at parameters: [Matrix<T>]) -> (loss: T, gradient: [Matrix<T>]) {
                    if let objective { return objective(thisStep, parameters, batch, tape) }
                    return Network(architecture: network.architecture, parameters: parameters).lossAndGradient(on: batch, masks: masks, tape: tape)
                }
                let loss: T
                var gradient: [Matrix<T>]
                var hessian: HessianOperator<T>?
                if optimizer.needsHessian {
                    (loss, gradient, hessian) = network.lossGradientAndHessian(on: batch, masks: masks)
                } else {
                    (loss, gradient) = batchLossAndGradient(at: network.parameters)
                }
                let rate = T(plan.schedule.rate(base: plan.learningRate, step: step, totalSteps: totalSteps))
                step += 1
                guard loss.isFinite else {
                    throw LandscapeError.diverged(step: step, lastFiniteLoss: lastFinite?.loss, lastFiniteStep: lastFinite?.step)
                }
                lastFinite = (Double(loss), step)
                if let point = optimizer.ascent(from: network.parameters, gradient: gradient) {
                    gradient = batchLossAndGradient(at: point).gradient
                }
                plan.clipping?.clip(&gradient)
                try optimizer.update(&network.parameters, gradient: gradient, learningRate: rate, hessian: hessian)
                if let monitor, step % monitor.interval == 0 {
                    stopped = try !monitor.observe(Progress(step: step, epoch: epoch, learningRate: Double(rate), network: network))
                }
                // A step that ends an epoch is saved after the epoch's record, below.
                if let interval = checkpoints?.interval, step % interval == 0, first + plan.batchSize < rows, step < totalSteps, !stopped {
                    try save()
                }
            }
            epoch += 1
            if evaluatesEachEpoch {
                let record = EpochRecord(epoch: epoch, step: step, train: network.evaluate(train),
                                         test: test.map { network.evaluate($0) }, seconds: elapsed())
                history.append(record)
                onEpoch(record)
            }
            if checkpoints != nil { try save() }
        }
        var final: Evaluation?, finalTest: Evaluation?
        if evaluatesAtEnd {
            final = history.last?.step == step ? history.last!.train : network.evaluate(train, tape: tape)
            finalTest = history.last?.step == step ? history.last!.test : test.map { network.evaluate($0, tape: tape) }
        }
        guard final?.loss.isFinite ?? true else {
            throw LandscapeError.diverged(step: step, lastFiniteLoss: lastFinite?.loss, lastFiniteStep: lastFinite?.step)
        }
        return TrainingResult(network: network, steps: step, epochs: Double(step) / Double(perEpoch),
                              train: final, test: finalTest, seconds: elapsed(), history: history,
                              optimizerReport: optimizer.report)
    }
}
