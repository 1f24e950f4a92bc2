/// `x′ = (x − mean) / std`, elementwise and exactly that, before the first layer (`docs/FORMATS.md#model-files`).
/// It belongs to a model but is not a parameter: nothing differentiates through it.
public struct InputTransform: Equatable, Sendable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        precondition(mean.count == std.count, "input transform: mean and std differ in length")
        self.mean = mean
        self.std = std
    }

    /// Mean and population standard deviation (ddof 0) of each column; a deviation of 0 becomes 1.
    public static func standardizing(_ features: Matrix<Double>) -> InputTransform {
        let n = Double(features.rows)
        var mean = [Double](repeating: 0, count: features.cols)
        var std = [Double](repeating: 0, count: features.cols)
        for r in 0..<features.rows { for c in 0..<features.cols { mean[c] += features[r, c] } }
        for c in mean.indices { mean[c] /= n }
        for r in 0..<features.rows {
            for c in 0..<features.cols {
                let d = features[r, c] - mean[c]
                std[c] += d * d
            }
        }
        for c in std.indices {
            std[c] = (std[c] / n).squareRoot()
            if std[c] == 0 { std[c] = 1 }
        }
        return InputTransform(mean: mean, std: std)
    }

    public func apply(to features: Matrix<Double>) -> Matrix<Double> {
        precondition(features.cols == mean.count, "input transform width")
        let cols = features.cols
        return Matrix(rows: features.rows, cols: cols) { out in
            for r in 0..<features.rows {
                for c in 0..<cols { out[r * cols + c] = (features.elements[r * cols + c] - mean[c]) / std[c] }
            }
        }
    }
}
