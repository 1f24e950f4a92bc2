/// A point in data coordinates, or in pixels once a plot has mapped it.
public struct PlotPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public var isFinite: Bool { x.isFinite && y.isFinite }
}

extension PlotPoint {
    /// Points from parallel coordinate arrays; the shorter array decides the count.
    public static func zip(_ x: [Double], _ y: [Double]) -> [PlotPoint] {
        Swift.zip(x, y).map { PlotPoint($0, $1) }
    }
}
