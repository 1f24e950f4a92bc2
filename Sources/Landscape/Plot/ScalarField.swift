/// Samples of a function of two variables on a regular grid: `values[i][j]` is the value at
/// (x_i, y_j), with i running along x over `x` and j along y over `y`, both ends included.
/// The grid need not be square.
public struct ScalarField: Sendable {
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let values: [[Double]]

    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, values: [[Double]]) {
        precondition(x.lowerBound < x.upperBound && y.lowerBound < y.upperBound, "a field needs non-empty finite ranges")
        precondition(values.count >= 2 && values[0].count >= 2, "a field needs at least 2 × 2 samples")
        precondition(values.allSatisfy { $0.count == values[0].count }, "every column of a field has the same length")
        self.x = x
        self.y = y
        self.values = values
    }

    /// `function` sampled at `xCount × yCount` evenly spaced points.
    public init(x: ClosedRange<Double>, y: ClosedRange<Double>, xCount: Int, yCount: Int, function: (Double, Double) -> Double) {
        precondition(xCount >= 2 && yCount >= 2, "a field needs at least 2 × 2 samples")
        let xs = (0..<xCount).map { Self.coordinate($0, count: xCount, range: x) }
        let ys = (0..<yCount).map { Self.coordinate($0, count: yCount, range: y) }
        self.init(x: x, y: y, values: xs.map { xi in ys.map { yj in function(xi, yj) } })
    }

    /// Samples along x.
    public var xCount: Int { values.count }
    /// Samples along y.
    public var yCount: Int { values[0].count }

    public func xCoordinate(_ i: Int) -> Double { Self.coordinate(i, count: xCount, range: x) }
    public func yCoordinate(_ j: Int) -> Double { Self.coordinate(j, count: yCount, range: y) }

    /// The same grid with every value transformed.
    public func mapValues(_ transform: (Double) -> Double) -> ScalarField {
        ScalarField(x: x, y: y, values: values.map { $0.map(transform) })
    }

    /// Interpolating from both ends so the last sample lands exactly on the upper bound.
    private static func coordinate(_ index: Int, count: Int, range: ClosedRange<Double>) -> Double {
        let t = Double(index) / Double(count - 1)
        return range.lowerBound * (1 - t) + range.upperBound * t
    }
}
