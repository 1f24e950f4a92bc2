/// How long and in what order a network is trained.
public struct TrainingPlan: Sendable {
    /// Either whole passes over the training rows or a number of optimizer steps.
    public enum Length: Equatable, Sendable {
        case epochs(Int)
        case steps(Int)
    }

    /// Where each epoch's order of rows comes from.
    public enum Order: Sendable {
        /// A fresh permutation each epoch from the shuffling stream of `seed`.
        case shuffled(seed: UInt64)
        /// Given permutations, one per epoch (for reproducing another implementation exactly).
        case permutations([[Int]])
    }

    public var batchSize: Int
    public var length: Length
    /// The base learning rate; `schedule` gives the rate of each step from it.
    public var learningRate: Double
    public var order: Order
    public var schedule: LearningRateSchedule
    /// Clipping of each mini-batch gradient before the optimizer sees it; nil for none.
    public var clipping: GradientClipping?

    public init(batchSize: Int, length: Length, learningRate: Double, order: Order,
                schedule: LearningRateSchedule = .constant, clipping: GradientClipping? = nil) {
        self.batchSize = batchSize
        self.length = length
        self.learningRate = learningRate
        self.order = order
        self.schedule = schedule
        self.clipping = clipping
    }

    /// Optimizer steps in one epoch of `rows` rows: the last batch is the remainder.
    public func stepsPerEpoch(rows: Int) -> Int { (rows + batchSize - 1) / batchSize }

    /// Total optimizer steps over `rows` training rows.
    public func totalSteps(rows: Int) -> Int {
        switch length {
        case .epochs(let e): return e * stepsPerEpoch(rows: rows)
        case .steps(let s): return s
        }
    }
}
