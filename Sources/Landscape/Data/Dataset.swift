/// A table of examples read from a CSV file (`docs/FORMATS.md#data-files-csv`): real features and a `label` column.
public struct Dataset: Sendable {
    /// Where the rows came from, for messages.
    public var source: String
    public var featureNames: [String]
    /// One row per example, features in file order.
    public var features: Matrix<Double>
    /// The `label` column as read.
    public var labels: [Double]
    /// The file line of each row, for messages.
    public var lines: [Int]

    public init(source: String, featureNames: [String], features: Matrix<Double>, labels: [Double], lines: [Int]? = nil) {
        precondition(features.rows == labels.count && features.cols == featureNames.count, "dataset shape")
        self.source = source
        self.featureNames = featureNames
        self.features = features
        self.labels = labels
        self.lines = lines ?? Array((0..<labels.count).map { $0 + 2 })
    }

    public var count: Int { labels.count }
    public var featureCount: Int { features.cols }

    /// Reads a CSV file; see `init(csv:source:)`.
    public static func load(_ path: String) throws -> Dataset {
        try Dataset(csv: try Files.read(path), source: path)
    }

    /// Rows `indices`, in that order.
    public func rows(_ indices: [Int]) -> Dataset {
        Dataset(source: source, featureNames: featureNames, features: features.gatheringRows(indices),
                labels: indices.map { labels[$0] }, lines: indices.map { lines[$0] })
    }

    /// Largest class index this tool accepts; a label above it is almost surely not a class.
    public static let maximumClassIndex = 65_535

    /// The labels as class indices `0..<C`, refusing any that is not a non-negative integer.
    public func classLabels() throws -> [Int] {
        try labels.enumerated().map { row, value in
            guard value >= 0, value == value.rounded(), value <= Double(Dataset.maximumClassIndex) else {
                throw LandscapeError.invalidInput(
                    "\(source) line \(lines[row]) column 'label': '\(value)' is not a class index (an integer 0..\(Dataset.maximumClassIndex))")
            }
            return Int(value)
        }
    }

    /// The number of classes, one more than the largest class index.
    public func classCount() throws -> Int { (try classLabels().max() ?? -1) + 1 }

    /// The targets for `loss`, in precision `T`.
    public func targets<T: Real>(for loss: Loss, as: T.Type = T.self) throws -> Targets<T> {
        switch loss {
        case .crossEntropy: return .classes(try classLabels())
        case .meanSquaredError: return .values(Matrix(rows: count, cols: 1, elements: labels.map { T($0) }))
        }
    }

    /// Features passed through `transform` (if any) and converted to `T`, with targets for `loss`.
    public func batch<T: Real>(for loss: Loss, transform: InputTransform?, as: T.Type = T.self) throws -> Batch<T> {
        let inputs = transform.map { $0.apply(to: features) } ?? features
        return Batch(inputs: inputs.converted(), targets: try targets(for: loss))
    }
}
