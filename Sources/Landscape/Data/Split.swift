/// How a dataset is divided into training and test rows
/// (`docs/FORMATS.md#numerical-conventions`).
public enum Split: Equatable, Sendable, CustomStringConvertible {
    /// All rows train; no test set (written `none`).
    case whole
    /// `file:N`: the first `N` rows train, the rest test, in file order.
    case firstRows(Int)
    /// `F` with 0 < F < 1: a seeded shuffle within each class, `F` of every class for training.
    case fraction(Double)

    /// Parses `file:N`, a fraction, or `none`; errors say what is wrong without repeating the text,
    /// which the caller names.
    public init(parsing text: String) throws {
        if text == "none" {
            self = .whole
        } else if text.hasPrefix("file:") {
            guard let n = Int(text.dropFirst(5)), n > 0 else {
                throw LandscapeError.invalidInput("expected file:N with N a positive row count")
            }
            self = .firstRows(n)
        } else {
            guard let f = NumberText.finite(text), f > 0, f < 1 else {
                throw LandscapeError.invalidInput("expected file:N or a fraction strictly between 0 and 1")
            }
            self = .fraction(f)
        }
    }

    /// The form `init(parsing:)` reads: `none`, `file:N` or the fraction.
    public var description: String {
        switch self {
        case .whole: "none"
        case .firstRows(let n): "file:\(n)"
        case .fraction(let f): "\(f)"
        }
    }

    /// The training and test rows of `dataset`; for a fraction, stratified by class when `stratify`
    /// (classification) and shuffled with `seed`. Both parts keep file order.
    public func apply(to dataset: Dataset, seed: UInt64, stratify: Bool) throws -> (train: Dataset, test: Dataset?) {
        switch self {
        case .whole:
            return (dataset, nil)
        case .firstRows(let n):
            guard n < dataset.count else {
                throw LandscapeError.invalidInput(
                    "the split file:\(n): \(dataset.source) has \(dataset.count) rows, so no test rows would remain")
            }
            return (dataset.rows(Array(0..<n)), dataset.rows(Array(n..<dataset.count)))
        case .fraction(let f):
            var random = RandomSource(seed: seed, stream: .split)
            var groups: [[Int]]
            if stratify {
                let labels = try dataset.classLabels()
                var byClass: [Int: [Int]] = [:]
                for (row, label) in labels.enumerated() { byClass[label, default: []].append(row) }
                groups = byClass.keys.sorted().map { byClass[$0]! }
            } else {
                groups = [Array(0..<dataset.count)]
            }
            var train: [Int] = [], test: [Int] = []
            for i in groups.indices {
                random.shuffle(&groups[i])
                let k = Int((f * Double(groups[i].count)).rounded())
                train += groups[i][..<k]
                test += groups[i][k...]
            }
            guard !train.isEmpty, !test.isEmpty else {
                throw LandscapeError.invalidInput(
                    "the split \(f): \(dataset.source) has \(dataset.count) rows, too few for a training and a test part")
            }
            return (dataset.rows(train.sorted()), dataset.rows(test.sorted()))
        }
    }
}
