/// Training and test rows made ready for a network: split, with the input transform learned on the
/// training rows (or given by a model), and the task's output width.
public struct TrainingData: Sendable {
    public var train: Dataset
    public var test: Dataset?
    public var transform: InputTransform?
    public var loss: Loss
    /// Outputs the network needs: the number of classes, or 1 for mse.
    public var outputWidth: Int

    /// Splits `dataset` (or takes `testSet` as the test rows) and, unless `transform` is given,
    /// standardizes with the training rows' mean and population std when `standardize` (`docs/FORMATS.md#numerical-conventions`).
    public init(dataset: Dataset, split: Split, testSet: Dataset?, loss: Loss, seed: UInt64,
                standardize: Bool, transform: InputTransform? = nil) throws {
        if testSet != nil, split != .none {
            throw LandscapeError.invalidInput("a split and an explicit test set cannot both be given")
        }
        guard dataset.featureCount > 0 else {
            throw LandscapeError.invalidInput("\(dataset.source): no feature columns besides 'label'")
        }
        let parts = try split.apply(to: dataset, seed: seed, stratify: loss.isClassification)
        train = parts.train
        test = testSet ?? parts.test
        if let test, test.featureCount != train.featureCount {
            throw LandscapeError.invalidInput(
                "\(test.source) has \(test.featureCount) feature columns but \(train.source) has \(train.featureCount)")
        }
        self.loss = loss
        switch loss {
        case .crossEntropy:
            let classes = max(try train.classCount(), try test?.classCount() ?? 0)
            guard classes >= 2 else {
                throw LandscapeError.invalidInput("\(dataset.source): every label is 0; a classifier needs at least two classes")
            }
            outputWidth = classes
        case .meanSquaredError:
            outputWidth = 1
        }
        self.transform = transform ?? (standardize ? InputTransform.standardizing(train.features) : nil)
        if transform == nil, let learned = self.transform,
           let column = learned.mean.indices.first(where: { !learned.mean[$0].isFinite || !learned.std[$0].isFinite }) {
            throw LandscapeError.invalidInput(
                "\(train.source) column '\(train.featureNames[column])': values too large to standardize (their mean or spread overflows); rescale the column")
        }
    }

    /// The training and test rows as batches in precision `T`.
    public func batches<T: Real>(_: T.Type = T.self) throws -> (train: Batch<T>, test: Batch<T>?) {
        (try train.batch(for: loss, transform: transform), try test?.batch(for: loss, transform: transform))
    }
}
