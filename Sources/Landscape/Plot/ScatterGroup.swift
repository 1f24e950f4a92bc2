/// Points that belong together in a scatter plot, such as the per-seed results of one configuration.
public struct ScatterGroup: Sendable {
    public var name: String
    public var points: [PlotPoint]
    /// Nil takes the palette colour of the group's position in the plot.
    public var color: Color?
    /// Nil takes the shape of the group's position in the plot.
    public var shape: MarkerShape?

    public init(_ name: String, points: [PlotPoint], color: Color? = nil, shape: MarkerShape? = nil) {
        self.name = name
        self.points = points
        self.color = color
        self.shape = shape
    }

    /// Mean and sample standard deviation of the finite points, per coordinate; nil without any.
    /// A single point has zero spread.
    public var summary: (mean: PlotPoint, sd: PlotPoint)? {
        let finite = points.filter(\.isFinite)
        guard !finite.isEmpty else { return nil }
        let n = Double(finite.count)
        let mean = PlotPoint(finite.map(\.x).reduce(0, +) / n, finite.map(\.y).reduce(0, +) / n)
        guard finite.count > 1 else { return (mean, PlotPoint(0, 0)) }
        let vx = finite.map { ($0.x - mean.x) * ($0.x - mean.x) }.reduce(0, +) / (n - 1)
        let vy = finite.map { ($0.y - mean.y) * ($0.y - mean.y) }.reduce(0, +) / (n - 1)
        return (mean, PlotPoint(vx.squareRoot(), vy.squareRoot()))
    }
}
