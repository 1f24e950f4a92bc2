/// The training objective on the last layer's outputs (`docs/FORMATS.md#numerical-conventions`).
public enum Loss: String, CaseIterable, Sendable {
    /// Mean over rows of `logsumexp(z) − z[label]`; the labels are class indices.
    case crossEntropy = "cross-entropy"
    /// Mean over all elements of `(prediction − target)²`, with no ½; one output per label column.
    case meanSquaredError = "mse"

    /// The name in a model file's `output` key.
    public var fileName: String {
        switch self {
        case .crossEntropy: return "softmax-cross-entropy"
        case .meanSquaredError: return "mse"
        }
    }

    public init?(fileName: String) {
        guard let loss = Loss.allCases.first(where: { $0.fileName == fileName }) else { return nil }
        self = loss
    }

    /// Whether targets are class indices (and accuracy is defined).
    public var isClassification: Bool { self == .crossEntropy }
}
