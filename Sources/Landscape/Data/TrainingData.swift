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
    /// standardizes with the training rows' mean and population std when `standardize`
    /// (`docs/FORMATS.md#numerical-conventions`).
    ///
    /// A classifier has one output per class `0..<C`. `classes` gives C; without it, C is one more
    /// than the largest label, and every class below it must occur in the training or test rows: a
    /// class that never occurs (labels 1...3 and no 0) would only be an output nothing trains.
    public init(dataset: Dataset, split: Split, testSet: Dataset?, loss: Loss, seed: UInt64,
                standardize: Bool, transform: InputTransform? = nil, classes: Int? = nil) throws {
        if testSet != nil, split != .whole {
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
            let labels = Set(try train.classLabels() + (try test?.classLabels() ?? []))
            let found = (labels.max() ?? -1) + 1
            if let classes {
                guard found <= classes else {
                    throw LandscapeError.invalidInput("\(dataset.source): label \(found - 1) is not one of \(classes) classes 0…\(classes - 1)")
                }
                outputWidth = classes
            } else {
                if let missing = (0..<found).first(where: { !labels.contains($0) }) {
                    throw LandscapeError.invalidInput(
                        "\(dataset.source): no row has label \(missing), although labels go up to \(found - 1); classes are 0…C−1 (renumber the labels, or give the number of classes)")
                }
                outputWidth = found
            }
            guard outputWidth >= 2 else {
                throw LandscapeError.invalidInput("\(dataset.source): every label is 0; a classifier needs at least two classes")
            }
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
