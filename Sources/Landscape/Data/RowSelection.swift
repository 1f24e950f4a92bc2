/// Which rows of a data file a model is probed on: all of them, or the training or test part of a
/// split — the split a model was trained with, so that its sharpness is measured where it was
/// trained (`docs/FORMATS.md#numerical-conventions` for the splits).
public struct RowSelection: Sendable {
    /// The part of a split.
    public enum Part: String, CaseIterable, Sendable {
        case train, test, all
    }

    /// The split to apply; nil for all rows, or, when a part is asked for, for the split the
    /// model's training record gives (the data being the file it was trained on).
    public var split: Split?
    /// The part of the split; nil for `train` with a split, `all` without.
    public var part: Part?
    /// Seeds a fractional split; nil for the seed the model was trained with (or 0 without a record).
    public var seed: UInt64?

    public init(split: Split? = nil, part: Part? = nil, seed: UInt64? = nil) {
        self.split = split
        self.part = part
        self.seed = seed
    }

    /// The rows of `dataset`, read from `path`, that this selection names for `model`, with a sentence
    /// saying which they are when `path` is the file the model was trained on (nil otherwise).
    public func rows(of dataset: Dataset, path: String, model: Model) throws -> (rows: Dataset, note: String?) {
        let record = model.trainingConfiguration
        let isTrainingFile = record.map { Files.sameFile($0.data, path) } ?? false
        let recordedSplit = isTrainingFile ? record?.split : nil
        let chosen = split ?? (part == nil || part == .all ? nil : recordedSplit)
        guard let split = chosen, split != .whole, part != .all else {
            if let part, part != .all {
                let why = record == nil ? "the model records no training run"
                    : isTrainingFile ? "the model was trained on all of \(path)" : "\(path) is not the file the model was trained on (\(record!.data))"
                throw LandscapeError.invalidInput("the \(part.rawValue) rows need a split: \(why)")
            }
            guard isTrainingFile, let recordedSplit else { return (dataset, nil) }
            var trained = "the rows the model was trained on"
            if recordedSplit != .whole {
                trained = "the model was trained on the train part of split \(recordedSplit)"
                if case .fraction = recordedSplit { trained += ", seed \(record?.seed ?? 0)" }
            }
            return (dataset, "measuring all \(dataset.count) rows of \(path); \(trained)")
        }
        let seed = seed ?? record?.seed ?? 0
        let part = part ?? .train
        let parts = try split.apply(to: dataset, seed: seed, stratify: model.architecture.loss.isClassification)
        let rows: Dataset
        if part == .train {
            rows = parts.train
        } else {
            guard let test = parts.test else { throw LandscapeError.invalidInput("the split \(split) leaves no test rows of \(path)") }
            rows = test
        }
        guard isTrainingFile else { return (rows, nil) }
        func described(_ split: Split, _ seed: UInt64) -> String {
            if case .fraction = split { return "split \(split), seed \(seed)" }
            return "split \(split)"
        }
        let trainedWith = described(recordedSplit ?? .whole, record?.seed ?? 0)
        let how = described(split, seed) == trainedWith
            ? "the \(trainedWith) the model was trained with"
            : "\(described(split, seed)); the model was trained with \(trainedWith)"
        return (rows, "measuring the \(rows.count) \(part.rawValue) rows of \(path): \(how)")
    }
}

extension Model {
    /// The configuration the model was trained with, from its training record, when it has one.
    public var trainingConfiguration: RunConfiguration? {
        guard let record = extra.first(where: { $0.key == "training" })?.value["configuration"] else { return nil }
        return try? RunConfiguration(json: record)
    }
}
